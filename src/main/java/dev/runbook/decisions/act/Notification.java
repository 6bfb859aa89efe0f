package dev.runbook.decisions.act;

/**
 * A message about an incident: a plan action (NOTIFY, CREATE_TICKET, ...) or an escalation step (SLACK, PAGE, TICKET),
 * addressed to a role and contact, with the text people read.
 */
public record Notification(String kind, String incidentId, String role, String contact, String text,
                           ActionRequest.IncidentContext incident) {
}
