-- BMP schema, version 1: the whole platform's domain (DESIGN.md section 5; the seed's 37 tables
-- without their dead SDN, license and SMS parts). The same file runs on MariaDB/MySQL 8 and on
-- H2 in MySQL mode, so it keeps to the SQL both accept.
--
-- Conventions
--  * ids are application-made prefixed strings ("d-…", "bmp-…"), so no generated keys are needed;
--  * times are DATETIME(3) in UTC;
--  * rows that are soft-deleted carry deleted_at and "alive" (1 while live, NULL once deleted or
--    retired): a unique key that includes alive holds among live rows only, because NULLs never
--    collide in a unique key on either database;
--  * version is an optimistic-lock counter on rows that several writers change.

CREATE TABLE rooms (
  id                  VARCHAR(40)  NOT NULL PRIMARY KEY,
  name                VARCHAR(128) NOT NULL,
  name_en             VARCHAR(128),
  short_name          VARCHAR(32)  NOT NULL,
  level               VARCHAR(32),
  address             VARCHAR(255),
  description         VARCHAR(1024),
  bmc_user            VARCHAR(64),
  bmc_password_enc    VARCHAR(512),
  switch_user         VARCHAR(64),
  switch_password_enc VARCHAR(512),
  created_at          DATETIME(3)  NOT NULL,
  updated_at          DATETIME(3)  NOT NULL,
  deleted_at          DATETIME(3),
  alive               TINYINT      DEFAULT 1,
  version             INT          NOT NULL DEFAULT 0,
  CONSTRAINT uk_rooms_name UNIQUE (name, alive),
  CONSTRAINT uk_rooms_short_name UNIQUE (short_name, alive)
);

CREATE TABLE raid_levels (
  id             VARCHAR(40)  NOT NULL PRIMARY KEY,
  name           VARCHAR(32)  NOT NULL,
  description_en VARCHAR(255),
  description_zh VARCHAR(255),
  min_disks      INT          NOT NULL DEFAULT 1,
  CONSTRAINT uk_raid_levels_name UNIQUE (name)
);

CREATE TABLE device_types (
  id                VARCHAR(40)  NOT NULL PRIMARY KEY,
  room_id           VARCHAR(40)  NOT NULL,
  name              VARCHAR(128) NOT NULL,
  spec_code         VARCHAR(128) NOT NULL,
  series            VARCHAR(16)  NOT NULL,
  architecture      VARCHAR(16)  NOT NULL,
  height_u          INT,
  cpu_manufacturer  VARCHAR(64),
  cpu_model         VARCHAR(128),
  cpu_amount        INT,
  cpu_cores         INT,
  cpu_frequency_mhz INT,
  mem_type          VARCHAR(16),
  mem_size_gb       INT,
  mem_amount        INT,
  mem_frequency_mhz INT,
  nic_amount        INT,
  nic_rate_gbps     INT,
  interface_mode    VARCHAR(16),
  gpu_manufacturer  VARCHAR(64),
  gpu_model         VARCHAR(128),
  gpu_amount        INT,
  boot_modes        VARCHAR(64)  NOT NULL,
  need_raid         BOOLEAN      NOT NULL DEFAULT FALSE,
  description       VARCHAR(1024),
  created_at        DATETIME(3)  NOT NULL,
  updated_at        DATETIME(3)  NOT NULL,
  deleted_at        DATETIME(3),
  alive             TINYINT      DEFAULT 1,
  version           INT          NOT NULL DEFAULT 0,
  CONSTRAINT fk_device_types_room FOREIGN KEY (room_id) REFERENCES rooms (id),
  CONSTRAINT uk_device_types_name UNIQUE (room_id, name, alive),
  CONSTRAINT uk_device_types_spec UNIQUE (room_id, spec_code, alive)
);

-- The system and data volumes a device type offers (disk kind, interface, size, count).
CREATE TABLE device_type_volumes (
  id             VARCHAR(40)  NOT NULL PRIMARY KEY,
  device_type_id VARCHAR(40)  NOT NULL,
  name           VARCHAR(64)  NOT NULL,
  volume_type    VARCHAR(16)  NOT NULL,
  disk_type      VARCHAR(16)  NOT NULL,
  interface_type VARCHAR(16)  NOT NULL,
  size_gb        INT          NOT NULL,
  amount         INT          NOT NULL,
  ordinal        INT          NOT NULL,
  CONSTRAINT fk_volumes_device_type FOREIGN KEY (device_type_id) REFERENCES device_types (id) ON DELETE CASCADE,
  CONSTRAINT uk_volumes_name UNIQUE (device_type_id, name)
);

