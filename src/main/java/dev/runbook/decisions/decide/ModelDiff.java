package dev.runbook.decisions.decide;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import com.fasterxml.jackson.annotation.JsonValue;

import dev.runbook.decisions.ingest.SafeXml;

/**
 * What changed between two versions of one DMN model, for the reviewer of a draft: each decision table's rows, cell
 * by cell, and the whole XML as a unified diff. Pure: it reads the two documents and nothing else.
 *
 * <p>Elements are matched by local name, so a model saved under any DMN namespace (1.3 here, 1.5 or 1.6 by an editor)
 * reads the same. A table belongs to the {@code decision} or {@code businessKnowledgeModel} around it and is named by
 * that element's name ({@code "name #2"} for a second table in one element); a table in one version only is compared
 * with an empty one, so all its rows are added or removed.
 *
 * <p>Rows are matched by their {@code id} first (editors keep rule ids), then by equal content, then by position: an
 * unmatched row pairs with the unmatched row of the other version, between the partners of its matched neighbours,
 * that differs from it in the fewest cells (the first of those), so a changed row stays paired when another is added
 * or removed. A row whose cells differ is changed; its cells are compared by column (columns matched by id, then by
 * name), its annotation as the column {@code "annotation"}, and a row that moved against the others (not only shifted
 * by an added or removed row) also gets the cell {@code "row"} with its two numbers, as row order decides under FIRST
 * and RULE ORDER.
 *
 * <p>Outside the rows, cheaply and shallowly: a table's hit policy (aggregation included) and its columns added,
 * removed, renamed or given another expression or default are its {@code header} cells; a literal expression whose text
 * changed, appeared or went is an {@link ExpressionChange}. Everything else (types, requirements, descriptions,
 * allowed values) shows in the unified diff only.
 */
public final class ModelDiff {

    static final String ANNOTATION = "annotation";
    static final String ROW = "row";

    private ModelDiff() {
    }

    /**
     * Version {@code version} ({@code dmn}) against version {@code against} ({@code againstDmn}), as the endpoint
     * {@code /versions/{version}/diff?against=} answers it. Either document that is not safe, readable XML is refused
     * as {@link SafeXml} refuses it (an {@code InvalidInputException} on the field {@code $}).
     */
    public static Diff compare(int version, byte[] dmn, int against, byte[] againstDmn) {
        Document before = SafeXml.parse(againstDmn);
        Document after = SafeXml.parse(dmn);
        Map<Key, Table> beforeTables = tables(before);
        Map<Key, Table> afterTables = tables(after);
        List<TableDiff> tables = new ArrayList<>();
        for (Key key : union(beforeTables, afterTables)) {
            compareTable(key, beforeTables.getOrDefault(key, Table.NONE), afterTables.getOrDefault(key, Table.NONE)).ifPresent(tables::add);
        }
        Map<Key, String> beforeLiterals = literals(before);
        Map<Key, String> afterLiterals = literals(after);
        List<ExpressionChange> expressions = union(beforeLiterals, afterLiterals).stream()
                .filter(key -> !Objects.equals(beforeLiterals.get(key), afterLiterals.get(key)))
                .map(key -> new ExpressionChange(key.name(), key.element(), beforeLiterals.get(key), afterLiterals.get(key)))
                .toList();
        String unified = LineDiff.unified(new String(againstDmn, StandardCharsets.UTF_8), new String(dmn, StandardCharsets.UTF_8),
                "against v" + against, "v" + version);
        return new Diff(tables, expressions, unified);
    }

    /** The whole comparison; {@code unified} is empty when no line differs. */
    public record Diff(List<TableDiff> tables, List<ExpressionChange> expressions, String unified) {
    }

    /**
     * One decision table that differs; {@code decision} names the decision or business knowledge model holding it.
     * {@code header}: the hit policy ({@code "hitPolicy"}) and each column added, removed or redefined
     * ({@code "input"}, {@code "output"}).
     */
    public record TableDiff(String decision, ElementKind element, List<Row> rowsAdded, List<Row> rowsRemoved,
                            List<ChangedRow> rowsChanged, List<Cell> header) {
    }

    /** A row of one version: its number from 1, its input entries then output entries as written, its annotation (or null). */
    public record Row(int row, List<String> cells, String annotation) {
    }

    /** A row in both versions whose cells differ: {@code row} in this version, {@code againstRow} in the other. */
    public record ChangedRow(int row, int againstRow, List<Cell> cells) {
    }

    /** One differing cell: its column's name (input label or expression, output name, or a name above); null where absent. */
    public record Cell(String column, String before, String after) {
    }

