package dev.runbook.decisions.decide;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Why part of a decision is what it is: one DMN decision-table row that matched, or one DRL rule that fired.
 * {@code part} names the decision output the row or rule produced.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Explanation(Kind kind, String model, String part, String decision, Integer row, String rule,
                          String annotation) {

    public static Explanation row(String model, String decision, int row, String annotation) {
        return new Explanation(Kind.DMN_ROW, model, decision, decision, row, null, annotation);
    }

    public static Explanation rule(String file, String rule, String annotation) {
        return new Explanation(Kind.DRL_RULE, file, "actions", null, null, rule, annotation);
    }

    /** A decision-table row that matched, or a rule that fired. */
    public enum Kind {
        DMN_ROW, DRL_RULE
    }
}