-- RAID levels allowed on a volume.
CREATE TABLE volume_raid_levels (
  volume_id VARCHAR(40) NOT NULL,
  raid_id   VARCHAR(40) NOT NULL,
  PRIMARY KEY (volume_id, raid_id),
  CONSTRAINT fk_volume_raid_volume FOREIGN KEY (volume_id) REFERENCES device_type_volumes (id) ON DELETE CASCADE,
  CONSTRAINT fk_volume_raid_raid FOREIGN KEY (raid_id) REFERENCES raid_levels (id)
);

CREATE TABLE devices (
  id               VARCHAR(40)  NOT NULL PRIMARY KEY,
  sn               VARCHAR(64)  NOT NULL,
  room_id          VARCHAR(40)  NOT NULL,
  device_type_id   VARCHAR(40),
  state            VARCHAR(24)  NOT NULL,
  state_reason     VARCHAR(255),
  power_state      VARCHAR(16)  NOT NULL DEFAULT 'unknown',
  cabinet          VARCHAR(64),
  u_position       VARCHAR(16),
  brand            VARCHAR(64),
  model            VARCHAR(128),
  architecture     VARCHAR(16),
  boot_mode        VARCHAR(16),
  bmc_type         VARCHAR(16)  NOT NULL DEFAULT 'ipmi',
  bmc_address      VARCHAR(64)  NOT NULL,
  bmc_port         INT,
  bmc_user         VARCHAR(64),
  bmc_password_enc VARCHAR(512),
  mgmt_ipv4        VARCHAR(15),
  mgmt_mask        VARCHAR(15),
  mgmt_gateway     VARCHAR(15),
  mgmt_ipv6        VARCHAR(45),
  mgmt_gateway6    VARCHAR(45),
  instance_id      VARCHAR(40),
  collect_status   VARCHAR(16)  NOT NULL DEFAULT 'not_collected',
  collect_error    VARCHAR(255),
  description      VARCHAR(1024),
  created_at       DATETIME(3)  NOT NULL,
  updated_at       DATETIME(3)  NOT NULL,
  deleted_at       DATETIME(3),
  alive            TINYINT      DEFAULT 1,
  version          INT          NOT NULL DEFAULT 0,
  CONSTRAINT fk_devices_room FOREIGN KEY (room_id) REFERENCES rooms (id),
  CONSTRAINT fk_devices_device_type FOREIGN KEY (device_type_id) REFERENCES device_types (id),
  CONSTRAINT uk_devices_sn UNIQUE (sn, alive),
  CONSTRAINT uk_devices_bmc_address UNIQUE (bmc_address, alive)
);
CREATE INDEX ix_devices_room_state ON devices (room_id, state);
CREATE INDEX ix_devices_type_state ON devices (device_type_id, state);

-- NICs of a device; the MAC is unique among live devices' NICs.
CREATE TABLE device_interfaces (
  id          VARCHAR(40) NOT NULL PRIMARY KEY,
  device_id   VARCHAR(40) NOT NULL,
  name        VARCHAR(32) NOT NULL,
  mac         VARCHAR(17) NOT NULL,
  role        VARCHAR(16) NOT NULL DEFAULT 'lan',
  nic_index   INT         NOT NULL,
  switch_ip   VARCHAR(45),
  switch_port VARCHAR(64),
  ipv4        VARCHAR(15),
  ipv6        VARCHAR(45),
  speed_mbps  INT,
  bus_info    VARCHAR(64),
  alive       TINYINT     DEFAULT 1,
  CONSTRAINT fk_interfaces_device FOREIGN KEY (device_id) REFERENCES devices (id) ON DELETE CASCADE,
  CONSTRAINT uk_interfaces_mac UNIQUE (mac, alive),
  CONSTRAINT uk_interfaces_name UNIQUE (device_id, name)
);

