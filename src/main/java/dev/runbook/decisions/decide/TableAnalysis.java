package dev.runbook.decisions.decide;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.kie.dmn.api.core.DMNMessage;
import org.kie.dmn.api.core.DMNMessageType;
import org.kie.dmn.api.core.DMNType;
import org.kie.dmn.core.compiler.DMNProfile;
import org.kie.dmn.core.compiler.profiles.ExtendedDMNProfile;
import org.kie.dmn.feel.FEEL;
import org.kie.dmn.feel.codegen.feel11.ProcessedUnaryTest;
import org.kie.dmn.feel.lang.FEELProfile;
import org.kie.dmn.feel.lang.ast.ASTNode;
import org.kie.dmn.feel.lang.ast.BooleanNode;
import org.kie.dmn.feel.lang.ast.DashNode;
import org.kie.dmn.feel.lang.ast.ListNode;
import org.kie.dmn.feel.lang.ast.NullNode;
import org.kie.dmn.feel.lang.ast.NumberNode;
import org.kie.dmn.feel.lang.ast.RangeNode;
import org.kie.dmn.feel.lang.ast.StringNode;
import org.kie.dmn.feel.lang.ast.UnaryTestListNode;
import org.kie.dmn.feel.lang.ast.UnaryTestNode;
import org.kie.dmn.model.api.BusinessKnowledgeModel;
import org.kie.dmn.model.api.DMNModelInstrumentedBase;
import org.kie.dmn.model.api.DRGElement;
import org.kie.dmn.model.api.Decision;
import org.kie.dmn.model.api.DecisionRule;
import org.kie.dmn.model.api.DecisionTable;
import org.kie.dmn.model.api.HitPolicy;
import org.kie.dmn.model.api.InputClause;
import org.kie.dmn.model.api.UnaryTests;
import org.kie.dmn.validation.DMNValidator;
import org.kie.dmn.validation.dtanalysis.DMNDTAnalyser;
import org.kie.dmn.validation.dtanalysis.DMNDTAnalysisMessage;
import org.kie.dmn.validation.dtanalysis.model.DDTAInputClause;
import org.kie.dmn.validation.dtanalysis.model.DDTAInputEntry;
import org.kie.dmn.validation.dtanalysis.model.DDTARule;
import org.kie.dmn.validation.dtanalysis.model.DDTATable;
import org.kie.dmn.validation.dtanalysis.model.DTAnalysis;
import org.kie.dmn.validation.dtanalysis.model.Interval;

/**
 * Decision-table analysis of one DMN model as an editor's draft needs it: kie's analysis (gaps, overlaps, subsumed
 * rows, normal forms), run with every named threshold read as its value, plus what kie leaves out for the hit policies
 * the runbook uses: a row a FIRST table can never reach, a band of a number column no row covers though the rows
 * around it do, and a cell comparing its column with a value of another type.
 *
 * <p>The runbook's tables compare with named thresholds ({@code > severityThresholds.criticalErrorRateAbove}), which
 * kie's analyser cannot compare and skips the whole table for. A decision that reads no input has one value whatever
 * the incident, so each cell is analysed with such names replaced by their values, on a copy compiled for the
 * analysis alone: {@code > 0.12} next to {@code [0.02..0.10]} is then the gap it is.
 */
final class TableAnalysis {

    private static final List<DMNProfile> PROFILES = List.of(new ExtendedDMNProfile());
    private static final DMNDTAnalyser ANALYSER = new DMNDTAnalyser(PROFILES);
    private static final FEEL FEEL_PARSER = FEEL.newInstance(TableAnalysis.class.getClassLoader(), List.<FEELProfile>copyOf(PROFILES));
    /** The FEEL expression kie quotes when a cell does not compile. */
    private static final Pattern QUOTED_EXPRESSION = Pattern.compile("FEEL expression '(.*)' on decision table");

    /**
     * One finding on a table. {@code at} is the table, a row or a cell (which the report turns into decision, row and
     * column); {@code row} overrides the row of {@code at} when a finding names several (its lowest).
     */
    record Finding(DMNMessageType type, DMNMessage.Severity level, DMNModelInstrumentedBase at, Integer row, String text,
                   Optional<String> byDesign) {
    }

