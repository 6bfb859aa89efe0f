package dev.runbook.decisions.decide;

import java.util.List;
import java.util.Map;

/** The outcome of evaluating one DMN model: each decision's result, the rows that produced them, and any errors. */
public record ModelResult(String model, Map<String, Object> decisions, List<Explanation> rows, List<String> errors) {
}
