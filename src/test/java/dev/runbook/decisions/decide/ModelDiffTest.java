package dev.runbook.decisions.decide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.runbook.decisions.decide.ModelDiff.Cell;
import dev.runbook.decisions.decide.ModelDiff.ChangedRow;
import dev.runbook.decisions.decide.ModelDiff.Diff;
import dev.runbook.decisions.decide.ModelDiff.ElementKind;
import dev.runbook.decisions.decide.ModelDiff.ExpressionChange;
import dev.runbook.decisions.decide.ModelDiff.Row;
import dev.runbook.decisions.decide.ModelDiff.TableDiff;

/** The comparison of two versions of one model, on the shipped models of dmn/ edited as an editor would. */
class ModelDiffTest {

    private static final String DRIFT_VALUE = "<text>0.3</text>";
    private static final String TECH_LEAD = "<text>\"@ml-tech-lead\"</text>";

    @Test
    void identicalVersionsDifferInNothing() throws IOException {
        String model = read("escalation");

        Diff diff = diff(model, model);

        assertEquals(List.of(), diff.tables());
        assertEquals(List.of(), diff.expressions());
        assertEquals("", diff.unified());
    }

    @Test
    void aChangedThresholdIsOneCellOfOneRow() throws IOException {
        String published = read("classification");

        Diff diff = diff(published, replaceOnce(published, DRIFT_VALUE, "<text>0.25</text>"));

        assertEquals(List.of(new TableDiff("symptomThresholdRows", ElementKind.DECISION, List.of(), List.of(),
                List.of(new ChangedRow(3, 3, List.of(new Cell("value", "0.3", "0.25")))), List.of())), diff.tables());
        assertEquals(List.of(), diff.expressions());
    }

    @Test
    void theUnifiedDiffOfAOneLineChangeIsOneHunkWithThreeLinesOfContext() throws IOException {
        String published = read("classification");
        String draft = replaceOnce(published, DRIFT_VALUE, "<text>0.25</text>");
        List<String> lines = published.lines().toList();
        int changed = IntStream.range(0, lines.size()).filter(i -> lines.get(i).contains(DRIFT_VALUE)).findFirst().orElseThrow();

        String expected = "--- against v3\n+++ v4\n"
                + "@@ -" + (changed - 2) + ",7 +" + (changed - 2) + ",7 @@\n"
                + context(lines.subList(changed - 3, changed))
                + "-" + lines.get(changed) + "\n"
                + "+" + lines.get(changed).replace("0.3", "0.25") + "\n"
                + context(lines.subList(changed + 1, changed + 4));
        assertEquals(expected, ModelDiff.compare(4, bytes(draft), 3, bytes(published)).unified());
    }

    @Test
    void aRowInABusinessKnowledgeModelIsNamedByIt() throws IOException {
        String published = read("escalation");

        Diff diff = diff(published, replaceOnce(published, TECH_LEAD, "<text>\"@ml-leads\"</text>"));

        assertEquals(List.of(new TableDiff("contactFor", ElementKind.BUSINESS_KNOWLEDGE_MODEL, List.of(), List.of(),
                List.of(new ChangedRow(2, 2, List.of(new Cell("contact", "\"@ml-tech-lead\"", "\"@ml-leads\"")))), List.of())), diff.tables());
    }

    @Test
    void theJsonHasTheContractsShape() throws IOException {
        String published = read("escalation");

        String json = new ObjectMapper().writeValueAsString(diff(published, replaceOnce(published, TECH_LEAD, "<text>\"@ml-leads\"</text>")).tables());

        assertEquals("[{\"decision\":\"contactFor\",\"element\":\"businessKnowledgeModel\",\"rowsAdded\":[],\"rowsRemoved\":[],"
                + "\"rowsChanged\":[{\"row\":2,\"againstRow\":2,\"cells\":[{\"column\":\"contact\",\"before\":\"\\\"@ml-tech-lead\\\"\","
                + "\"after\":\"\\\"@ml-leads\\\"\"}]}],\"header\":[]}]", json);
    }

    @Test
    void anAddedRowIsAddedAndTheRowsAfterItAreNotChanged() throws IOException {
        String published = read("escalation");
        String row = """
                <rule id="_escalation_r_new">
                          <inputEntry id="_escalation_ue_new"><text>"SRE_LEAD"</text></inputEntry>
                          <outputEntry id="_escalation_oe_new"><text>"@sre-lead"</text></outputEntry>
                          <annotationEntry><text>| SRE Lead | `@sre-lead` | P1 |</text></annotationEntry>
                        </rule>
                        <rule id="_escalation_r_17">""";

        Diff diff = diff(published, replaceOnce(published, "<rule id=\"_escalation_r_17\">", row));

        assertEquals(List.of(new TableDiff("contactFor", ElementKind.BUSINESS_KNOWLEDGE_MODEL,
                List.of(new Row(3, List.of("\"SRE_LEAD\"", "\"@sre-lead\""), "| SRE Lead | `@sre-lead` | P1 |")),
                List.of(), List.of(), List.of())), diff.tables());
    }

    @Test
    void aRemovedRowIsRemoved() throws IOException {
        String published = read("escalation");
        String row = published.substring(published.indexOf("<rule id=\"_escalation_r_37\">"), published.indexOf("<rule id=\"_escalation_r_41\">"));

        Diff diff = diff(published, replaceOnce(published, row, ""));

        assertEquals(List.of(new TableDiff("dataRelated", ElementKind.DECISION, List.of(),
                List.of(new Row(2, List.of("-", "\"DATABASE\"", "true"),
                        "| Database Admin | `@dba-oncall` | Data-related | (Check database/cache latency: If slow: Scale database or optimize queries)")),
                List.of(), List.of())), diff.tables());
    }

