package dev.runbook.decisions.api;

import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import dev.runbook.decisions.flow.AlertTest;
import dev.runbook.decisions.audit.Receipt;
import dev.runbook.decisions.flow.TakeAlertDelivery;
import dev.runbook.decisions.flow.TestAlertDelivery;
import dev.runbook.decisions.ingest.AlertSender;
import dev.runbook.decisions.security.Roles;

/** Webhooks that take each sender's own payload unchanged. */
@Path("/api/v1/alerts")
@RolesAllowed(Roles.EVALUATOR)
@Consumes(MediaType.WILDCARD)
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {

    private final TakeAlertDelivery intake;
    private final TestAlertDelivery tester;

    public AlertResource(TakeAlertDelivery intake, TestAlertDelivery tester) {
        this.intake = intake;
        this.tester = tester;
    }

    /**
     * {@code receiverToken}: an API key in the path, for senders that cannot set headers; checked before this runs.
     * {@code test} is never a token: {@code .../alertmanager/test} is {@link #test}, which must never record.
     */
    @POST
    @Path("/alertmanager{receiverToken: (/(?!test$)[^/]+)?}")
    public Delivered alertmanager(byte[] body, @Context SecurityContext security) {
        return deliver(AlertSender.ALERTMANAGER, body, security);
    }

    @POST
    @Path("/grafana{receiverToken: (/(?!test$)[^/]+)?}")
    public Delivered grafana(byte[] body, @Context SecurityContext security) {
        return deliver(AlertSender.GRAFANA, body, security);
    }

    /** Answers like PagerDuty's Events API: 202 with status, message and the dedup key to use for later events. */
    @POST
    @Path("/pagerduty{receiverToken: (/(?!test$)[^/]+)?}")
    public Response pagerDuty(byte[] body, @Context SecurityContext security) {
        TakeAlertDelivery.Taken taken = intake.take(AlertSender.PAGERDUTY, body, Callers.of(security));
        return Response.accepted(Map.of("status", "success", "message", "Event processed",
                "dedup_key", taken.delivery().events().get(0).dedupKey(), "outcome", taken.receipts().get(0))).build();
    }

    /**
     * What the same body would do at the sender's webhook, alert by alert; nothing is recorded (not even a refused
     * body), no incident is touched and nothing is carried out.
     */
    @POST
    @Path("/{sender: (alertmanager|grafana|pagerduty)}/test{receiverToken: (/[^/]+)?}")
    public AlertTest test(@PathParam("sender") String sender, byte[] body) {
        return tester.test(AlertSender.named(sender).orElseThrow(NotFoundException::new), body);
    }

    private Delivered deliver(AlertSender sender, byte[] body, SecurityContext security) {
        TakeAlertDelivery.Taken taken = intake.take(sender, body, Callers.of(security));
        return new Delivered(taken.delivery().receiver(), taken.delivery().groupKey(), taken.receipts());
    }

    /** One receipt per alert of the delivery, in the order of the payload. */
    public record Delivered(String receiver, String groupKey, List<Receipt> alerts) {
    }
}
