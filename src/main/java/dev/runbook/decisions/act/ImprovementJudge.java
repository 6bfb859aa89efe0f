package dev.runbook.decisions.act;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Whether an incident is improving, from the facts of its two latest evaluations. Decided by the runbook's models
 * (dmn/improvement.dmn), not here: this is the seam through which the decide step supplies it.
 */
public interface ImprovementJudge {

    /** {@code previous} is a missing node when the incident has had one evaluation only. */
    Verdict judge(JsonNode previous, JsonNode latest);

    record Verdict(boolean improving, String why) {
    }
}
