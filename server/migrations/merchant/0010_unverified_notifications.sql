-- Unsigned (or wrongly signed) notifications are kept only as a bounded, recent sample: this
-- index makes trimming them to the newest few cheap.
CREATE INDEX notifications_unverified ON notifications (verified, received_at_ms);