-- Disks found by hardware collection, and the volume each is assigned to.
CREATE TABLE device_disks (
  id             VARCHAR(40)  NOT NULL PRIMARY KEY,
  device_id      VARCHAR(40)  NOT NULL,
  name           VARCHAR(64)  NOT NULL,
  device_path    VARCHAR(255),
  serial_number  VARCHAR(128),
  size_bytes     BIGINT       NOT NULL,
  disk_type      VARCHAR(16),
  interface_type VARCHAR(16),
  media_type     VARCHAR(16),
  controller     VARCHAR(64),
  enclosure      VARCHAR(16),
  slot           VARCHAR(16),
  volume_id      VARCHAR(40),
  CONSTRAINT fk_disks_device FOREIGN KEY (device_id) REFERENCES devices (id) ON DELETE CASCADE,
  CONSTRAINT fk_disks_volume FOREIGN KEY (volume_id) REFERENCES device_type_volumes (id),
  CONSTRAINT uk_disks_name UNIQUE (device_id, name)
);

CREATE TABLE operating_systems (
  id           VARCHAR(40)  NOT NULL PRIMARY KEY,
  name         VARCHAR(128) NOT NULL,
  os_type      VARCHAR(32)  NOT NULL,
  os_version   VARCHAR(32)  NOT NULL,
  architecture VARCHAR(16)  NOT NULL,
  bits         INT          NOT NULL DEFAULT 64,
  sys_user     VARCHAR(32)  NOT NULL DEFAULT 'root',
  created_at   DATETIME(3)  NOT NULL,
  updated_at   DATETIME(3)  NOT NULL,
  deleted_at   DATETIME(3),
  alive        TINYINT      DEFAULT 1,
  CONSTRAINT uk_os_identity UNIQUE (os_type, os_version, architecture, alive)
);

CREATE TABLE images (
  id                VARCHAR(40)   NOT NULL PRIMARY KEY,
  name              VARCHAR(128)  NOT NULL,
  os_id             VARCHAR(40)   NOT NULL,
  architecture      VARCHAR(16)   NOT NULL,
  boot_modes        VARCHAR(64)   NOT NULL,
  format            VARCHAR(16)   NOT NULL,
  file_name         VARCHAR(255)  NOT NULL,
  url               VARCHAR(1024),
  size_bytes        BIGINT,
  sha256            CHAR(64),
  source            VARCHAR(16)   NOT NULL DEFAULT 'user_defined',
  state             VARCHAR(16)   NOT NULL DEFAULT 'available',
  description       VARCHAR(1024),
  created_at        DATETIME(3)   NOT NULL,
  updated_at        DATETIME(3)   NOT NULL,
  deleted_at        DATETIME(3),
  alive             TINYINT       DEFAULT 1,
  version           INT           NOT NULL DEFAULT 0,
  CONSTRAINT fk_images_os FOREIGN KEY (os_id) REFERENCES operating_systems (id),
  CONSTRAINT uk_images_name UNIQUE (name, alive)
);

CREATE TABLE device_type_images (
  device_type_id VARCHAR(40) NOT NULL,
  image_id       VARCHAR(40) NOT NULL,
  PRIMARY KEY (device_type_id, image_id),
  CONSTRAINT fk_type_images_type FOREIGN KEY (device_type_id) REFERENCES device_types (id) ON DELETE CASCADE,
  CONSTRAINT fk_type_images_image FOREIGN KEY (image_id) REFERENCES images (id)
);

-- Default partition layout of a device type with an image, per boot mode.
CREATE TABLE partition_templates (
  id             VARCHAR(40) NOT NULL PRIMARY KEY,
  device_type_id VARCHAR(40) NOT NULL,
  image_id       VARCHAR(40) NOT NULL,
  boot_mode      VARCHAR(16) NOT NULL,
  ordinal        INT         NOT NULL,
  volume_type    VARCHAR(16) NOT NULL DEFAULT 'system',
  mount_point    VARCHAR(64) NOT NULL,
  fs_type        VARCHAR(16) NOT NULL,
  size_mb        BIGINT      NOT NULL,
  label          VARCHAR(32),
  CONSTRAINT fk_partition_templates_type FOREIGN KEY (device_type_id) REFERENCES device_types (id) ON DELETE CASCADE,
  CONSTRAINT fk_partition_templates_image FOREIGN KEY (image_id) REFERENCES images (id) ON DELETE CASCADE,
  CONSTRAINT uk_partition_templates UNIQUE (device_type_id, image_id, boot_mode, ordinal)
);

CREATE TABLE roles (
  id             VARCHAR(40)  NOT NULL PRIMARY KEY,
  name           VARCHAR(32)  NOT NULL,
  name_zh        VARCHAR(64)  NOT NULL,
  description_en VARCHAR(255),
  description_zh VARCHAR(255),
  built_in       BOOLEAN      NOT NULL DEFAULT FALSE,
  CONSTRAINT uk_roles_name UNIQUE (name)
);

