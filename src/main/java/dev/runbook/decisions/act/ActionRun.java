package dev.runbook.decisions.act;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import dev.runbook.decisions.domain.Action;
import dev.runbook.decisions.domain.ActionState;
import dev.runbook.decisions.domain.ActionStatus;
import dev.runbook.decisions.domain.ActionType;
import dev.runbook.decisions.store.ActionRow;

/**
 * What became of one action of a plan in this request: MANUAL (a checklist item, never executed), or the recorded
 * action's status. {@code alreadyRecorded}: the action had been claimed by an earlier decision of the incident and
 * this is that record; nothing ran again.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ActionRun(int planIndex, ActionType type, String target, ActionStatus status, String actionId, String guard,
                        String message, JsonNode before, JsonNode after, Boolean alreadyRecorded) {

    static ActionRun manual(int index, Action action) {
        return new ActionRun(index, action.type(), action.target().toString(), ActionStatus.MANUAL, null, null,
                "done by people: a checklist item on the incident", null, null, null);
    }

    static ActionRun of(int index, ActionRow row, boolean duplicate) {
        ActionState state = row.state();
        return new ActionRun(index, row.action().type(), row.action().target().toString(), state.status(), row.id(),
                state.guard(), state.message(), state.before(), state.after(), duplicate ? Boolean.TRUE : null);
    }
}
