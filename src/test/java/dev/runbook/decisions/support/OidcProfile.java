package dev.runbook.decisions.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * OIDC bearer tokens switched on by configuration, verified against a local key pair (src/test/resources/oidc; the
 * tests sign with private.pem), roles read from the claim "roles"; and a small rate limit to run into.
 */
public class OidcProfile implements QuarkusTestProfile {

    public static final String ISSUER = "https://idp.runbook.test";
    public static final String PUBLIC_KEY = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA2QHgELd26DPTE9Eu3GA+5z3WGxtb3qtBSEjnGcg7X53/FwxjI5i8xV9Fom01O6cBKB+4vNRWGmhzyvQif1dJntV0S03e4fJeKFggSgKc4qLlzK77GUk/cvbKEziuVbsDMg6M2KyBhe9OimSDQjKwgz+A4BljNN2NGP/kATzth2qNWnueBf7ZcHId53P9sDqXTNZq1n0VUbLuCkjL7wkHSqj7b0DFgvelYvW5wn3NJjVR6LA6p9njrT9GSQF+A7IayveY50YTfkZjoRvdo+1dqBAlTfiPhPBuvCIx6GJ6aqWc5omEurGjr0XqQ7yjdXUF8OWCuz6eI+ilKwm41EcupQIDAQAB";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("runbook.security.oidc.enabled", "true",
                "quarkus.oidc.public-key", PUBLIC_KEY,
                "quarkus.oidc.token.issuer", ISSUER,
                "runbook.security.oidc.roles-claim", "roles",
                "runbook.security.rate-limit.requests-per-second", "0.2",
                "runbook.security.rate-limit.burst", "5");
    }
}