CREATE TABLE users (
  id                 VARCHAR(40)  NOT NULL PRIMARY KEY,
  username           VARCHAR(64)  NOT NULL,
  role_id            VARCHAR(40)  NOT NULL,
  email              VARCHAR(255),
  phone_prefix       VARCHAR(8),
  phone              VARCHAR(32),
  language           VARCHAR(8)   NOT NULL DEFAULT 'en-US',
  timezone           VARCHAR(64)  NOT NULL DEFAULT 'UTC',
  password_hash      VARCHAR(255) NOT NULL,
  default_project_id VARCHAR(40),
  description        VARCHAR(1024),
  last_login_at      DATETIME(3),
  created_at         DATETIME(3)  NOT NULL,
  updated_at         DATETIME(3)  NOT NULL,
  deleted_at         DATETIME(3),
  alive              TINYINT      DEFAULT 1,
  version            INT          NOT NULL DEFAULT 0,
  CONSTRAINT fk_users_role FOREIGN KEY (role_id) REFERENCES roles (id),
  CONSTRAINT uk_users_username UNIQUE (username, alive)
);

CREATE TABLE projects (
  id          VARCHAR(40)  NOT NULL PRIMARY KEY,
  name        VARCHAR(128) NOT NULL,
  owner_id    VARCHAR(40)  NOT NULL,
  is_default  BOOLEAN      NOT NULL DEFAULT FALSE,
  description VARCHAR(1024),
  created_at  DATETIME(3)  NOT NULL,
  updated_at  DATETIME(3)  NOT NULL,
  deleted_at  DATETIME(3),
  alive       TINYINT      DEFAULT 1,
  version     INT          NOT NULL DEFAULT 0,
  CONSTRAINT fk_projects_owner FOREIGN KEY (owner_id) REFERENCES users (id),
  CONSTRAINT uk_projects_name UNIQUE (owner_id, name, alive)
);

ALTER TABLE users ADD CONSTRAINT fk_users_default_project FOREIGN KEY (default_project_id) REFERENCES projects (id);

CREATE TABLE project_shares (
  project_id VARCHAR(40) NOT NULL,
  user_id    VARCHAR(40) NOT NULL,
  permission VARCHAR(8)  NOT NULL,
  created_at DATETIME(3) NOT NULL,
  PRIMARY KEY (project_id, user_id),
  CONSTRAINT fk_shares_project FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE,
  CONSTRAINT fk_shares_user FOREIGN KEY (user_id) REFERENCES users (id)
);

CREATE TABLE ssh_keys (
  id          VARCHAR(40)  NOT NULL PRIMARY KEY,
  user_id     VARCHAR(40)  NOT NULL,
  name        VARCHAR(64)  NOT NULL,
  public_key  VARCHAR(4096) NOT NULL,
  fingerprint VARCHAR(128) NOT NULL,
  created_at  DATETIME(3)  NOT NULL,
  updated_at  DATETIME(3)  NOT NULL,
  deleted_at  DATETIME(3),
  alive       TINYINT      DEFAULT 1,
  CONSTRAINT fk_ssh_keys_user FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT uk_ssh_keys_name UNIQUE (user_id, name, alive)
);

-- API keys are stored as a hash; the key itself is shown once, at creation.
CREATE TABLE api_keys (
  id           VARCHAR(40)  NOT NULL PRIMARY KEY,
  user_id      VARCHAR(40)  NOT NULL,
  name         VARCHAR(64)  NOT NULL,
  key_hash     CHAR(64)     NOT NULL,
  key_prefix   VARCHAR(12)  NOT NULL,
  read_only    BOOLEAN      NOT NULL DEFAULT FALSE,
  last_used_at DATETIME(3),
  created_at   DATETIME(3)  NOT NULL,
  deleted_at   DATETIME(3),
  alive        TINYINT      DEFAULT 1,
  CONSTRAINT fk_api_keys_user FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT uk_api_keys_hash UNIQUE (key_hash),
  CONSTRAINT uk_api_keys_name UNIQUE (user_id, name, alive)
);

