-- The closed sets of the domain package, enforced by the database too, so no writer (another version, a hand-made
-- fix) can store a status the service cannot read back. ClosedSetsTest checks each list against its Java enum.
ALTER TABLE audit_record ADD CONSTRAINT audit_record_kind_known CHECK (kind IN ('DECISION', 'ACKNOWLEDGED', 'RESOLVED',
    'ALERT_IGNORED', 'REJECTED_DELIVERY', 'REJECTED_ALERT', 'PURGE', 'ACTION_STARTED', 'ACTION_SUCCEEDED',
    'ACTION_FAILED', 'ACTION_UNKNOWN', 'ACTION_REFUSED', 'ACTION_AWAITING_APPROVAL', 'ACTION_HELD', 'ACTION_REJECTED',
    'ACTION_EXPIRED', 'ACTION_DRY_RUN', 'ACTION_MANUAL', 'ESCALATION_SCHEDULED', 'ESCALATION_FIRING',
    'ESCALATION_FIRED', 'ESCALATION_FAILED', 'ESCALATION_SKIPPED', 'ESCALATION_CANCELLED', 'ESCALATION_REPLACED',
    'ESCALATION_UNKNOWN', 'PAGE_ACKNOWLEDGE', 'PAGE_RESOLVE'));
ALTER TABLE incident ADD CONSTRAINT incident_status_known CHECK (status IN ('OPEN', 'ACKNOWLEDGED', 'RESOLVED'));
ALTER TABLE incident ADD CONSTRAINT incident_severity_known CHECK (severity IN ('P1', 'P2', 'P3', 'P4'));
ALTER TABLE action_run ADD CONSTRAINT action_run_status_known CHECK (status IN ('STARTED', 'SUCCEEDED', 'FAILED',
    'UNKNOWN', 'REFUSED', 'AWAITING_APPROVAL', 'HELD', 'REJECTED', 'EXPIRED', 'DRY_RUN', 'MANUAL'));
ALTER TABLE action_run ADD CONSTRAINT action_run_mode_known CHECK (mode IN ('ADVISE', 'DRY_RUN', 'EXECUTE'));
ALTER TABLE escalation_step ADD CONSTRAINT escalation_step_status_known CHECK (status IN ('SCHEDULED', 'FIRING',
    'FIRED', 'FAILED', 'SKIPPED', 'CANCELLED', 'REPLACED', 'UNKNOWN'));
ALTER TABLE action_run ADD CONSTRAINT action_run_risk_known CHECK (risk IN ('LOW', 'MEDIUM', 'HIGH'));
