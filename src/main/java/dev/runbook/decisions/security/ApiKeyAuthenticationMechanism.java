package dev.runbook.decisions.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Finds an API key wherever a caller can put one: {@code X-API-Key}, {@code Authorization: Bearer rbk_...}, HTTP basic
 * auth with the key as password (for webhook senders that only do basic auth), or the last path segment of an alert
 * webhook ({@code /api/v1/alerts/alertmanager/{receiverToken}}, or its test, {@code .../alertmanager/test/{receiverToken}})
 * for senders that cannot set headers at all.
 * A bearer token that is not an API key is left to OIDC.
 */
@ApplicationScoped
public class ApiKeyAuthenticationMechanism implements HttpAuthenticationMechanism {

    /** Group 1 is the path up to the token; group 2 the token ("test" alone is the test endpoint, never a token). */
    public static final Pattern RECEIVER_TOKEN_PATH =
            Pattern.compile("(/api/v1/alerts/(?:alertmanager|grafana|pagerduty)(?:/test)?)/(?!test$)([^/]+)");

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String key = keyOf(context);
        return key == null ? Uni.createFrom().nullItem() : identities.authenticate(new ApiKeyAuthenticationRequest(key));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer realm=\"runbook-decisions\""));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiKeyAuthenticationRequest.class);
    }

    /** Before OIDC, so that an API key in a bearer header is ours. */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 100;
    }

    private static String keyOf(RoutingContext context) {
        String header = context.request().getHeader("X-API-Key");
        if (header != null) {
            return header.trim();
        }
        String authorization = context.request().getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = authorization.substring(7).trim();
            return token.startsWith(ApiKey.PREFIX) ? token : null;
        }
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return basicPassword(authorization.substring(6).trim());
        }
        Matcher path = RECEIVER_TOKEN_PATH.matcher(context.normalizedPath());
        return path.matches() ? path.group(2) : null;
    }

    private static String basicPassword(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(colon + 1);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
