package dev.runbook.decisions.decide;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.kie.api.KieBase;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.io.ResourceType;
import org.kie.api.runtime.KieSession;
import org.kie.internal.io.ResourceFactory;
import org.kie.internal.utils.KieHelper;

import dev.runbook.decisions.domain.Hashing;

/**
 * The DRL files of rules/, compiled once into one knowledge base. Each evaluation runs a fresh session over the
 * incident, the remediation settings and the section to start from, and returns what the rules proposed.
 */
public final class RemediationRules {

    private final KieBase kieBase;
    private final List<RuleFile> files;

    private RemediationRules(KieBase kieBase, List<RuleFile> files) {
        this.kieBase = kieBase;
        this.files = files;
    }

    /** Compiles the given DRL sources (file name to content); fails with the compiler's messages on any error. */
    public static RemediationRules compile(Map<String, byte[]> sources) {
        KieHelper helper = new KieHelper();
        List<RuleFile> files = new ArrayList<>();
        sources.forEach((name, content) -> {
            helper.addResource(ResourceFactory.newByteArrayResource(content).setSourcePath("rules/" + name), ResourceType.DRL);
            files.add(new RuleFile(name, Hashing.sha256(content), new ArrayList<>()));
        });
        KieBase kieBase;
        try {
            kieBase = helper.build();
        } catch (RuntimeException e) {
            throw new IllegalStateException("rules/ does not compile: " + e.getMessage(), e);
        }
        kieBase.getKiePackages().forEach(pkg -> pkg.getRules().forEach(rule -> fileOf(files, rule).rules().add(rule.getName())));
        return new RemediationRules(kieBase, List.copyOf(files));
    }

    public static RemediationRules fromClasspath() {
        return compile(ClasspathFolder.read("rules", ".drl"));
    }

    public List<RuleFile> files() {
        return files;
    }

    public RuleOutcome evaluate(Incident incident, List<Setting> settings) {
        KieSession session = kieBase.newKieSession();
        List<Explanation> fired = new ArrayList<>();
        try {
            session.addEventListener(new DefaultAgendaEventListener() {
                @Override
                public void afterMatchFired(AfterMatchFiredEvent event) {
                    fired.add(explain(event.getMatch().getRule()));
                }
            });
            session.insert(incident);
            settings.forEach(session::insert);
            if (incident.getIncidentType() != null) {
                session.insert(new Section(incident.getIncidentType()));
            }
            session.fireAllRules();
            List<ProposedAction> actions = new ArrayList<>();
            session.getObjects(o -> o instanceof ProposedAction).forEach(o -> actions.add((ProposedAction) o));
            return new RuleOutcome(actions, fired);
        } finally {
            session.dispose();
        }
    }

    private Explanation explain(Rule rule) {
        Object runbook = rule.getMetaData().get("runbook");
        return Explanation.rule("rules/" + fileOf(files, rule).name(), rule.getName(), runbook == null ? null : runbook.toString());
    }

    private static RuleFile fileOf(List<RuleFile> files, Rule rule) {
        String resource = ((org.drools.base.definitions.rule.impl.RuleImpl) rule).getResource().getSourcePath();
        return files.stream().filter(f -> resource.endsWith("/" + f.name())).findFirst()
                .orElseThrow(() -> new IllegalStateException("Rule '" + rule.getName() + "' has no source file"));
    }

    /** One DRL file: its name, content hash and the names of its rules. */
    public record RuleFile(String name, String contentHash, List<String> rules) {
    }
}