CREATE TABLE instances (
  id               VARCHAR(40)  NOT NULL PRIMARY KEY,
  project_id       VARCHAR(40)  NOT NULL,
  user_id          VARCHAR(40)  NOT NULL,
  room_id          VARCHAR(40)  NOT NULL,
  device_id        VARCHAR(40)  NOT NULL,
  device_type_id   VARCHAR(40)  NOT NULL,
  image_id         VARCHAR(40)  NOT NULL,
  name             VARCHAR(128) NOT NULL,
  hostname         VARCHAR(64)  NOT NULL,
  status           VARCHAR(24)  NOT NULL,
  status_reason    VARCHAR(255),
  locked           BOOLEAN      NOT NULL DEFAULT FALSE,
  boot_mode        VARCHAR(16)  NOT NULL,
  system_raid_id   VARCHAR(40),
  description      VARCHAR(1024),
  -- The install password (encrypted) lives only until the install has consumed it.
  secret_enc       VARCHAR(512),
  user_data        MEDIUMTEXT,
  created_at       DATETIME(3)  NOT NULL,
  updated_at       DATETIME(3)  NOT NULL,
  deleted_at       DATETIME(3),
  alive            TINYINT      DEFAULT 1,
  version          INT          NOT NULL DEFAULT 0,
  CONSTRAINT fk_instances_project FOREIGN KEY (project_id) REFERENCES projects (id),
  CONSTRAINT fk_instances_user FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT fk_instances_room FOREIGN KEY (room_id) REFERENCES rooms (id),
  CONSTRAINT fk_instances_device FOREIGN KEY (device_id) REFERENCES devices (id),
  CONSTRAINT fk_instances_device_type FOREIGN KEY (device_type_id) REFERENCES device_types (id),
  CONSTRAINT fk_instances_image FOREIGN KEY (image_id) REFERENCES images (id),
  CONSTRAINT fk_instances_raid FOREIGN KEY (system_raid_id) REFERENCES raid_levels (id),
  -- No device ever carries two live instances: the database refuses a double allocation.
  CONSTRAINT uk_instances_device UNIQUE (device_id, alive)
);
CREATE INDEX ix_instances_project ON instances (project_id, status);

CREATE TABLE instance_partitions (
  id          VARCHAR(40) NOT NULL PRIMARY KEY,
  instance_id VARCHAR(40) NOT NULL,
  ordinal     INT         NOT NULL,
  volume_type VARCHAR(16) NOT NULL DEFAULT 'system',
  mount_point VARCHAR(64) NOT NULL,
  fs_type     VARCHAR(16) NOT NULL,
  size_mb     BIGINT      NOT NULL,
  label       VARCHAR(32),
  CONSTRAINT fk_instance_partitions_instance FOREIGN KEY (instance_id) REFERENCES instances (id) ON DELETE CASCADE,
  CONSTRAINT uk_instance_partitions UNIQUE (instance_id, ordinal)
);

CREATE TABLE instance_volume_raids (
  instance_id VARCHAR(40) NOT NULL,
  volume_id   VARCHAR(40) NOT NULL,
  raid_id     VARCHAR(40) NOT NULL,
  PRIMARY KEY (instance_id, volume_id),
  CONSTRAINT fk_instance_raids_instance FOREIGN KEY (instance_id) REFERENCES instances (id) ON DELETE CASCADE,
  CONSTRAINT fk_instance_raids_volume FOREIGN KEY (volume_id) REFERENCES device_type_volumes (id),
  CONSTRAINT fk_instance_raids_raid FOREIGN KEY (raid_id) REFERENCES raid_levels (id)
);

CREATE TABLE instance_ssh_keys (
  instance_id VARCHAR(40) NOT NULL,
  ssh_key_id  VARCHAR(40) NOT NULL,
  PRIMARY KEY (instance_id, ssh_key_id),
  CONSTRAINT fk_instance_keys_instance FOREIGN KEY (instance_id) REFERENCES instances (id) ON DELETE CASCADE,
  CONSTRAINT fk_instance_keys_key FOREIGN KEY (ssh_key_id) REFERENCES ssh_keys (id)
);

