-- Leases, so background work and AMS calls are safe on several servers: a row is claimed
-- (claimant id, lease end) by a conditional UPDATE before its AMS call is made; a killed
-- server's lease runs out and another server picks the work up.

-- A start of a new attempt, serialized per order.
ALTER TABLE orders ADD COLUMN start_by TEXT;
ALTER TABLE orders ADD COLUMN start_until_ms BIGINT;

-- Any AMS call about one attempt (pay, inquiry, cancel).
ALTER TABLE payments ADD COLUMN call_by TEXT;
ALTER TABLE payments ADD COLUMN call_until_ms BIGINT;

-- The refund sender's claim, and when to try a transient failure again.
ALTER TABLE refunds ADD COLUMN claimed_by TEXT;
ALTER TABLE refunds ADD COLUMN lease_until_ms BIGINT;
ALTER TABLE refunds ADD COLUMN next_attempt_at_ms BIGINT NOT NULL DEFAULT 0;

CREATE INDEX payments_open ON payments (status, updated_at_ms);
