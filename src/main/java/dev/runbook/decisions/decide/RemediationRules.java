package dev.runbook.decisions.decide;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.drools.model.Model;
import org.drools.modelcompiler.KieBaseBuilder;
import org.kie.api.KieBase;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.AgendaEventListener;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionsPool;

import dev.runbook.decisions.domain.Hashing;

/**
 * The DRL files of rules/, compiled at build time into Drools' executable model ({@link RulesCompiler}) and loaded
 * into one knowledge base. Each evaluation runs a
 * clean session (pooled: reset after each use, not built anew) over the incident, the remediation thresholds and the section to start from, and returns what the
 * rules proposed: in the order their rules are declared (a section's file lists its steps in the runbook's order),
 * and, within one rule, in the order its consequence inserted them.
 */
public final class RemediationRules {

    /** The DRL files' package and folder, and the Java package of their executable model. */
    static final String RULES_PACKAGE = "rules";
    /** What {@link RulesCompiler} built: the model's classes and the hash of each DRL file it was built from. */
    static final String MODEL_LISTING = "META-INF/runbook/rules-model.properties";
    static final String MODELS_KEY = "models";
    static final String SOURCE_PREFIX = "source.";

    /** A rule declaration at the start of a line: {@code rule "name"}, {@code rule 'name'} or {@code rule name}. */
    private static final Pattern RULE_DECLARATION =
            Pattern.compile("^\\s*rule\\s+(?:\"((?:[^\"\\\\]|\\\\.)*)\"|'((?:[^'\\\\]|\\\\.)*)'|(\\S+))", Pattern.MULTILINE);

    /**
     * Sessions reused across evaluations: disposing a pooled session resets it and returns it to the pool, instead
     * of building a session (agenda, working memory, node memories) for every decision.
     */
    private final KieSessionsPool sessions;
    private final List<RuleFile> files;
    /** Rule name to its file; rule names are unique across rules/ (one package). */
    private final Map<String, RuleFile> fileOfRule = new HashMap<>();
    /** Rule name to its place in declaration order: files by name, then rules as each file lists them. */
    private final Map<String, Integer> positionOfRule = new HashMap<>();

    private RemediationRules(KieBase kieBase, List<RuleFile> files) {
        this.sessions = kieBase.newKieSessionsPool(Runtime.getRuntime().availableProcessors());
        this.files = files;
        for (RuleFile file : files) {
            for (String rule : file.rules()) {
                fileOfRule.put(rule, file);
                positionOfRule.put(rule, positionOfRule.size());
            }
        }
    }

    /**
     * Loads the executable model {@link RulesCompiler} built from the jar's {@code rules/*.drl} and checks it was built
     * from exactly these files: DRL is code, compiled with the jar and never at run time.
     */
    public static RemediationRules fromClasspath() {
        Map<String, byte[]> sources = ClasspathFolder.read(RULES_PACKAGE, ".drl");
        Properties listing = listing();
        List<RuleFile> files = new ArrayList<>();
        Map<String, String> built = new TreeMap<>();
        Map<String, String> shipped = new TreeMap<>();
        listing.stringPropertyNames().stream().filter(key -> key.startsWith(SOURCE_PREFIX))
                .forEach(key -> built.put(key.substring(SOURCE_PREFIX.length()), listing.getProperty(key)));
        sources.forEach((name, content) -> {
            RuleFile file = new RuleFile(name, Hashing.sha256(content), declaredRules(new String(content, StandardCharsets.UTF_8)));
            files.add(file);
            shipped.put(name, file.contentHash());
        });
        if (!built.equals(shipped)) {
            throw new IllegalStateException("rules/ " + shipped.keySet() + " is not what its executable model was built from "
                    + built.keySet() + " (a DRL file changed since the build): rebuild with Maven");
        }
        KieBase kieBase = KieBaseBuilder.createKieBaseFromModel(models(listing));
        checkDeclarations(kieBase, files);
        return new RemediationRules(kieBase, List.copyOf(files));
    }

