package dev.runbook.decisions.security;

import java.util.List;

/** Who may do what. {@code admin} holds every other role. */
public final class Roles {

    /** Posts facts and alerts; evaluates models. */
    public static final String EVALUATOR = "evaluator";
    /** Acknowledges and resolves incidents (later: approves and executes actions). */
    public static final String OPERATOR = "operator";
    /** Validates (later: changes) DMN tables. */
    public static final String EDITOR = "editor";
    /** Reads decisions, incidents, the audit log; exports and verifies it. */
    public static final String AUDITOR = "auditor";
    public static final String ADMIN = "admin";

    public static final List<String> ALL = List.of(EVALUATOR, OPERATOR, EDITOR, AUDITOR, ADMIN);

    private Roles() {
    }
}
