package dev.runbook.decisions.domain;

/** The runbook's severity levels, most severe first (runbook "Severity Levels"). */
public enum Severity {
    P1, P2, P3, P4;

    /** True when this level is more severe than {@code other}: a move from {@code other} to this is an escalation. */
    public boolean isMoreSevereThan(Severity other) {
        return compareTo(other) < 0;
    }
}
