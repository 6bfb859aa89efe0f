package dev.runbook.decisions.api;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import dev.runbook.decisions.audit.Receipt;
import dev.runbook.decisions.flow.TakeAlertDelivery;
import dev.runbook.decisions.ingest.AlertDelivery;
import dev.runbook.decisions.ingest.AlertmanagerParser;
import dev.runbook.decisions.ingest.PagerDutyParser;
import dev.runbook.decisions.security.Roles;

/** Webhooks that take each sender's own payload unchanged. */
@Path("/api/v1/alerts")
@RolesAllowed(Roles.EVALUATOR)
@Consumes(MediaType.WILDCARD)
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {

    private final TakeAlertDelivery intake;

    public AlertResource(TakeAlertDelivery intake) {
        this.intake = intake;
    }

    /** {@code receiverToken}: an API key in the path, for senders that cannot set headers; checked before this runs. */
    @POST
    @Path("/alertmanager{receiverToken: (/[^/]+)?}")
    public Delivered alertmanager(byte[] body, @Context SecurityContext security) {
        return deliver("alertmanager", body, security, AlertmanagerParser::alertmanager);
    }

    @POST
    @Path("/grafana{receiverToken: (/[^/]+)?}")
    public Delivered grafana(byte[] body, @Context SecurityContext security) {
        return deliver("grafana", body, security, AlertmanagerParser::grafana);
    }

    /** Answers like PagerDuty's Events API: 202 with status, message and the dedup key to use for later events. */
    @POST
    @Path("/pagerduty{receiverToken: (/[^/]+)?}")
    public Response pagerDuty(byte[] body, @Context SecurityContext security) {
        AlertDelivery event = intake.parse("pagerduty", body, Callers.of(security), PagerDutyParser::parse);
        Receipt receipt = intake.handle(event, Callers.of(security), "pagerduty").get(0);
        return Response.accepted(Map.of("status", "success", "message", "Event processed",
                "dedup_key", event.events().get(0).dedupKey(), "outcome", receipt)).build();
    }

    private Delivered deliver(String endpoint, byte[] body, SecurityContext security, Function<byte[], AlertDelivery> parser) {
        String caller = Callers.of(security);
        AlertDelivery delivery = intake.parse(endpoint, body, caller, parser);
        String receiver = delivery.receiver() != null ? delivery.receiver() : endpoint;
        return new Delivered(delivery.receiver(), delivery.groupKey(), intake.handle(delivery, caller, receiver));
    }

    /** One receipt per alert of the delivery, in the order of the payload. */
    public record Delivered(String receiver, String groupKey, List<Receipt> alerts) {
    }
}
