package dev.runbook.decisions.decide;

import java.util.LinkedHashMap;
import java.util.Map;

import org.kie.api.runtime.rule.RuleContext;

/**
 * An action a rule proposes. The rule that proposes it is its reason: its {@code @runbook} metadata quotes the
 * runbook line. {@code order} places the action in the plan (communication 10-99, remediation 100-899 by section).
 */
public class ProposedAction {
    private final String type;
    private final int order;
    private final String rule;
    private final String reason;
    private final Map<String, Object> params = new LinkedHashMap<>();
    private String targetNamespace;
    private String targetName;

    public ProposedAction(String type, int order, String rule, String reason) {
        this.type = type;
        this.order = order;
        this.rule = rule;
        this.reason = reason;
    }

    /** Called from rule consequences: {@code insert(ProposedAction.of(drools, "SCALE", 310).param("replicas", $n))}. */
    public static ProposedAction of(RuleContext drools, String type, int order) {
        Object runbook = drools.getRule().getMetaData().get("runbook");
        return new ProposedAction(type, order, drools.getRule().getName(), runbook == null ? null : runbook.toString());
    }

    public ProposedAction param(String name, Object value) {
        params.put(name, value);
        return this;
    }

    /** For actions on another Deployment than the incident's service (MLflow's own Deployment). */
    public ProposedAction target(String namespace, String name) {
        this.targetNamespace = namespace;
        this.targetName = name;
        return this;
    }

    public String getType() { return type; }
    public int getOrder() { return order; }
    public String getRule() { return rule; }
    public String getReason() { return reason; }
    public Map<String, Object> getParams() { return params; }
    public String getTargetNamespace() { return targetNamespace; }
    public String getTargetName() { return targetName; }
}
