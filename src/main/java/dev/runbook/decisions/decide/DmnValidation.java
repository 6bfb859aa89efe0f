package dev.runbook.decisions.decide;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import jakarta.inject.Singleton;

import org.kie.dmn.api.core.DMNMessage;
import org.kie.dmn.api.core.DMNMessageType;
import org.kie.dmn.model.api.BusinessKnowledgeModel;
import org.kie.dmn.model.api.DMNElement;
import org.kie.dmn.model.api.DMNModelInstrumentedBase;
import org.kie.dmn.model.api.DRGElement;
import org.kie.dmn.model.api.Decision;
import org.kie.dmn.model.api.DecisionRule;
import org.kie.dmn.model.api.Definitions;
import org.kie.dmn.validation.DMNValidator;
import org.kie.dmn.validation.DMNValidatorFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import dev.runbook.decisions.ingest.SafeXml;

/**
 * Validates a DMN draft as an editor proposes it, in the order that keeps the service safe: XML safety first (see
 * {@link SafeXml}); then no FEEL construct that calls Java, refused before anything compiles the draft; then schema,
 * model semantics, compilation and decision-table analysis; then the interface the service reads from this model.
 */
@Singleton
public class DmnValidation {

    static final String ERROR = "ERROR";

    /** Findings that are a mistake of the edit that introduces them (see {@link #tableFindings}). */
    private static final Set<DMNMessageType> EDIT_MISTAKES = EnumSet.of(DMNMessageType.DECISION_TABLE_GAP,
            DMNMessageType.DECISION_TABLE_OVERLAP_HITPOLICY_UNIQUE, DMNMessageType.DECISION_TABLE_OVERLAP_HITPOLICY_ANY,
            DMNMessageType.DECISION_TABLE_MASKED_RULE, DMNMessageType.TYPEREF_MISMATCH);

    /** The namespaces of DMN 1.6 (model and FEEL) and of DMN 1.5, which name their versions by date. */
    private static final String DMN_16 = "https://www.omg.org/spec/DMN/20240513/";
    private static final String DMN_15 = "https://www.omg.org/spec/DMN/20230324/";

    /** A FEEL {@code external} function mapping to Java, as a literal expression or a context entry would hold it. */
    private static final Pattern EXTERNAL_JAVA = Pattern.compile("(?is)\\bexternal\\b.*\\bjava\\b");

    private final DMNValidator validator = DMNValidatorFactory.newValidator();
    private final ModelRegistry registry;
    /** The analysis of each model's published version, by model name: recomputed when another version is published. */
    private final Map<String, PublishedFindings> cached = new ConcurrentHashMap<>();

    public DmnValidation(ModelRegistry registry) {
        this.registry = registry;
    }

    public Report validate(byte[] dmn) {
        Document document = SafeXml.parse(dmn);
        String model = document.getDocumentElement().getAttribute("name");
        List<Message> found = new ArrayList<>(javaCalls(document, model));
        if (!found.isEmpty()) {
            return new Report(false, found);
        }
        validator.validateUsing(DMNValidator.Validation.VALIDATE_SCHEMA, DMNValidator.Validation.VALIDATE_MODEL,
                        DMNValidator.Validation.VALIDATE_COMPILATION)
                .theseModels(new InputStreamReader(new ByteArrayInputStream(schemaReadable(dmn)), StandardCharsets.UTF_8))
                .forEach(m -> found.add(message(m, model)));
        if (found.stream().noneMatch(m -> ERROR.equals(m.severity()))) {
            found.addAll(tableFindings(dmn, model));
            found.addAll(interfaceChanges(dmn, model));
        }
        List<Message> distinct = found.stream().distinct().toList();
        return new Report(distinct.stream().noneMatch(m -> ERROR.equals(m.severity())), distinct);
    }

    /**
     * The document as this kie-dmn's validator reads it. The console's editor (KIE's, 10.2) saves DMN 1.6, for which
     * kie-dmn 10.1 has no schema (its XSDs stop at 1.5): the schema check fails a 1.6 document with a
     * ClassNotFoundException whatever it holds. So a 1.6 document is validated under the 1.5 namespaces; 1.6 adds
     * nothing the runbook's models use, and a 1.6-only element fails the 1.5 schema, as it should (the engine would
     * not run it). Only the check reads the renamed copy: the version is stored as uploaded.
     */
    private static byte[] schemaReadable(byte[] dmn) {
        String text = new String(dmn, StandardCharsets.UTF_8);
        return text.contains(DMN_16) ? text.replace(DMN_16, DMN_15).getBytes(StandardCharsets.UTF_8) : dmn;
    }

