-- The AMS sandbox's own state ("Alipay's side"), kept apart from the merchant's.

CREATE TABLE sandbox_payments (
    payment_id           TEXT PRIMARY KEY,
    client_id            TEXT NOT NULL,
    payment_request_id   TEXT NOT NULL,
    -- The pay request as received, for the idempotency check, and the answer given.
    request_json         TEXT NOT NULL,
    response_json        TEXT NOT NULL,
    payment_method_type  TEXT NOT NULL,
    currency             TEXT NOT NULL,
    amount_minor         BIGINT NOT NULL,
    reference_order_id   TEXT NOT NULL,
    order_description    TEXT NOT NULL,
    -- PROCESSING, PENDING, SUCCESS, FAIL or CANCELLED.
    status               TEXT NOT NULL,
    result_code          TEXT,
    result_message       TEXT,
    redirect_url         TEXT,
    notify_url           TEXT,
    create_time          TEXT NOT NULL,
    payment_time         TEXT,
    created_at_ms        BIGINT NOT NULL,
    expires_at_ms        BIGINT NOT NULL,
    updated_at_ms        BIGINT NOT NULL,
    UNIQUE (client_id, payment_request_id)
);

CREATE INDEX sandbox_payments_open ON sandbox_payments (status, expires_at_ms);

CREATE TABLE sandbox_notifications (
    id                  TEXT PRIMARY KEY,
    payment_id          TEXT NOT NULL,
    client_id           TEXT NOT NULL,
    url                 TEXT NOT NULL,
    body                TEXT NOT NULL,
    -- PENDING, DELIVERED or GAVE_UP.
    state               TEXT NOT NULL,
    attempts            INTEGER NOT NULL,
    next_attempt_at_ms  BIGINT NOT NULL,
    last_error          TEXT,
    created_at_ms       BIGINT NOT NULL,
    updated_at_ms       BIGINT NOT NULL
);

CREATE INDEX sandbox_notifications_due ON sandbox_notifications (state, next_attempt_at_ms);

CREATE TABLE sandbox_merchants (
    client_id      TEXT PRIMARY KEY,
    public_key     TEXT NOT NULL,
    created_at_ms  BIGINT NOT NULL
);
