package dev.runbook.decisions.api;

import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.runbook.decisions.security.TokenBuckets;

/** Per-principal rate limit on every API call: 429 with Retry-After when a caller's bucket is empty. */
public class RateLimitFilter {

    private final TokenBuckets buckets;

    public RateLimitFilter(TokenBuckets buckets) {
        this.buckets = buckets;
    }

    @ServerRequestFilter
    public Optional<Response> limit(ContainerRequestContext request) {
        if (request.getSecurityContext().getUserPrincipal() == null) {
            return Optional.empty();
        }
        long wait = buckets.take(request.getSecurityContext().getUserPrincipal().getName());
        if (wait == 0) {
            return Optional.empty();
        }
        return Optional.of(Response.fromResponse(Problem.of("rate-limited", "Too many requests", 429,
                "This caller's request rate is over runbook.security.rate-limit; retry after " + wait + " s",
                Redaction.path(request.getUriInfo().getPath()), List.of()).toResponse()).header("Retry-After", wait).build());
    }
}
