package dev.runbook.decisions.decide;

import java.util.List;

/** What GET /api/v1/models tells about one loaded DMN model. */
public record ModelDescription(String name, String namespace, int version, String contentHash, String source,
                               List<Input> inputs, List<DecisionInfo> decisions) {

    public record Input(String name, String type) {
    }

    public record DecisionInfo(String name, String type, List<String> requires, List<String> outputs) {
    }
}