    /** A literal expression of a decision or business knowledge model whose text changed; null where it is absent. */
    public record ExpressionChange(String decision, ElementKind element, String before, String after) {
    }

    /** The DMN elements whose logic is compared, spelt as in DMN (and the JSON) by their local name. */
    public enum ElementKind {
        DECISION("decision"), BUSINESS_KNOWLEDGE_MODEL("businessKnowledgeModel");

        private final String localName;

        ElementKind(String localName) {
            this.localName = localName;
        }

        @JsonValue
        public String localName() {
            return localName;
        }

        static Optional<ElementKind> of(String localName) {
            return Arrays.stream(values()).filter(e -> e.localName.equals(localName)).findFirst();
        }
    }

    private record Key(ElementKind element, String name) {
    }

    /** A column: {@code description} is what the header compares (the name, with the expression or default it has). */
    private record Column(String id, String name, String description) {
    }

    /** A rule: entries are its inputs then its outputs, as written. */
    private record Rule(String id, List<String> entries, String annotation) {
    }

    private record Table(String hitPolicy, List<Column> inputs, List<Column> outputs, List<Rule> rules) {

        static final Table NONE = new Table(null, List.of(), List.of(), List.of());
    }

    /** Two matched columns, either possibly absent (null, index -1); indexes are into a rule's entries. */
    private record ColumnPair(String kind, Column before, int beforeIndex, Column after, int afterIndex) {

        String name() {
            return after != null ? after.name() : before.name();
        }
    }

    private static <K> List<K> union(Map<K, ?> before, Map<K, ?> after) {
        List<K> keys = new ArrayList<>(after.keySet());
        before.keySet().stream().filter(k -> !after.containsKey(k)).forEach(keys::add);
        return keys;
    }

    /** The table's differences; empty when it is the same in both versions. */
    private static Optional<TableDiff> compareTable(Key key, Table before, Table after) {
        List<ColumnPair> columns = new ArrayList<>(pair("input", before.inputs(), 0, after.inputs(), 0));
        columns.addAll(pair("output", before.outputs(), before.inputs().size(), after.outputs(), after.inputs().size()));
        List<Cell> header = new ArrayList<>();
        if (!Objects.equals(before.hitPolicy(), after.hitPolicy())) {
            header.add(new Cell("hitPolicy", before.hitPolicy(), after.hitPolicy()));
        }
        for (ColumnPair c : columns) {
            String was = c.before() == null ? null : c.before().description();
            String is = c.after() == null ? null : c.after().description();
            if (!Objects.equals(was, is)) {
                header.add(new Cell(c.kind(), was, is));
            }
        }
        List<Rule> old = before.rules();
        List<Rule> now = after.rules();
        int[] partner = matchRows(old, now, columns);
        boolean[] taken = new boolean[old.size()];
        boolean[] inOrder = inOrder(partner);
        List<Row> added = new ArrayList<>();
        List<ChangedRow> changed = new ArrayList<>();
        for (int j = 0; j < now.size(); j++) {
            if (partner[j] < 0) {
                added.add(row(j, now.get(j)));
                continue;
            }
            taken[partner[j]] = true;
            List<Cell> cells = cells(old.get(partner[j]), now.get(j), columns);
            if (!inOrder[j]) {
                cells.add(new Cell(ROW, String.valueOf(partner[j] + 1), String.valueOf(j + 1)));
            }
            if (!cells.isEmpty()) {
                changed.add(new ChangedRow(j + 1, partner[j] + 1, cells));
            }
        }
        List<Row> removed = new ArrayList<>();
        for (int i = 0; i < old.size(); i++) {
            if (!taken[i]) {
                removed.add(row(i, old.get(i)));
            }
        }
        if (header.isEmpty() && added.isEmpty() && removed.isEmpty() && changed.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TableDiff(key.name(), key.element(), added, removed, changed, header));
    }

    /** Columns of one kind matched by id, then by name: this version's in order, then those only in the other. */
    private static List<ColumnPair> pair(String kind, List<Column> before, int beforeOffset, List<Column> after, int afterOffset) {
        int[] partner = new int[after.size()];
        Arrays.fill(partner, -1);
        boolean[] taken = new boolean[before.size()];
        for (int pass = 0; pass < 2; pass++) {
            for (int j = 0; j < after.size(); j++) {
                for (int i = 0; i < before.size() && partner[j] < 0; i++) {
                    String want = pass == 0 ? after.get(j).id() : after.get(j).name();
                    String have = pass == 0 ? before.get(i).id() : before.get(i).name();
                    if (!taken[i] && !want.isEmpty() && want.equals(have)) {
                        partner[j] = i;
                        taken[i] = true;
                    }
                }
            }
        }
        List<ColumnPair> pairs = new ArrayList<>();
        for (int j = 0; j < after.size(); j++) {
            int i = partner[j];
            pairs.add(new ColumnPair(kind, i < 0 ? null : before.get(i), i < 0 ? -1 : beforeOffset + i, after.get(j), afterOffset + j));
        }
        for (int i = 0; i < before.size(); i++) {
            if (!taken[i]) {
                pairs.add(new ColumnPair(kind, before.get(i), beforeOffset + i, null, -1));
            }
        }
        return pairs;
    }