    /**
     * The decision-table analysis ({@link TableAnalysis}). A gap, an overlap in a UNIQUE or ANY table, a masked row
     * or a cell of the wrong type is a mistake of the edit when the published version does not have it: an ERROR, so
     * the draft cannot be published. One the published version has too stays a WARN, so that an edit elsewhere in
     * the model is not blocked by what is live already. Subsumed rows stay WARN (the table decides the same without
     * them); findings {@link DesignFindings} explains are INFO.
     */
    private List<Message> tableFindings(byte[] dmn, String model) {
        List<TableAnalysis.Finding> findings;
        try {
            findings = TableAnalysis.of(model, dmn);
        } catch (IllegalStateException e) {
            return List.of(); // does not compile as the service compiles it: the interface check reports it
        }
        Set<String> live = registry.current().dmn(model).map(this::publishedFindings).orElse(Set.of());
        List<Message> found = new ArrayList<>();
        for (TableAnalysis.Finding f : findings) {
            Place place = place(f.at(), model);
            Integer row = f.row() != null ? f.row() : place.row();
            if (f.byDesign().isPresent()) {
                found.add(new Message("INFO", place.model(), idOf(f.at()), place.decision(), row, place.column(),
                        f.text() + " [by design: " + f.byDesign().get() + "]"));
            } else if (EDIT_MISTAKES.contains(f.type()) || f.level() == DMNMessage.Severity.ERROR) {
                boolean published = live.contains(place.decision() + "\n" + f.text());
                found.add(new Message(published ? "WARN" : ERROR, place.model(), idOf(f.at()), place.decision(), row, place.column(),
                        published ? f.text() + " [the published version has it too]" : f.text()));
            } else {
                found.add(new Message(f.level() == DMNMessage.Severity.WARN ? "WARN" : "INFO", place.model(), idOf(f.at()), place.decision(),
                        row, place.column(), f.text()));
            }
        }
        return found;
    }

    /** What the analysis finds on the published version of a model, as decision and text; computed once per version. */
    private Set<String> publishedFindings(DmnModel published) {
        PublishedFindings known = cached.get(published.name());
        if (known == null || !known.sha256().equals(published.contentHash())) {
            Set<String> keys = new HashSet<>();
            for (TableAnalysis.Finding f : TableAnalysis.of(published.name(), published.content())) {
                keys.add(place(f.at(), published.name()).decision() + "\n" + f.text());
            }
            known = new PublishedFindings(published.contentHash(), Set.copyOf(keys));
            cached.put(published.name(), known);
        }
        return known.keys();
    }

    private record PublishedFindings(String sha256, Set<String> keys) {
    }

    /** The id of a finding's table, row or cell, as kie's own messages name their source. */
    private static String idOf(DMNModelInstrumentedBase at) {
        for (DMNModelInstrumentedBase n = at; n != null; n = n.getParent()) {
            if (n instanceof DMNElement e && e.getId() != null) {
                return e.getId();
            }
        }
        return null;
    }

    /**
     * A Java function kind or a FEEL external Java function would let a model's author run any code in the service
     * (System.exit, file access): rules are code and go through a release, so a draft may never call Java.
     */
    private static List<Message> javaCalls(Document document, String model) {
        List<Message> found = new ArrayList<>();
        NodeList all = document.getElementsByTagNameNS("*", "*");
        for (int i = 0; i < all.getLength(); i++) {
            Element element = (Element) all.item(i);
            String name = element.getLocalName();
            boolean javaKind = ("functionDefinition".equals(name) || "encapsulatedLogic".equals(name))
                    && "java".equals(element.getAttribute("kind").toLowerCase(Locale.ROOT));
            boolean externalJava = "text".equals(name) && EXTERNAL_JAVA.matcher(element.getTextContent()).find();
            if (javaKind || externalJava) {
                found.add(new Message(ERROR, model, idOf(element), null, null, null,
                        "Security rule: a model may not call Java (" + (javaKind ? "a function of kind Java" : "a FEEL external Java function")
                                + "); the draft is refused without being compiled or evaluated"));
            }
        }
        return found;
    }

    /** The id of the element or of its closest ancestor with one. */
    private static String idOf(Element element) {
        for (org.w3c.dom.Node n = element; n instanceof Element e; n = n.getParentNode()) {
            if (!e.getAttribute("id").isEmpty()) {
                return e.getAttribute("id");
            }
        }
        return null;
    }

    private static Message message(DMNMessage m, String documentModel) {
        Place place = place(m.getSourceReference(), documentModel);
        Integer column = place.column();
        if (column == null && m.getSourceReference() instanceof DecisionRule rule) {
            // kie names the row of a cell that does not compile, and quotes the cell
            column = TableAnalysis.columnQuoted(rule, m.getText());
        }
        return new Message(severityOf(m), place.model(), m.getSourceId(), place.decision(), place.row(), column, m.getText());
    }

