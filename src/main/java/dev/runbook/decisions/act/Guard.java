package dev.runbook.decisions.act;

import java.util.Arrays;
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

    /** The guard a recorded refusal names. */
    public static Guard ofLabel(String label) {
        return Arrays.stream(values()).filter(g -> g.label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no guard is named " + label));
    }
}