    /** For each row of this version, the index of its row in the other, or -1 when it was added. */
    private static int[] matchRows(List<Rule> old, List<Rule> now, List<ColumnPair> columns) {
        int[] partner = new int[now.size()];
        Arrays.fill(partner, -1);
        boolean[] taken = new boolean[old.size()];
        Map<String, Integer> byId = new HashMap<>();
        for (int i = old.size() - 1; i >= 0; i--) {
            if (!old.get(i).id().isEmpty()) {
                byId.put(old.get(i).id(), i);
            }
        }
        for (int j = 0; j < now.size(); j++) {
            Integer i = byId.get(now.get(j).id());
            if (i != null && !taken[i]) {
                partner[j] = i;
                taken[i] = true;
            }
        }
        // content keyed by column pair, so equal content is a map lookup rather than a scan of the other table
        List<List<String>> oldContent = old.stream().map(r -> content(r, columns, true)).toList();
        List<List<String>> nowContent = now.stream().map(r -> content(r, columns, false)).toList();
        Map<List<String>, Deque<Integer>> byContent = new HashMap<>();
        for (int i = 0; i < old.size(); i++) {
            if (!taken[i]) {
                byContent.computeIfAbsent(oldContent.get(i), c -> new ArrayDeque<>()).add(i);
            }
        }
        for (int j = 0; j < now.size(); j++) {
            Deque<Integer> same = partner[j] < 0 ? byContent.get(nowContent.get(j)) : null;
            if (same != null && !same.isEmpty()) {
                partner[j] = same.poll();
                taken[partner[j]] = true;
            }
        }
        for (int j = 0; j < now.size(); j++) {
            if (partner[j] >= 0) {
                continue;
            }
            int lower = -1;
            for (int p = j - 1; p >= 0 && lower < 0; p--) {
                lower = partner[p];
            }
            int upper = old.size();
            for (int p = j + 1; p < now.size() && upper == old.size(); p++) {
                upper = partner[p] >= 0 ? partner[p] : upper;
            }
            int closest = -1;
            int fewest = Integer.MAX_VALUE;
            for (int i = lower + 1; i < upper; i++) {
                int differing = taken[i] ? Integer.MAX_VALUE : differing(oldContent.get(i), nowContent.get(j));
                if (differing < fewest) {
                    closest = i;
                    fewest = differing;
                }
            }
            if (closest >= 0) {
                partner[j] = closest;
                taken[closest] = true;
            }
        }
        return partner;
    }

    /** A rule's entries in the order of the column pairs (null where its version lacks the column), then its annotation. */
    private static List<String> content(Rule rule, List<ColumnPair> columns, boolean before) {
        List<String> content = new ArrayList<>();
        columns.forEach(c -> content.add(entry(rule, before ? c.beforeIndex() : c.afterIndex())));
        content.add(rule.annotation());
        return content;
    }

    private static int differing(List<String> before, List<String> after) {
        int differing = 0;
        for (int i = 0; i < before.size(); i++) {
            differing += Objects.equals(before.get(i), after.get(i)) ? 0 : 1;
        }
        return differing;
    }

    /**
     * Which matched rows kept their order: those on a longest run of partners increasing with the row number. The
     * others moved; rows merely shifted by an added or removed row stay on the run.
     */
    private static boolean[] inOrder(int[] partner) {
        int n = partner.length;
        int[] length = new int[n];
        int[] previous = new int[n];
        int best = -1;
        for (int j = 0; j < n; j++) {
            previous[j] = -1;
            if (partner[j] < 0) {
                continue;
            }
            length[j] = 1;
            for (int p = 0; p < j; p++) {
                if (partner[p] >= 0 && partner[p] < partner[j] && length[p] + 1 > length[j]) {
                    length[j] = length[p] + 1;
                    previous[j] = p;
                }
            }
            if (best < 0 || length[j] > length[best]) {
                best = j;
            }
        }
        boolean[] inOrder = new boolean[n];
        for (int j = best; j >= 0; j = previous[j]) {
            inOrder[j] = true;
        }
        return inOrder;
    }

