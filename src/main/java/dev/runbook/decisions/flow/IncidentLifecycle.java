package dev.runbook.decisions.flow;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.runbook.decisions.act.ActionExecutor;
import dev.runbook.decisions.act.ActionFailedException;
import dev.runbook.decisions.act.EscalationLedger;
import dev.runbook.decisions.act.HttpDelivery;
import dev.runbook.decisions.act.PagerDutyPager;
import dev.runbook.decisions.audit.AuditLog;
import dev.runbook.decisions.audit.IncidentState;
import dev.runbook.decisions.domain.IncidentStatus;
import dev.runbook.decisions.domain.RecordKind;

/**
 * Acknowledging and resolving an incident, and what follows outside the service: the PagerDuty incidents its pages
 * opened are acknowledged or resolved too, once per paged role, so PagerDuty stops escalating on its side. The
 * incident's own step is recorded first; a follow-up that cannot be delivered is recorded as such and never undoes it.
 */
@ApplicationScoped
public class IncidentLifecycle {

    private static final Logger LOG = Logger.getLogger(IncidentLifecycle.class);
    /** What PagerDuty is told when an incident reaches a status, and the record kind that keeps it. */
    private static final Map<IncidentStatus, FollowUp> FOLLOW_UPS = Map.of(
            IncidentStatus.ACKNOWLEDGED, new FollowUp("acknowledge", RecordKind.PAGE_ACKNOWLEDGE),
            IncidentStatus.RESOLVED, new FollowUp("resolve", RecordKind.PAGE_RESOLVE));

    private record FollowUp(String eventAction, RecordKind kind) {
    }

    private final AuditLog auditLog;
    private final EscalationLedger escalations;
    private final PagerDutyPager pagerDuty;
    private final HttpDelivery delivery;
    private final ObjectMapper json;

    public IncidentLifecycle(AuditLog auditLog, EscalationLedger escalations, PagerDutyPager pagerDuty, HttpDelivery delivery,
                             ObjectMapper json) {
        this.auditLog = auditLog;
        this.escalations = escalations;
        this.pagerDuty = pagerDuty;
        this.delivery = delivery;
        this.json = json;
    }

    public IncidentState acknowledge(String incidentId, String caller, String note) {
        IncidentState incident = auditLog.acknowledge(incidentId, caller, note);
        followPages(incidentId, incident.status());
        return incident;
    }

    public IncidentState resolve(String incidentId, String caller, String note) {
        IncidentState incident = auditLog.resolve(incidentId, caller, note);
        followPages(incidentId, incident.status());
        return incident;
    }

    /** Sends PagerDuty the incident's new status (acknowledged, resolved) for each role paged. */
    public void followPages(String incidentId, IncidentStatus status) {
        FollowUp followUp = FOLLOW_UPS.get(status);
        if (followUp == null) {
            return;
        }
        try {
            for (String role : escalations.pagedRolesWithout(incidentId, followUp.kind())) {
                escalations.recordFollowUp(incidentId, role, followUp.kind(), send(incidentId, role, followUp.eventAction()));
            }
        } catch (RuntimeException e) {
            LOG.warnf("PagerDuty follow-up of incident %s (%s) failed: %s", incidentId, status, e.getMessage());
        }
    }

    private ObjectNode send(String incidentId, String role, String eventAction) {
        ActionExecutor.Outcome outcome;
        try {
            outcome = delivery.send(pagerDuty.followUp(incidentId, role, eventAction));
        } catch (ActionFailedException e) {
            outcome = ActionExecutor.Outcome.failed(e.getMessage());
        }
        return outcome.recorded(json).put("delivered", outcome.succeeded());
    }
}
