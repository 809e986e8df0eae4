-- The RAID level an instance's data volume is built at (NULL: no data volume RAID); the system
-- volume's stays in system_raid_id. Partitions already say which volume they are on (volume_type).
ALTER TABLE instances ADD COLUMN data_raid_id VARCHAR(40);
