package dev.runbook.decisions.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** An API key presented by a caller, however it was sent. */
public class ApiKeyAuthenticationRequest extends BaseAuthenticationRequest {

    private final String key;

    public ApiKeyAuthenticationRequest(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
