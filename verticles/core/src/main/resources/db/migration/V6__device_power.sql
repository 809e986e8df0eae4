-- The power state the room's driver reports (devices.power_state) with since when it has held
-- (power_since: the first reading, or the change; NULL while the device is not watched) and when the latest report
-- was made (power_seen_at, which orders reports that arrive out of order). Written by central from
-- the driver's events; never by a user, and without touching updated_at or version (an observed
-- state is not an edit).
ALTER TABLE devices ADD COLUMN power_since DATETIME(3);
ALTER TABLE devices ADD COLUMN power_seen_at DATETIME(3);
