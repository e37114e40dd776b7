-- The notifier's claim on a notification: only the sender holding it records the outcome.
ALTER TABLE sandbox_notifications ADD COLUMN claimed_by TEXT;
