-- Cancellation time of a payment, and refunds.

ALTER TABLE sandbox_payments ADD COLUMN cancel_time TEXT;

CREATE TABLE sandbox_refunds (
    refund_id          TEXT PRIMARY KEY,
    client_id          TEXT NOT NULL,
    refund_request_id  TEXT NOT NULL,
    payment_id         TEXT NOT NULL,
    request_json       TEXT NOT NULL,
    response_json      TEXT NOT NULL,
    currency           TEXT NOT NULL,
    amount_minor       BIGINT NOT NULL,
    created_at_ms      BIGINT NOT NULL,
    UNIQUE (client_id, refund_request_id)
);

CREATE INDEX sandbox_refunds_by_payment ON sandbox_refunds (payment_id);