    private TableAnalysis() {
    }

    /** Every finding on the tables of {@code dmn} (the model {@code model}, already known to compile), without repeats. */
    static List<Finding> of(String model, byte[] dmn) {
        DmnModel copy = DmnModel.compile(model + ".dmn", dmn, 0);
        Map<String, String> literals = namedValues(copy);
        Map<DecisionTable, Map<String, String>> folded = new HashMap<>();
        List<Finding> findings = new ArrayList<>();
        for (DRGElement element : copy.dmnModel().getDefinitions().getDrgElement()) {
            DecisionTable table = tableOf(element);
            if (table != null) {
                findings.addAll(typeErrors(copy, table));
                Map<String, String> used = new TreeMap<>();
                table.getRule().forEach(rule -> rule.getInputEntry().forEach(cell -> cell.setText(fold(cell.getText(), literals, used))));
                if (!used.isEmpty()) {
                    folded.put(table, used);
                }
            }
        }
        for (DTAnalysis analysis : ANALYSER.analyse(copy.dmnModel(), Set.of(DMNValidator.Validation.ANALYZE_DECISION_TABLE))) {
            DecisionTable table = analysis.getSource();
            String read = folded.containsKey(table) ? " (named values read as " + folded.get(table).entrySet().stream()
                    .map(e -> e.getKey() + " = " + e.getValue()).collect(Collectors.joining(", ")) + ")" : "";
            Set<String> seen = new LinkedHashSet<>();
            for (DMNMessage m : analysis.asDMNMessages()) {
                if (m.getMessageType() != DMNMessageType.DECISION_TABLE_ANALYSIS_EMPTY && seen.add(m.getText())) {
                    Integer row = m instanceof DMNDTAnalysisMessage a && a.getRules() != null && !a.getRules().isEmpty()
                            ? a.getRules().stream().min(Integer::compare).orElseThrow() : null;
                    Optional<String> byDesign = DesignFindings.reason(m);
                    findings.add(new Finding(m.getMessageType(), m.getSeverity(), table, row,
                            byDesign.isPresent() ? m.getText() : m.getText() + read, byDesign));
                }
            }
            if (!analysis.isError() && (table.getHitPolicy() == HitPolicy.FIRST || table.getHitPolicy() == HitPolicy.PRIORITY)) {
                findings.addAll(unreachableRows(analysis));
                findings.addAll(bandGaps(analysis, read));
            }
        }
        return findings;
    }

    /** The decision table a decision or business knowledge model holds, or null. */
    private static DecisionTable tableOf(DRGElement element) {
        Object logic = element instanceof Decision d ? d.getExpression()
                : element instanceof BusinessKnowledgeModel b && b.getEncapsulatedLogic() != null ? b.getEncapsulatedLogic().getExpression() : null;
        return logic instanceof DecisionTable t ? t : null;
    }

    /**
     * Under FIRST only the first row that matches decides, so a row whose every input an earlier row with another
     * result also matches never decides anything: kie reports this only for PRIORITY tables. (An earlier row with the
     * same result is a subsumption, which kie reports.)
     */
    private static List<Finding> unreachableRows(DTAnalysis analysis) {
        if (analysis.getSource().getHitPolicy() != HitPolicy.FIRST) {
            return List.of();
        }
        List<DDTARule> rules = analysis.getDdtaTable().getRule();
        List<Finding> found = new ArrayList<>();
        for (int later = 1; later < rules.size(); later++) {
            for (int earlier = 0; earlier < later; earlier++) {
                if (!rules.get(earlier).getOutputEntry().equals(rules.get(later).getOutputEntry())
                        && includesAll(rules.get(earlier).getInputEntry(), rules.get(later).getInputEntry())
                        && matchesNullWhere(analysis.getSource().getRule().get(earlier), analysis.getSource().getRule().get(later))) {
                    found.add(new Finding(DMNMessageType.DECISION_TABLE_MASKED_RULE, DMNMessage.Severity.ERROR,
                            analysis.getSource().getRule().get(later), later + 1,
                            "Masked rule: rule " + (later + 1) + " is masked by rule " + (earlier + 1) + ": under hit policy FIRST, rule "
                                    + (earlier + 1) + " matches every input rule " + (later + 1) + " matches, with another result, so rule "
                                    + (later + 1) + " never decides", Optional.empty()));
                    break;
                }
            }
        }
        return found;
    }

