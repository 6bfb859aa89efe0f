-- One schema for H2 (embedded default) and PostgreSQL: only SQL both understand.

-- The head of the hash chain. Appending locks this row, which orders every append across replicas.
CREATE TABLE audit_chain (
    id        INTEGER PRIMARY KEY,
    last_seq  BIGINT NOT NULL,
    last_hash VARCHAR(64) NOT NULL
);
INSERT INTO audit_chain (id, last_seq, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Append-only: the service inserts; only the retention job deletes, oldest first, and records that it did.
CREATE TABLE audit_record (
    seq             BIGINT PRIMARY KEY,
    id              VARCHAR(36) NOT NULL UNIQUE,
    kind            VARCHAR(32) NOT NULL,
    recorded_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    caller          VARCHAR(255) NOT NULL,
    incident_id     VARCHAR(36),
    incident_change VARCHAR(16),
    service         VARCHAR(253),
    severity        VARCHAR(2),
    incident_type   VARCHAR(40),
    body            TEXT NOT NULL,
    prev_hash       VARCHAR(64) NOT NULL,
    hash            VARCHAR(64) NOT NULL
);
CREATE INDEX audit_record_kind_seq ON audit_record (kind, seq);
CREATE INDEX audit_record_incident_seq ON audit_record (incident_id, seq);
CREATE INDEX audit_record_recorded_at ON audit_record (recorded_at);

-- open_key equals dedup_key until the incident is resolved, then NULL: at most one open incident per key.
CREATE TABLE incident (
    id                   VARCHAR(36) PRIMARY KEY,
    dedup_key            VARCHAR(512) NOT NULL,
    open_key             VARCHAR(512) UNIQUE,
    status               VARCHAR(16) NOT NULL,
    service              VARCHAR(253) NOT NULL,
    namespace            VARCHAR(63) NOT NULL,
    incident_type        VARCHAR(40) NOT NULL,
    severity             VARCHAR(2) NOT NULL,
    plan_hash            VARCHAR(64) NOT NULL,
    current_decision_id  VARCHAR(36) NOT NULL,
    previous_incident_id VARCHAR(36),
    decision_count       INTEGER NOT NULL,
    opened_seq           BIGINT NOT NULL UNIQUE,
    opened_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    acknowledged_at      TIMESTAMP WITH TIME ZONE,
    acknowledged_by      VARCHAR(255),
    resolved_at          TIMESTAMP WITH TIME ZONE,
    resolved_by          VARCHAR(255)
);
CREATE INDEX incident_status_service ON incident (status, service);
CREATE INDEX incident_dedup_key ON incident (dedup_key, opened_seq);
