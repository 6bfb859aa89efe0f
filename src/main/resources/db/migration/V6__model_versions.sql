-- Every version of every DMN model, so the runbook's owners can change a table without a release: drafts, the
-- published version, and those it replaced (RETIRED). Rows are never updated but for their state, approval and
-- publication; content is the DMN document exactly as uploaded, sha256 its SHA-256 as the audit records name it.
CREATE TABLE model_version (
    model           VARCHAR(100) NOT NULL,
    version         INTEGER NOT NULL,
    content         TEXT NOT NULL,
    sha256          VARCHAR(64) NOT NULL,
    author          VARCHAR(255) NOT NULL,
    reason          TEXT,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    parent_version  INTEGER,
    state           VARCHAR(12) NOT NULL,
    valid           BOOLEAN NOT NULL,
    report          TEXT,
    approved_by     VARCHAR(255),
    approved_at     TIMESTAMP WITH TIME ZONE,
    published_by    VARCHAR(255),
    published_at    TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (model, version)
);

-- The one published version of each model. Publishing locks this row (SELECT ... FOR UPDATE), so two publishes of
-- one model queue, and the second sees the first's version; every replica polls this small table to swap its models.
CREATE TABLE model_published (
    model    VARCHAR(100) PRIMARY KEY,
    version  INTEGER NOT NULL,
    sha256   VARCHAR(64) NOT NULL
);

ALTER TABLE model_version ADD CONSTRAINT model_version_state_known CHECK (state IN ('DRAFT', 'PUBLISHED', 'RETIRED'));
ALTER TABLE audit_record DROP CONSTRAINT audit_record_kind_known;
ALTER TABLE audit_record ADD CONSTRAINT audit_record_kind_known CHECK (kind IN ('DECISION', 'ACKNOWLEDGED', 'RESOLVED',
    'ALERT_IGNORED', 'REJECTED_DELIVERY', 'REJECTED_ALERT', 'PURGE', 'ACTION_STARTED', 'ACTION_SUCCEEDED',
    'ACTION_FAILED', 'ACTION_UNKNOWN', 'ACTION_REFUSED', 'ACTION_AWAITING_APPROVAL', 'ACTION_HELD', 'ACTION_REJECTED',
    'ACTION_EXPIRED', 'ACTION_DRY_RUN', 'ACTION_MANUAL', 'ESCALATION_SCHEDULED', 'ESCALATION_FIRING',
    'ESCALATION_FIRED', 'ESCALATION_FAILED', 'ESCALATION_SKIPPED', 'ESCALATION_CANCELLED', 'ESCALATION_REPLACED',
    'ESCALATION_UNKNOWN', 'PAGE_ACKNOWLEDGE', 'PAGE_RESOLVE', 'MODEL_PUBLISHED'));
