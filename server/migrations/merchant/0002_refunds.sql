-- Refunds the merchant asked AMS for (e.g. an order paid twice), retried until AMS answers.

CREATE TABLE refunds (
    refund_request_id  TEXT PRIMARY KEY,
    payment_ref        TEXT NOT NULL REFERENCES payments (payment_ref),
    ams_payment_id     TEXT NOT NULL,
    currency           TEXT NOT NULL,
    amount_minor       BIGINT NOT NULL,
    reason             TEXT NOT NULL,
    -- REQUESTED (to send or resend), SUCCESS or FAILED.
    status             TEXT NOT NULL,
    refund_id          TEXT,
    result_code        TEXT,
    result_message     TEXT,
    attempts           INTEGER NOT NULL,
    created_at_ms      BIGINT NOT NULL,
    updated_at_ms      BIGINT NOT NULL
);

CREATE INDEX refunds_by_status ON refunds (status);
