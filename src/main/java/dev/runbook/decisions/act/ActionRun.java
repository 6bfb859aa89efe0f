package dev.runbook.decisions.act;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import dev.runbook.decisions.domain.ActionStatus;
import dev.runbook.decisions.store.ActionRow;

/**
 * What became of one action of a plan in this request: MANUAL (a checklist item, never executed), or the recorded
 * action's status. {@code alreadyRecorded}: the action had been claimed by an earlier decision of the incident and
 * this is that record; nothing ran again.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ActionRun(int planIndex, String type, String target, ActionStatus status, String actionId, String guard,
                        String message, JsonNode before, JsonNode after, Boolean alreadyRecorded) {

    static ActionRun manual(int index, PlannedAction action) {
        return new ActionRun(index, action.type(), action.namespace() + "/" + action.name(), ActionStatus.MANUAL, null, null,
                "done by people: a checklist item on the incident", null, null, null);
    }

    static ActionRun of(int index, ActionRow row, boolean duplicate) {
        return new ActionRun(index, row.type(), row.namespace() + "/" + row.targetName(), row.status(), row.id(), row.guard(),
                row.message(), row.before(), row.after(), duplicate ? Boolean.TRUE : null);
    }
}