    @Test
    void aChangedAnnotationIsTheCellAnnotation() throws IOException {
        String published = read("escalation");
        String before = "| VP Engineering | `@vp-eng` | P1 only |";

        Diff diff = diff(published, replaceOnce(published, before, "| VP Engineering | `@vp-eng` | P1 only (after 15 min) |"));

        assertEquals(List.of(new ChangedRow(3, 3, List.of(new Cell(ModelDiff.ANNOTATION, before, "| VP Engineering | `@vp-eng` | P1 only (after 15 min) |")))),
                only(diff).rowsChanged());
    }

    @Test
    void rowsWithoutIdsAreMatchedByContentThenByPosition() throws IOException {
        String published = read("classification").replaceAll("<rule id=\"[^\"]*\">", "<rule>");
        String second = published.substring(published.lastIndexOf("<rule>", published.indexOf("<text>\"latencyP95SecondsAbove\"</text>")),
                published.lastIndexOf("<rule>", published.indexOf("<text>\"driftScoreAbove\"</text>")));
        String draft = replaceOnce(replaceOnce(published, second, ""), DRIFT_VALUE, "<text>0.25</text>");

        TableDiff table = only(diff(published, draft));

        assertEquals(List.of(2), table.rowsRemoved().stream().map(Row::row).toList());
        assertEquals(List.of(new ChangedRow(2, 3, List.of(new Cell("value", "0.3", "0.25")))), table.rowsChanged());
        assertEquals(List.of(), table.rowsAdded());
    }

    @Test
    void aRowMovedAgainstTheOthersSaysWhereFrom() throws IOException {
        String published = read("escalation");
        String first = published.substring(published.indexOf("<rule id=\"_escalation_r_33\">"), published.indexOf("<rule id=\"_escalation_r_37\">"));
        String second = published.substring(published.indexOf("<rule id=\"_escalation_r_37\">"), published.indexOf("<rule id=\"_escalation_r_41\">"));

        Diff diff = diff(published, replaceOnce(published, first + second, second + first));

        assertEquals(List.of(new ChangedRow(2, 1, List.of(new Cell(ModelDiff.ROW, "1", "2")))), only(diff).rowsChanged());
    }

    @Test
    void aModelSavedUnderDmn15ReadsTheSame() throws IOException {
        String published = read("classification");
        String draft = replaceOnce(published, "https://www.omg.org/spec/DMN/20191111/MODEL/", "https://www.omg.org/spec/DMN/20240513/MODEL/");

        assertEquals(List.of(), diff(published, draft).tables());
        assertEquals(List.of(new ChangedRow(3, 3, List.of(new Cell("value", "0.3", "0.25")))),
                only(diff(published, replaceOnce(draft, DRIFT_VALUE, "<text>0.25</text>"))).rowsChanged());
    }

    @Test
    void theHitPolicyAndARenamedColumnAreTheHeader() throws IOException {
        String published = read("escalation");
        String draft = replaceOnce(replaceOnce(published, "<decisionTable id=\"_escalation_dt_27\" hitPolicy=\"FIRST\"",
                "<decisionTable id=\"_escalation_dt_27\" hitPolicy=\"PRIORITY\""), "label=\"latencyBottleneck\"", "label=\"bottleneck\"");

        TableDiff table = only(diff(published, draft));

        assertEquals(List.of(new Cell("hitPolicy", "FIRST", "PRIORITY"), new Cell("input", "latencyBottleneck", "bottleneck (latencyBottleneck)")),
                table.header());
        assertEquals(List.of(), table.rowsChanged(), "the column is matched by its id, so no row changes");
    }

    @Test
    void aChangedLiteralExpressionIsAnExpressionChange() throws IOException {
        String published = read("classification");
        String literal = "context(for row in symptomThresholdRows return {key: row.name, value: row.value})";

        Diff diff = diff(published, replaceOnce(published, literal, "context(for r in symptomThresholdRows return {key: r.name, value: r.value})"));

        assertEquals(List.of(), diff.tables());
        assertEquals(List.of(new ExpressionChange("symptomThresholds", ElementKind.DECISION, literal,
                "context(for r in symptomThresholdRows return {key: r.name, value: r.value})")), diff.expressions());
    }

    private static Diff diff(String published, String draft) {
        return ModelDiff.compare(2, bytes(draft), 1, bytes(published));
    }

    private static TableDiff only(Diff diff) {
        assertEquals(1, diff.tables().size(), () -> "one table differs: " + diff.tables());
        return diff.tables().get(0);
    }

    private static String read(String model) throws IOException {
        return Files.readString(Path.of("dmn", model + ".dmn"));
    }

    /** The text with its one occurrence of {@code from} replaced, failing if a change to dmn/ made it not one. */
    private static String replaceOnce(String text, String from, String to) {
        int at = text.indexOf(from);
        assertTrue(at >= 0 && text.indexOf(from, at + 1) < 0, () -> "exactly one '" + from + "'");
        return text.substring(0, at) + to + text.substring(at + from.length());
    }

    private static String context(List<String> lines) {
        return lines.stream().map(l -> " " + l + "\n").collect(Collectors.joining());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
