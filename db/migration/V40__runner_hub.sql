-- The hub a runner last registered or heartbeat through (issue #17, failover): several hubs share one store, and a runner moves to
-- another hub when its hub stops answering. NULL for runners registered before V40.
ALTER TABLE runners ADD COLUMN hub_id TEXT;
