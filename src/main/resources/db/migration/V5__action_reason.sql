-- An action is kept whole: with the runbook line it serves, so an auditor reading the action sees why it ran.
ALTER TABLE action_run ADD COLUMN reason TEXT;