    /**
     * kie's intervals leave null out: {@code not(null)} looks as wide as {@code -}. The earlier row must also match a
     * null input wherever the later one does (as {@code -}, {@code not("x")} or a test of {@code null} do).
     */
    private static boolean matchesNullWhere(DecisionRule earlier, DecisionRule later) {
        for (int column = 0; column < later.getInputEntry().size(); column++) {
            // a cell not understood counts as the row being the less likely masked: the later may match null, the earlier not
            if (matchesNull(later.getInputEntry().get(column).getText(), true) && !matchesNull(earlier.getInputEntry().get(column).getText(), false)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesNull(String cell, boolean ifNotUnderstood) {
        if (parse(cell) instanceof UnaryTestListNode tests) {
            boolean testsNull = tests.getElements().stream()
                    .anyMatch(e -> e instanceof NullNode || e instanceof UnaryTestNode t && t.getValue() instanceof NullNode);
            return tests.isNegated() ? !testsNull : testsNull || tests.getElements().stream().anyMatch(DashNode.class::isInstance);
        }
        return ifNotUnderstood;
    }

    private static boolean includesAll(List<DDTAInputEntry> wider, List<DDTAInputEntry> narrower) {
        for (int column = 0; column < wider.size(); column++) {
            if (!wider.get(column).includes(narrower.get(column))) {
                return false;
            }
        }
        return true;
    }

    /**
     * A number column's rows that test it cover bands (errorRate above 0.10, from 0.02 to 0.10): a value between two
     * bands that no row covers falls to the rows that do not test the column, typically the last, catch-all row. kie
     * sees no gap there, as that row covers it; under FIRST and PRIORITY it is the gap an edit of one band opens.
     */
    private static List<Finding> bandGaps(DTAnalysis analysis, String read) {
        DDTATable ddta = analysis.getDdtaTable();
        List<Finding> found = new ArrayList<>();
        for (int column = 0; column < ddta.inputCols(); column++) {
            DDTAInputClause clause = ddta.getInputs().get(column);
            if (clause.isDiscreteDomain()) {
                continue;
            }
            List<Interval> bands = new ArrayList<>();
            Set<Integer> testing = new TreeSet<>();
            for (int r = 0; r < ddta.getRule().size(); r++) {
                DDTAInputEntry entry = ddta.getRule().get(r).getInputEntry().get(column);
                if (entry.getUts().stream().noneMatch(DashNode.class::isInstance)) {
                    bands.addAll(entry.getIntervals());
                    testing.add(r + 1);
                }
            }
            if (bands.stream().flatMap(b -> Stream.of(b.getLowerBound().getValue(), b.getUpperBound().getValue()))
                    .anyMatch(v -> !(v instanceof BigDecimal) && v != Interval.NEG_INF && v != Interval.POS_INF)) {
                continue; // bands of numbers only: strings have no values between two of them that anyone writes
            }
            List<Interval> covered = Interval.flatten(bands);
            for (int i = 0; i + 1 < covered.size(); i++) {
                Interval below = covered.get(i);
                Interval above = covered.get(i + 1);
                Interval gap = new Interval(Interval.invertBoundary(below.getUpperBound().getBoundaryType()), below.getUpperBound().getValue(),
                        above.getLowerBound().getValue(), Interval.invertBoundary(above.getLowerBound().getBoundaryType()), 0, column + 1);
                Set<Integer> before = new TreeSet<>();
                Set<Integer> after = new TreeSet<>();
                for (int r : testing) {
                    for (Interval band : ddta.getRule().get(r - 1).getInputEntry().get(column).getIntervals()) {
                        if (band.getUpperBound().getValue().equals(below.getUpperBound().getValue())) {
                            before.add(r);
                        }
                        if (band.getLowerBound().getValue().equals(above.getLowerBound().getValue())) {
                            after.add(r);
                        }
                    }
                }
                String input = analysis.getSource().getInput().get(column).getInputExpression().getText();
                int first = Stream.concat(before.stream(), after.stream()).min(Integer::compare).orElseThrow();
                found.add(new Finding(DMNMessageType.DECISION_TABLE_GAP, DMNMessage.Severity.WARN,
                        analysis.getSource().getRule().get(first - 1).getInputEntry().get(column), first,
                        "Gap detected: " + input + " " + gap.asHumanFriendly(clause) + " is in no rule that tests " + input + " (" + rules(testing)
                                + "): it lies between the band of " + rules(before) + " and that of " + rules(after)
                                + ", so such an input falls to a rule for any " + input + read,
                        Optional.empty()));
            }
        }
        return found;
    }

    private static String rules(Set<Integer> rows) {
        return (rows.size() == 1 ? "rule " : "rules ") + rows.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    /**
     * A cell that compares its input with a literal of another type ({@code > "abc"} on a number) matches nothing and
     * makes kie's analyser give up on the whole table without saying where: each cell is checked against its
     * column's type.
     */
    private static List<Finding> typeErrors(DmnModel model, DecisionTable table) {
        List<Finding> found = new ArrayList<>();
        for (int column = 0; column < table.getInput().size(); column++) {
            InputClause input = table.getInput().get(column);
            String expected = input.getInputExpression().getTypeRef() == null ? null : feelType(model, input.getInputExpression().getTypeRef().getLocalPart());
            if (expected == null) {
                continue;
            }
            for (DecisionRule rule : table.getRule()) {
                UnaryTests cell = rule.getInputEntry().get(column);
                for (String literal : literalTypes(cell.getText())) {
                    if (!literal.equals(expected)) {
                        found.add(new Finding(DMNMessageType.TYPEREF_MISMATCH, DMNMessage.Severity.ERROR, cell, null,
                                "Type error: the cell '" + cell.getText() + "' compares " + input.getInputExpression().getText() + ", a " + expected
                                        + ", with a " + literal + ", so it never matches", Optional.empty()));
                        break;
                    }
                }
            }
        }
        return found;
    }

    /** The FEEL type a column's typeRef names (number, string, boolean), item definitions resolved; null when another or unknown. */
    private static String feelType(DmnModel model, String typeRef) {
        if (Set.of("number", "string", "boolean").contains(typeRef)) {
            return typeRef;
        }
        return model.dmnModel().getItemDefinitions().stream().filter(i -> i.getName().equals(typeRef)).findFirst().map(i -> {
            DMNType type = i.getType();
            while (type.getBaseType() != null) {
                type = type.getBaseType();
            }
            return Set.of("number", "string", "boolean").contains(type.getName()) ? type.getName() : null;
        }).orElse(null);
    }

    /** The types of the number, string and boolean literals a cell compares its input with. */
    private static List<String> literalTypes(String cell) {
        List<String> types = new ArrayList<>();
        collectLiterals(parse(cell), types);
        return types;
    }

    /** The unary tests of a cell as FEEL parses them; null when they do not compile (the compilation reports that). */
    private static ASTNode parse(String cell) {
        try {
            return new ProcessedUnaryTest(cell, FEEL_PARSER.newCompilerContext(), List.copyOf(PROFILES)).getInterpreted().getASTNode();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void collectLiterals(ASTNode node, List<String> types) {
        if (node instanceof UnaryTestListNode list) {
            list.getElements().forEach(e -> collectLiterals(e, types));
        } else if (node instanceof UnaryTestNode test) {
            if (test.getOperator() != UnaryTestNode.UnaryOperator.TEST) {
                collectLiterals(test.getValue(), types);
            }
        } else if (node instanceof RangeNode range) {
            collectLiterals(range.getStart(), types);
            collectLiterals(range.getEnd(), types);
        } else if (node instanceof ListNode list) {
            list.getElements().forEach(e -> collectLiterals(e, types));
        } else if (node instanceof NumberNode) {
            types.add("number");
        } else if (node instanceof StringNode) {
            types.add("string");
        } else if (node instanceof BooleanNode) {
            types.add("boolean");
        }
    }

    /** {@code text} with every name of {@code literals} replaced by its value; the names replaced go to {@code used}. */
    private static String fold(String text, Map<String, String> literals, Map<String, String> used) {
        String folded = text;
        for (Map.Entry<String, String> named : literals.entrySet()) {
            // a whole name: not part of a longer one, nor a component of another (x.name), though after a range's ".."
            Matcher m = Pattern.compile("(?<!\\w)(?<!(?<!\\.)\\.)" + Pattern.quote(named.getKey()) + "(?!\\w)").matcher(folded);
            if (m.find()) {
                used.put(named.getKey(), named.getValue());
                folded = m.replaceAll(Matcher.quoteReplacement(named.getValue()));
            }
        }
        return folded;
    }

    /**
     * The values of the decisions that read no input (directly or through another decision), as FEEL literals by
     * name, a context's components as name.component; longest names first, so that no name is replaced inside another.
     */
    private static Map<String, String> namedValues(DmnModel model) {
        Map<String, Decision> byId = new LinkedHashMap<>();
        for (DRGElement e : model.dmnModel().getDefinitions().getDrgElement()) {
            if (e instanceof Decision d) {
                byId.put(d.getId(), d);
            }
        }
        Set<String> constant = new LinkedHashSet<>();
        for (boolean grew = true; grew; ) {
            grew = false;
            for (Decision d : byId.values()) {
                boolean readsOnlyConstants = d.getInformationRequirement().stream().allMatch(r -> r.getRequiredInput() == null
                        && r.getRequiredDecision() != null && constant.contains(nameOf(byId, r.getRequiredDecision().getHref())));
                if (readsOnlyConstants && constant.add(d.getName())) {
                    grew = true;
                }
            }
        }
        Map<String, String> literals = new TreeMap<>(Comparator.comparing(String::length).reversed().thenComparing(Comparator.naturalOrder()));
        if (constant.isEmpty()) {
            return literals;
        }
        Map<String, Object> values = model.evaluateWithoutInputs(List.copyOf(constant));
        for (String name : constant) {
            if (values.get(name) instanceof Map<?, ?> context) {
                context.forEach((component, value) -> literal(value).ifPresent(l -> literals.put(name + "." + component, l)));
            } else {
                literal(values.get(name)).ifPresent(l -> literals.put(name, l));
            }
        }
        return literals;
    }

    private static String nameOf(Map<String, Decision> byId, String href) {
        Decision d = byId.get(href.startsWith("#") ? href.substring(1) : href);
        return d == null ? null : d.getName();
    }

    private static Optional<String> literal(Object value) {
        if (value instanceof BigDecimal n) {
            return Optional.of(n.toPlainString());
        }
        if (value instanceof Boolean b) {
            return Optional.of(b.toString());
        }
        if (value instanceof String s) {
            return Optional.of("\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
        return Optional.empty();
    }

    /** The column of the cell of {@code rule} whose FEEL kie quotes in {@code text} as not compiling; null when none. */
    static Integer columnQuoted(DecisionRule rule, String text) {
        Matcher quoted = QUOTED_EXPRESSION.matcher(text);
        if (!quoted.find()) {
            return null;
        }
        for (int i = 0; i < rule.getInputEntry().size(); i++) {
            if (quoted.group(1).equals(rule.getInputEntry().get(i).getText())) {
                return i + 1;
            }
        }
        for (int i = 0; i < rule.getOutputEntry().size(); i++) {
            if (quoted.group(1).equals(rule.getOutputEntry().get(i).getText())) {
                return rule.getInputEntry().size() + i + 1;
            }
        }
        return null;
    }
}
