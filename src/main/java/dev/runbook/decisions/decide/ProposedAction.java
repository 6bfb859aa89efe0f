package dev.runbook.decisions.decide;

import java.util.LinkedHashMap;
import java.util.Map;

import org.drools.model.Drools;
import org.kie.api.runtime.rule.RuleContext;

/**
 * An action a rule proposes. The rule that proposes it is its reason: its {@code @runbook} metadata quotes the
 * runbook line. Its {@code section} (the runbook section whose rule proposed it; none for communication actions)
 * and its type place it in the plan, as dmn/action-catalogue.dmn ranks them.
 */
public class ProposedAction {
    private final String type;
    private final String section;
    private final String rule;
    private final String reason;
    private final Map<String, Object> params = new LinkedHashMap<>();
    private String targetNamespace;
    private String targetName;

    public ProposedAction(String type, String section, String rule, String reason) {
        this.type = type;
        this.section = section;
        this.rule = rule;
        this.reason = reason;
    }

    /**
     * Called from rule consequences: {@code insert(ProposedAction.of(drools, "SCALE").param("replicas", $n))}. The
     * section is the one the rule matched: every remediation rule starts from a {@link Section}. The rules are
     * compiled into an executable model (see {@link RemediationRules}), whose consequences see {@code drools} as the
     * model's {@link Drools}; the engine's implementation of it is also the rule's {@link RuleContext}.
     */
    public static ProposedAction of(Drools consequence, String type) {
        if (!(consequence instanceof RuleContext drools)) {
            throw new IllegalStateException("a rule consequence's context names no rule: " + consequence.getClass());
        }
        Object runbook = drools.getRule().getMetaData().get("runbook");
        String section = drools.getMatch().getObjects().stream().filter(Section.class::isInstance)
                .map(o -> ((Section) o).name()).findFirst()
                .orElseThrow(() -> new IllegalStateException("Rule '" + drools.getRule().getName() + "' proposes " + type
                        + " without matching a Section, so the plan cannot place it"));
        return new ProposedAction(type, section, drools.getRule().getName(), runbook == null ? null : runbook.toString());
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
    public String getSection() { return section; }
    public String getRule() { return rule; }
    public String getReason() { return reason; }
    public Map<String, Object> getParams() { return params; }
    public String getTargetNamespace() { return targetNamespace; }
    public String getTargetName() { return targetName; }
}