    /** Where a finding is: the model, the decision (or business knowledge model), and the row and column of a table. */
    private record Place(String model, String decision, Integer row, Integer column) {
    }

    private static Place place(Object source, String documentModel) {
        String model = documentModel;
        String decision = null;
        Integer row = null;
        Integer column = null;
        DMNModelInstrumentedBase child = null;
        for (Object node = source; node instanceof DMNModelInstrumentedBase base; node = base.getParent()) {
            if (base instanceof DecisionRule rule && rule.getParent() instanceof org.kie.dmn.model.api.DecisionTable table) {
                row = table.getRule().indexOf(rule) + 1;
                int input = rule.getInputEntry().indexOf(child);
                int output = rule.getOutputEntry().indexOf(child);
                if (input >= 0) {
                    column = input + 1;
                } else if (output >= 0) {
                    column = rule.getInputEntry().size() + output + 1;
                }
            } else if ((base instanceof Decision || base instanceof BusinessKnowledgeModel) && decision == null) {
                decision = ((DRGElement) base).getName();
            } else if (base instanceof Definitions definitions && definitions.getName() != null) {
                model = definitions.getName();
            }
            child = base;
        }
        return new Place(model, decision, row, column);
    }

    /** ERROR, WARN or INFO, the names the report has always used. */
    private static String severityOf(DMNMessage m) {
        return switch (m.getLevel()) {
            case ERROR -> ERROR;
            case WARNING -> "WARN";
            default -> "INFO";
        };
    }

    /**
     * Java reads this model by name: its inputs (names and types) and every decision (name, type, components) must
     * stay as the loaded model has them, and the set of models with the draft in place must still fit
     * {@link ModelContract}. A model this service does not load is refused: creating models is not an edit.
     */
    private List<Message> interfaceChanges(byte[] dmn, String model) {
        ModelSet current = registry.current();
        DmnModel published = current.dmn(model).orElse(null);
        if (published == null) {
            return List.of(new Message(ERROR, model, null, null, null, null,
                    "'" + model + "' is not a model this service reads (it reads " + current.dmnModels().stream().map(DmnModel::name).toList() + ")"));
        }
        DmnModel draft;
        try {
            draft = DmnModel.compile(model + ".dmn", dmn, 0);
        } catch (IllegalStateException e) {
            return List.of(interfaceError(model, null, e.getMessage()));
        }
        List<Message> found = new ArrayList<>();
        Map<String, String> inputs = inputTypes(draft);
        inputTypes(published).forEach((input, type) -> {
            if (!inputs.containsKey(input)) {
                found.add(interfaceError(model, null, "The input '" + input + "' (" + type + ") is missing: the service passes it by this name"));
            } else if (!inputs.get(input).equals(type)) {
                found.add(interfaceError(model, null, "The input '" + input + "' is a " + inputs.get(input) + " but the service passes a " + type));
            }
        });
        inputs.keySet().stream().filter(i -> !inputTypes(published).containsKey(i)).forEach(i ->
                found.add(interfaceError(model, null, "The input '" + i + "' is new: the service passes no value by this name")));
        for (String decision : published.decisionNames()) {
            if (!draft.decisionNames().contains(decision)) {
                found.add(interfaceError(model, decision, "The decision '" + decision + "' is missing: the service reads it by this name"));
            } else if (!draft.decisionType(decision).equals(published.decisionType(decision))
                    || !draft.decisionComponents(decision).equals(published.decisionComponents(decision))) {
                found.add(interfaceError(model, decision, "The decision '" + decision + "' changed its type from " + published.decisionType(decision)
                        + " " + published.decisionComponents(decision) + " to " + draft.decisionType(decision) + " " + draft.decisionComponents(decision)));
            }
        }
        Map<String, DmnModel> withDraft = new TreeMap<>();
        current.dmnModels().forEach(m -> withDraft.put(m.name(), m));
        withDraft.put(model, draft);
        ModelContract.problems(withDraft).forEach(p -> found.add(interfaceError(model, null, p)));
        return found;
    }

    private static Map<String, String> inputTypes(DmnModel model) {
        Map<String, String> types = new TreeMap<>();
        model.describe().inputs().forEach(i -> types.put(i.name(), i.type()));
        return types;
    }

    private static Message interfaceError(String model, String decision, String text) {
        return new Message(ERROR, model, null, decision, null, null, text);
    }

    /** {@code valid} when no message is an ERROR; warnings (such as table gaps) are reported all the same. */
    public record Report(boolean valid, List<Message> messages) {
    }

    /** One finding: {@code row} and {@code column} count from 1, as the explanation rows do; null where none applies. */
    public record Message(String severity, String model, String elementId, String decision, Integer row, Integer column, String message) {
    }
}
