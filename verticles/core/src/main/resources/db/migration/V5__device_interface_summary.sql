-- The device's NICs as a JSON array, kept beside the device row so that a page of devices is one
-- indexed read. device_interfaces stays the source of truth (unique MACs, lookups by MAC, speeds);
-- every write of a device's NICs rewrites this summary in the same transaction. NULL means "not
-- summarised": rows written before this column existed are read from device_interfaces instead.
ALTER TABLE devices ADD COLUMN interfaces_json MEDIUMTEXT;
