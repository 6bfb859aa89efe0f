package dev.runbook.decisions.domain;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How far a decision goes: ADVISE decides only; DRY_RUN runs each Kubernetes action with server-side dry run and
 * reports what would change (nothing is sent); EXECUTE carries the plan out within the guards.
 */
public enum Mode {
    ADVISE, DRY_RUN, EXECUTE;

    /** The names callers use: advise, dry-run, execute. */
    public static final List<String> NAMES = Arrays.stream(values()).map(Mode::external).toList();

    public String external() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The mode named {@code name} (advise, dry-run, execute), or null if it names none. */
    public static Mode parse(String name) {
        return Arrays.stream(values()).filter(m -> m.external().equalsIgnoreCase(name.trim())).findFirst().orElse(null);
    }
}
