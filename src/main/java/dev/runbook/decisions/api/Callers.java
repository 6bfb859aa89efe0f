package dev.runbook.decisions.api;

import jakarta.ws.rs.core.SecurityContext;

/** Who made a request, as the audit log records it: the authenticated principal's name, never a credential. */
final class Callers {

    private static final String ANONYMOUS = "anonymous";

    private Callers() {
    }

    static String of(SecurityContext security) {
        return security == null || security.getUserPrincipal() == null ? ANONYMOUS : security.getUserPrincipal().getName();
    }
}
