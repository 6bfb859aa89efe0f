package dev.runbook.decisions.act;

import java.util.Locale;

/**
 * The guards an action passes (see {@link ActionGuards}), each named in a refused action's record and in the
 * {@code guard} label of {@code runbook_guard_refusals_total} as {@link #label()}: {@code namespace-allowlist}.
 */
public enum Guard {
    KUBE_SYSTEM, EXPORTER_TARGET, NAMESPACE_ALLOWLIST, DEPLOYMENT_SELECTOR, PARAMETER_BOUNDS, COOLDOWN, BUDGET;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
