-- Merchant state: orders, payment attempts and received notifications.
-- Plain SQL that runs on SQLite and PostgreSQL alike.

CREATE TABLE orders (
    order_ref        TEXT PRIMARY KEY,
    product          TEXT NOT NULL,
    description      TEXT NOT NULL,
    currency         TEXT NOT NULL,
    amount_minor     BIGINT NOT NULL,
    user_region      TEXT,
    -- OPEN, PAID or CLOSED; EXPIRED is derived from expires_at_ms.
    status           TEXT NOT NULL,
    paid_payment_ref TEXT,
    created_at_ms    BIGINT NOT NULL,
    expires_at_ms    BIGINT NOT NULL,
    updated_at_ms    BIGINT NOT NULL
);

CREATE TABLE payments (
    payment_ref          TEXT PRIMARY KEY,
    order_ref            TEXT NOT NULL REFERENCES orders (order_ref),
    -- The AMS paymentRequestId of this attempt (one per attempt).
    payment_request_id   TEXT NOT NULL UNIQUE,
    payment_method_type  TEXT NOT NULL,
    currency             TEXT NOT NULL,
    amount_minor         BIGINT NOT NULL,
    -- PROCESSING, PENDING, SUCCESS, FAIL or CANCELLED; the last three never change.
    status               TEXT NOT NULL,
    ams_payment_id       TEXT,
    continuation_json    TEXT NOT NULL DEFAULT '{}',
    result_code          TEXT,
    result_message       TEXT,
    payment_time         TEXT,
    expires_at_ms        BIGINT,
    created_at_ms        BIGINT NOT NULL,
    updated_at_ms        BIGINT NOT NULL
);

CREATE INDEX payments_by_order ON payments (order_ref, created_at_ms);

CREATE TABLE notifications (
    id                  TEXT PRIMARY KEY,
    received_at_ms      BIGINT NOT NULL,
    payment_request_id  TEXT,
    ams_payment_id      TEXT,
    notify_type         TEXT,
    result_status       TEXT,
    verified            BOOLEAN NOT NULL,
    -- What was done with it: APPLIED, IGNORED_FINAL, UNKNOWN_PAYMENT, AMOUNT_MISMATCH, ...
    outcome             TEXT NOT NULL,
    body                TEXT NOT NULL
);

CREATE INDEX notifications_by_request ON notifications (payment_request_id);