    private static Properties listing() {
        Properties listing = new Properties();
        try (InputStream in = RemediationRules.class.getClassLoader().getResourceAsStream(MODEL_LISTING)) {
            if (in == null) {
                throw new IllegalStateException(MODEL_LISTING + " is not on the classpath: the rules' executable model is built by"
                        + " Maven's process-classes phase (decide/RulesCompiler)");
            }
            listing.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return listing;
    }

    private static List<Model> models(Properties listing) {
        List<Model> models = new ArrayList<>();
        for (String name : listing.getProperty(MODELS_KEY, "").split(",")) {
            try {
                models.add((Model) Class.forName(name, true, RemediationRules.class.getClassLoader()).getConstructor().newInstance());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("the rules' executable model class " + name + " does not load", e);
            }
        }
        return models;
    }

    public List<RuleFile> files() {
        return files;
    }

    public RuleOutcome evaluate(Incident incident, Thresholds thresholds) {
        KieSession session = sessions.newKieSession();
        List<Explanation> fired = new ArrayList<>();
        List<ProposedAction> actions = new ArrayList<>();
        AgendaEventListener firing = new DefaultAgendaEventListener() {
            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                fired.add(explain(event.getMatch().getRule()));
            }
        };
        // Collected as inserted: a session's own object listing has no defined order.
        RuleRuntimeEventListener inserting = new DefaultRuleRuntimeEventListener() {
            @Override
            public void objectInserted(ObjectInsertedEvent event) {
                if (event.getObject() instanceof ProposedAction action) {
                    actions.add(action);
                }
            }
        };
        session.addEventListener(firing);
        session.addEventListener(inserting);
        try {
            session.insert(incident);
            session.insert(thresholds);
            if (incident.getIncidentType() != null) {
                session.insert(new Section(incident.getIncidentType()));
            }
            session.fireAllRules();
            actions.sort(Comparator.comparingInt(a -> positionOfRule.get(a.getRule())));
            return new RuleOutcome(List.copyOf(actions), fired);
        } finally {
            // The pooled session outlives this evaluation: it must not keep reporting into these lists.
            session.removeEventListener(firing);
            session.removeEventListener(inserting);
            session.dispose();
        }
    }

    private Explanation explain(Rule rule) {
        Object runbook = rule.getMetaData().get("runbook");
        return Explanation.rule("rules/" + fileOfRule.get(rule.getName()).name(), rule.getName(),
                runbook == null ? null : runbook.toString());
    }

    /** The names of the rules {@code drl} declares, in the order it declares them. */
    static List<String> declaredRules(String drl) {
        List<String> names = new ArrayList<>();
        Matcher matcher = RULE_DECLARATION.matcher(drl);
        while (matcher.find()) {
            String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(2) != null ? matcher.group(2) : matcher.group(3);
            names.add(name.replaceAll("\\\\(.)", "$1"));
        }
        return names;
    }

    /**
     * The rules read from the files' text (for their file and order) must be exactly the rules the engine compiled,
     * each declared once; otherwise a rule could be explained with the wrong file or planned out of order.
     */
    private static void checkDeclarations(KieBase kieBase, List<RuleFile> files) {
        Set<String> compiled = new TreeSet<>();
        kieBase.getKiePackages().forEach(pkg -> pkg.getRules().forEach(rule -> compiled.add(rule.getName())));
        List<String> declared = files.stream().flatMap(f -> f.rules().stream()).toList();
        Set<String> unique = new TreeSet<>(declared);
        if (unique.size() != declared.size() || !unique.equals(compiled)) {
            throw new IllegalStateException("rules/ declares the rules " + declared + " but the knowledge base holds " + compiled
                    + "; every rule needs a name of its own, declared at the start of a line");
        }
    }

    /** One DRL file: its name, content hash and the names of its rules in declaration order. */
    public record RuleFile(String name, String contentHash, List<String> rules) {
    }
}
