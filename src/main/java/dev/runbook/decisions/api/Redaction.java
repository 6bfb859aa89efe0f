package dev.runbook.decisions.api;

import dev.runbook.decisions.security.ApiKeyAuthenticationMechanism;

/** Paths as they may be shown or logged: a webhook's receiver token is a credential and is masked. */
final class Redaction {

    static final String MASK = "********";

    private Redaction() {
    }

    static String path(String path) {
        var matcher = ApiKeyAuthenticationMechanism.RECEIVER_TOKEN_PATH.matcher(path == null ? "" : path);
        return matcher.matches() ? matcher.group(1) + "/" + MASK : path;
    }
}
