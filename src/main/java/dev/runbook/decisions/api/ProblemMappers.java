package dev.runbook.decisions.api;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpClosedException;

import dev.runbook.decisions.decide.ModelEvaluationException;
import dev.runbook.decisions.flow.ModelEditRefused;
import dev.runbook.decisions.ingest.FieldError;
import dev.runbook.decisions.ingest.InvalidInputException;
import dev.runbook.decisions.ingest.PayloadTooLargeException;
import dev.runbook.decisions.store.InvalidTransitionException;
import dev.runbook.decisions.store.NotFoundInStoreException;
import dev.runbook.decisions.store.StoreUnavailableException;

/** Every error leaves as application/problem+json; no stack trace ever reaches a caller. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    static final int RETRY_AFTER_SECONDS = 5;

    @ServerExceptionMapper
    public Response invalidInput(InvalidInputException e, UriInfo uri) {
        return Problem.of("invalid-input", e.getMessage(), 400,
                e.errors().size() + " field(s) refused; nothing was decided", Redaction.path(uri.getPath()), e.errors()).toResponse();
    }

    /** The path as it came, not redacted: a model's name is no secret (and the 422 has always named it so). */
    @ServerExceptionMapper
    public Response unevaluable(UnevaluableInput e, UriInfo uri) {
        return Problem.of("model-evaluation-failed", "The model could not evaluate this input", 422, e.getMessage(), uri.getPath(),
                e.errors().stream().map(m -> new FieldError("$", m)).toList()).toResponse();
    }

    @ServerExceptionMapper
    public Response modelEditRefused(ModelEditRefused e, UriInfo uri) {
        return Problem.of(e.reason().type(), "The model edit was refused", e.reason().status(), e.getMessage(),
                Redaction.path(uri.getPath()), List.of(new FieldError(e.field(), e.getMessage()))).toResponse();
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e, UriInfo uri) {
        return challenge(uri, "Authentication is required: send an API key as 'X-API-Key' or 'Authorization: Bearer', or an OIDC bearer token");
    }

    @ServerExceptionMapper
    public Response badCredentials(AuthenticationFailedException e, UriInfo uri) {
        return challenge(uri, "The credentials were not accepted");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return Problem.of("forbidden", "Forbidden", 403, "The caller does not hold a role this endpoint requires",
                Redaction.path(uri.getPath()), List.of()).toResponse();
    }

    private static Response challenge(UriInfo uri, String detail) {
        return Response.fromResponse(Problem.of("unauthenticated", "Unauthorized", 401, detail, Redaction.path(uri.getPath()),
                List.of()).toResponse()).header("WWW-Authenticate", "Bearer realm=\"runbook-decisions\"").build();
    }

    @ServerExceptionMapper
    public Response tooLarge(PayloadTooLargeException e, UriInfo uri) {
        return Problem.of("payload-too-large", "Payload too large", 413, e.getMessage(), Redaction.path(uri.getPath()), List.of()).toResponse();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundInStoreException e, UriInfo uri) {
        return Problem.of("not-found", "Not found", 404, e.getMessage(), Redaction.path(uri.getPath()), List.of()).toResponse();
    }

    @ServerExceptionMapper
    public Response conflict(InvalidTransitionException e, UriInfo uri) {
        return Problem.of("invalid-transition", "Conflict", 409, e.getMessage(), Redaction.path(uri.getPath()), List.of()).toResponse();
    }

    /** Nothing was written; the caller (Alertmanager included) should retry, after the delay given. */
    @ServerExceptionMapper
    public Response unavailable(StoreUnavailableException e, UriInfo uri) {
        LOG.warnf("Store unavailable on %s: %s", Redaction.path(uri.getPath()), e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
        return Response.fromResponse(Problem.of("store-unavailable", "Service unavailable", 503,
                "The audit store cannot be reached; nothing was decided or recorded. Retry later.", Redaction.path(uri.getPath()), List.of())
                .toResponse()).header("Retry-After", RETRY_AFTER_SECONDS).build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "HTTP " + status : known.getReasonPhrase();
        return Problem.of("http-" + status, title, status, e.getMessage(), Redaction.path(uri.getPath()), List.of()).toResponse();
    }

    /**
     * The caller closed its connection before its body had arrived (a client or balancer giving up under load): nothing
     * was read, decided or written and nobody is left to read an answer, so it is no failure of the service and gets
     * no error log with a stack trace. Any other I/O failure is one.
     */
    @ServerExceptionMapper
    public Response readFailed(IOException e, UriInfo uri) {
        if (!closedByCaller(e)) {
            return unexpected(e, uri);
        }
        LOG.debugf("The caller closed the connection on %s before its request had arrived", Redaction.path(uri.getPath()));
        return Problem.of("request-incomplete", "Request incomplete", 400,
                "The connection closed before the request had arrived; nothing was decided", Redaction.path(uri.getPath()),
                List.of()).toResponse();
    }

    private static boolean closedByCaller(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            // Closed mid-body (Vert.x), or before the body was read at all (the request's stream finds the channel closed).
            if (cause instanceof HttpClosedException || cause instanceof ClosedChannelException) {
                return true;
            }
        }
        return false;
    }

    @ServerExceptionMapper
    public Response modelFailure(ModelEvaluationException e, UriInfo uri) {
        return unexpected(e, uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure %s on %s", incident, Redaction.path(uri.getPath()));
        return Problem.of("internal-error", "Internal error", 500,
                "The service failed; the log names this failure " + incident, Redaction.path(uri.getPath()), List.of()).toResponse();
    }
}