-- A task is one operation on one device (install, reinstall, delete, power, inventory…).
-- active is 1 while the task is pending or running and NULL after: one active task per device.
CREATE TABLE tasks (
  id            VARCHAR(40)  NOT NULL PRIMARY KEY,
  kind          VARCHAR(32)  NOT NULL,
  device_id     VARCHAR(40)  NOT NULL,
  instance_id   VARCHAR(40),
  state         VARCHAR(16)  NOT NULL,
  active        TINYINT      DEFAULT 1,
  current_step  INT          NOT NULL DEFAULT 0,
  requested_by  VARCHAR(40),
  params        MEDIUMTEXT,
  error_code    VARCHAR(48),
  error_message VARCHAR(1024),
  created_at    DATETIME(3)  NOT NULL,
  started_at    DATETIME(3),
  finished_at   DATETIME(3),
  updated_at    DATETIME(3)  NOT NULL,
  version       INT          NOT NULL DEFAULT 0,
  CONSTRAINT fk_tasks_device FOREIGN KEY (device_id) REFERENCES devices (id),
  CONSTRAINT fk_tasks_instance FOREIGN KEY (instance_id) REFERENCES instances (id),
  CONSTRAINT uk_tasks_active_device UNIQUE (device_id, active)
);
CREATE INDEX ix_tasks_state ON tasks (state);
CREATE INDEX ix_tasks_instance ON tasks (instance_id);

CREATE TABLE task_steps (
  id             VARCHAR(40)  NOT NULL PRIMARY KEY,
  task_id        VARCHAR(40)  NOT NULL,
  ordinal        INT          NOT NULL,
  kind           VARCHAR(48)  NOT NULL,
  state          VARCHAR(16)  NOT NULL,
  attempts       INT          NOT NULL DEFAULT 0,
  max_attempts   INT          NOT NULL,
  timeout_ms     BIGINT       NOT NULL,
  deadline_at    DATETIME(3),
  started_at     DATETIME(3),
  finished_at    DATETIME(3),
  progress_done  BIGINT,
  progress_total BIGINT,
  error_code     VARCHAR(48),
  error_message  VARCHAR(1024),
  result         MEDIUMTEXT,
  version        INT          NOT NULL DEFAULT 0,
  CONSTRAINT fk_steps_task FOREIGN KEY (task_id) REFERENCES tasks (id) ON DELETE CASCADE,
  CONSTRAINT uk_steps_ordinal UNIQUE (task_id, ordinal)
);

CREATE TABLE audit_logs (
  id          VARCHAR(40)  NOT NULL PRIMARY KEY,
  occurred_at DATETIME(3)  NOT NULL,
  user_id     VARCHAR(40),
  username    VARCHAR(64),
  operation   VARCHAR(64)  NOT NULL,
  target_type VARCHAR(32),
  target_id   VARCHAR(40),
  device_sn   VARCHAR(64),
  result      VARCHAR(16)  NOT NULL,
  error_code  VARCHAR(48),
  detail      VARCHAR(1024),
  request_id  VARCHAR(64),
  source_ip   VARCHAR(45)
);
CREATE INDEX ix_audit_time ON audit_logs (occurred_at);
CREATE INDEX ix_audit_user ON audit_logs (user_id, occurred_at);
CREATE INDEX ix_audit_target ON audit_logs (target_id);

-- In-site notifications.
CREATE TABLE messages (
  id            VARCHAR(40)  NOT NULL PRIMARY KEY,
  user_id       VARCHAR(40)  NOT NULL,
  message_type  VARCHAR(24)  NOT NULL,
  sub_type      VARCHAR(64),
  title         VARCHAR(255) NOT NULL,
  content       MEDIUMTEXT,
  resource_type VARCHAR(32),
  resource_id   VARCHAR(40),
  is_read       BOOLEAN      NOT NULL DEFAULT FALSE,
  created_at    DATETIME(3)  NOT NULL,
  read_at       DATETIME(3),
  deleted_at    DATETIME(3),
  CONSTRAINT fk_messages_user FOREIGN KEY (user_id) REFERENCES users (id)
);
CREATE INDEX ix_messages_user ON messages (user_id, is_read, created_at);

-- SMTP settings for e-mail notifications (one row).
CREATE TABLE mail_settings (
  id                VARCHAR(40)  NOT NULL PRIMARY KEY,
  server_host       VARCHAR(255) NOT NULL,
  server_port       INT          NOT NULL,
  sender            VARCHAR(255) NOT NULL,
  password_enc      VARCHAR(512),
  push_enabled      BOOLEAN      NOT NULL DEFAULT FALSE,
  updated_at        DATETIME(3)  NOT NULL
);