    /** The cells that differ, column by column, then the annotation. */
    private static List<Cell> cells(Rule old, Rule now, List<ColumnPair> columns) {
        List<Cell> cells = new ArrayList<>();
        for (ColumnPair c : columns) {
            String before = entry(old, c.beforeIndex());
            String after = entry(now, c.afterIndex());
            if (!Objects.equals(before, after)) {
                cells.add(new Cell(c.name(), before, after));
            }
        }
        if (!Objects.equals(old.annotation(), now.annotation())) {
            cells.add(new Cell(ANNOTATION, old.annotation(), now.annotation()));
        }
        return cells;
    }

    private static String entry(Rule rule, int index) {
        return index < 0 || index >= rule.entries().size() ? null : rule.entries().get(index);
    }

    private static Row row(int index, Rule rule) {
        return new Row(index + 1, rule.entries(), rule.annotation());
    }

    private static Map<Key, Table> tables(Document document) {
        Map<Key, Table> tables = new LinkedHashMap<>();
        owned(document, "decisionTable").forEach((key, table) -> tables.put(key, table(key, table)));
        return tables;
    }

    private static Map<Key, String> literals(Document document) {
        Map<Key, String> literals = new LinkedHashMap<>();
        owned(document, "literalExpression").forEach((key, literal) -> literals.put(key, text(literal)));
        return literals;
    }

    /** Every element of this local name inside a decision or business knowledge model, keyed by that element. */
    private static Map<Key, Element> owned(Document document, String localName) {
        Map<Key, Element> owned = new LinkedHashMap<>();
        Map<Key, Integer> counts = new HashMap<>();
        NodeList all = document.getElementsByTagNameNS("*", localName);
        for (int i = 0; i < all.getLength(); i++) {
            Element element = (Element) all.item(i);
            for (Node n = element.getParentNode(); n instanceof Element owner; n = n.getParentNode()) {
                Optional<ElementKind> kind = ElementKind.of(owner.getLocalName());
                if (kind.isPresent()) {
                    Key first = new Key(kind.get(), owner.getAttribute("name"));
                    int count = counts.merge(first, 1, Integer::sum);
                    owned.put(count == 1 ? first : new Key(kind.get(), first.name() + " #" + count), element);
                    break;
                }
            }
        }
        return owned;
    }

    private static Table table(Key owner, Element table) {
        String hitPolicy = table.getAttribute("hitPolicy").isEmpty() ? "UNIQUE" : table.getAttribute("hitPolicy");
        if (!table.getAttribute("aggregation").isEmpty()) {
            hitPolicy += " " + table.getAttribute("aggregation");
        }
        List<Column> inputs = new ArrayList<>();
        for (Element input : children(table, "input")) {
            String expression = text(child(input, "inputExpression"));
            String label = input.getAttribute("label");
            String name = label.isEmpty() ? expression : label;
            inputs.add(new Column(input.getAttribute("id"), name, name.equals(expression) ? name : name + " (" + expression + ")"));
        }
        List<Element> outputElements = children(table, "output");
        List<Column> outputs = new ArrayList<>();
        for (Element output : outputElements) {
            String name = output.getAttribute("name");
            if (name.isEmpty()) {
                // a single output takes the table's label, and without one the name of its decision
                name = table.getAttribute("outputLabel").isEmpty() ? owner.name() : table.getAttribute("outputLabel");
            }
            Element fallback = child(output, "defaultOutputEntry");
            outputs.add(new Column(output.getAttribute("id"), name, fallback == null ? name : name + " (default " + text(fallback) + ")"));
        }
        List<Rule> rules = new ArrayList<>();
        for (Element rule : children(table, "rule")) {
            List<String> entries = new ArrayList<>();
            children(rule, "inputEntry").forEach(e -> entries.add(text(e)));
            children(rule, "outputEntry").forEach(e -> entries.add(text(e)));
            List<String> annotations = children(rule, "annotationEntry").stream().map(ModelDiff::text).toList();
            // DMN 1.1 and 1.2 annotate a rule with its description
            String annotation = annotations.isEmpty() ? Optional.ofNullable(child(rule, "description")).map(Node::getTextContent).map(String::strip).orElse(null)
                    : String.join("\n", annotations);
            rules.add(new Rule(rule.getAttribute("id"), entries, annotation));
        }
        return new Table(hitPolicy, inputs, outputs, rules);
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) {
                found.add(e);
            }
        }
        return found;
    }

    private static Element child(Element parent, String localName) {
        List<Element> found = children(parent, localName);
        return found.isEmpty() ? null : found.get(0);
    }

    /** The text of an expression or entry, without the white space around it; empty when it has none. */
    private static String text(Element expression) {
        Element text = expression == null ? null : child(expression, "text");
        return text == null ? "" : text.getTextContent().strip();
    }
}
