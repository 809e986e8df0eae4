-- Indexes that serve the lists' default order (newest first, ties by id) under their usual
-- filters, so a page is read from the index instead of sorting every matching row (100,000
-- devices). They are declared descending, matching ORDER BY created_at DESC, id DESC exactly:
-- H2 uses an index for ORDER BY only then (MariaDB 10.8+ and MySQL 8 keep descending indexes too).
-- The older (room_id, state) and (device_type_id, state) indexes are prefixes of these: dropped,
-- or H2 picks them and sorts.
CREATE INDEX ix_devices_room_state_created ON devices (room_id, state, alive, created_at DESC, id DESC);
CREATE INDEX ix_devices_type_state_created ON devices (device_type_id, state, alive, created_at DESC, id DESC);
CREATE INDEX ix_devices_alive_created ON devices (alive, created_at DESC, id DESC);
CREATE INDEX ix_instances_alive_created ON instances (alive, created_at DESC, id DESC);
CREATE INDEX ix_instances_project_created ON instances (project_id, alive, created_at DESC, id DESC);
CREATE INDEX ix_tasks_instance_created ON tasks (instance_id, created_at DESC, id DESC);
CREATE INDEX ix_tasks_device_created ON tasks (device_id, created_at DESC, id DESC);
-- Dropped after the new ones exist: MariaDB needs an index on room_id for its foreign key at every moment.
ALTER TABLE devices DROP INDEX ix_devices_room_state;
ALTER TABLE devices DROP INDEX ix_devices_type_state;
