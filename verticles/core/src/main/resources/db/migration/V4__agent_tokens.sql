-- Tokens agents prove themselves with. A LiveOS token is issued per install attempt, goes into
-- the boot config, and can be used for one check-in only: the check-in trades it for a session
-- (session_hash) that lets the agent read its own device's commands and report for that device
-- alone. A guest token is written into the installed OS and lets it confirm each boot. Only
-- SHA-256 hashes are kept; the clear tokens exist only on the wire and in the machine.
CREATE TABLE agent_tokens (
  id            VARCHAR(40) NOT NULL PRIMARY KEY,
  kind          VARCHAR(16) NOT NULL,
  device_id     VARCHAR(40) NOT NULL,
  task_id       VARCHAR(40),
  instance_id   VARCHAR(40),
  token_hash    CHAR(64)    NOT NULL,
  session_hash  CHAR(64),
  state         VARCHAR(16) NOT NULL,
  checkins      INT         NOT NULL DEFAULT 0,
  created_at    DATETIME(3) NOT NULL,
  checked_in_at DATETIME(3),
  expires_at    DATETIME(3) NOT NULL,
  CONSTRAINT uk_agent_tokens_hash UNIQUE (token_hash),
  CONSTRAINT fk_agent_tokens_device FOREIGN KEY (device_id) REFERENCES devices (id) ON DELETE CASCADE
);
CREATE INDEX ix_agent_tokens_session ON agent_tokens (session_hash);
CREATE INDEX ix_agent_tokens_device ON agent_tokens (device_id, kind, state);
CREATE INDEX ix_agent_tokens_task ON agent_tokens (task_id);