CREATE TABLE alert_rules (
  id          VARCHAR(40)  NOT NULL PRIMARY KEY,
  user_id     VARCHAR(40)  NOT NULL,
  project_id  VARCHAR(40),
  name        VARCHAR(128) NOT NULL,
  dimension   VARCHAR(16)  NOT NULL,
  resource    VARCHAR(16)  NOT NULL DEFAULT 'instance',
  device_tag  VARCHAR(128),
  triggers    MEDIUMTEXT   NOT NULL,
  notice      MEDIUMTEXT   NOT NULL,
  enabled     BOOLEAN      NOT NULL DEFAULT TRUE,
  status      VARCHAR(16)  NOT NULL DEFAULT 'normal',
  created_at  DATETIME(3)  NOT NULL,
  updated_at  DATETIME(3)  NOT NULL,
  deleted_at  DATETIME(3),
  alive       TINYINT      DEFAULT 1,
  version     INT          NOT NULL DEFAULT 0,
  CONSTRAINT fk_alert_rules_user FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT fk_alert_rules_project FOREIGN KEY (project_id) REFERENCES projects (id),
  CONSTRAINT uk_alert_rules_name UNIQUE (user_id, name, alive)
);

CREATE TABLE alert_rule_instances (
  rule_id     VARCHAR(40) NOT NULL,
  instance_id VARCHAR(40) NOT NULL,
  PRIMARY KEY (rule_id, instance_id),
  CONSTRAINT fk_rule_instances_rule FOREIGN KEY (rule_id) REFERENCES alert_rules (id) ON DELETE CASCADE,
  CONSTRAINT fk_rule_instances_instance FOREIGN KEY (instance_id) REFERENCES instances (id)
);

CREATE TABLE alerts (
  id           VARCHAR(40)  NOT NULL PRIMARY KEY,
  rule_id      VARCHAR(40),
  instance_id  VARCHAR(40),
  user_id      VARCHAR(40),
  project_id   VARCHAR(40),
  fingerprint  VARCHAR(64)  NOT NULL,
  metric       VARCHAR(64),
  device_tag   VARCHAR(128),
  trigger_text VARCHAR(255),
  alert_value  DOUBLE,
  alert_level  INT          NOT NULL,
  started_at   DATETIME(3)  NOT NULL,
  recovered_at DATETIME(3),
  created_at   DATETIME(3)  NOT NULL,
  CONSTRAINT fk_alerts_rule FOREIGN KEY (rule_id) REFERENCES alert_rules (id),
  CONSTRAINT fk_alerts_instance FOREIGN KEY (instance_id) REFERENCES instances (id),
  CONSTRAINT uk_alerts_fingerprint UNIQUE (fingerprint, started_at)
);
CREATE INDEX ix_alerts_time ON alerts (started_at);

-- Rules that turn BMC event-log (SEL) entries into faults.
CREATE TABLE fault_rules (
  id               VARCHAR(40)  NOT NULL PRIMARY KEY,
  name             VARCHAR(128) NOT NULL,
  part             VARCHAR(32)  NOT NULL,
  fault_type       VARCHAR(64)  NOT NULL,
  sensor_type      VARCHAR(64)  NOT NULL,
  event_pattern    VARCHAR(255) NOT NULL,
  level            VARCHAR(16)  NOT NULL,
  description      VARCHAR(1024),
  push_enabled     BOOLEAN      NOT NULL DEFAULT TRUE,
  enabled          BOOLEAN      NOT NULL DEFAULT TRUE,
  built_in         BOOLEAN      NOT NULL DEFAULT FALSE,
  CONSTRAINT uk_fault_rules_name UNIQUE (name)
);

-- BMC event-log entries, de-duplicated per device and record id.
CREATE TABLE sel_events (
  id            VARCHAR(40)  NOT NULL PRIMARY KEY,
  device_id     VARCHAR(40)  NOT NULL,
  record_id     INT          NOT NULL,
  event_time    DATETIME(3),
  sensor_type   VARCHAR(64),
  sensor_name   VARCHAR(64),
  event_text    VARCHAR(255) NOT NULL,
  fault_rule_id VARCHAR(40),
  level         VARCHAR(16),
  handled       BOOLEAN      NOT NULL DEFAULT FALSE,
  collected_at  DATETIME(3)  NOT NULL,
  CONSTRAINT fk_sel_device FOREIGN KEY (device_id) REFERENCES devices (id),
  CONSTRAINT fk_sel_rule FOREIGN KEY (fault_rule_id) REFERENCES fault_rules (id),
  CONSTRAINT uk_sel_record UNIQUE (device_id, record_id, event_time)
);
