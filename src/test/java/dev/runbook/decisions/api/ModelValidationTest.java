package dev.runbook.decisions.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.runbook.decisions.decide.DmnModel;
import dev.runbook.decisions.decide.DmnValidation;
import dev.runbook.decisions.decide.ModelRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /api/v1/models/validate: the structured report and each rule a draft is held to (issue 12, item 3). */
@QuarkusTest
class ModelValidationTest {

    private static final String PROPERTY = "runbook.validation.pwned";
    /** baseSeverity row 2, column errorRate: P1 above the P1 error rate. */
    private static final String P1_ERROR_RATE_CELL_OPEN = "<inputEntry id=\"_severity_ue_30\"><text>";
    private static final String P1_ERROR_RATE_CELL = P1_ERROR_RATE_CELL_OPEN + "&gt; severityThresholds.criticalErrorRateAbove</text>";

    private static String dmn(String name) throws IOException {
        return Files.readString(Path.of("dmn", name + ".dmn"));
    }

    private static JsonPath validate(String body) {
        return given().contentType("application/xml").body(body).when().post("/api/v1/models/validate")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aSubsumedRowIsAWarningNamingModelElementDecisionAndRow() throws IOException {
        // the catch-all row back to "-" "-": it then contains the rows above it that add no fact either
        String subsumed = dmn("alert-routing")
                .replace("<text>not(\"KubeHpaMaxedOut\",\"CPUThrottlingHigh\")</text>", "<text>-</text>")
                .replace("<text>not(\"CrashLoopBackOff\")</text>", "<text>-</text>");
        given().contentType("application/xml").body(subsumed).when().post("/api/v1/models/validate")
                .then().statusCode(200)
                .body("valid", is(true))
                .body("messages.find { it.message.contains('Subsumption') }.model", equalTo("alert-routing"))
                .body("messages.find { it.message.contains('Subsumption') }.elementId", equalTo("_alert_routing_dt_5"))
                .body("messages.find { it.message.contains('Subsumption') }.decision", equalTo("alertRoute"))
                .body("messages.find { it.message.contains('Subsumption') }.row", equalTo(13))
                .body("messages.find { it.message.contains('Subsumption') }.severity", equalTo("WARN"));
    }

    @Test
    void aBandGapOpenedByOneCellIsAnErrorNamingDecisionRowAndColumn() throws IOException {
        // P1 from > 0.12 while P2 still ends at 0.10: an error rate of 0.11 would fall from P1 to P4
        JsonPath report = validate(dmn("severity").replace(P1_ERROR_RATE_CELL, P1_ERROR_RATE_CELL_OPEN + "&gt; 0.12</text>"));
        assertEquals(false, report.getBoolean("valid"), report.prettify());
        Map<String, Object> gap = report.getMap("messages.find { it.severity == 'ERROR' }");
        assertEquals("baseSeverity", gap.get("decision"), report.prettify());
        assertEquals(2, gap.get("row"));
        assertEquals(2, gap.get("column"));
        assertThat((String) gap.get("message"), allOf(containsString("Gap"), containsString("errorRate ( 0.10 .. 0.12 ]"),
                containsString("rule 3"), containsString("rule 2")));
        // the threshold moved where the table reads it moves both bands: no gap
        assertEquals(true, validate(dmn("severity").replace("<text>0.10</text>", "<text>0.12</text>")).getBoolean("valid"));
    }

    @Test
    void anOverlapOpenedByOneCellIsAnErrorNamingBothRows() throws IOException {
        // responseTimeMinutes (UNIQUE): row 2 made "P1", which row 1 already answers with another response time
        JsonPath report = validate(dmn("severity").replaceFirst("(<rule id=\"_severity_r_93\">\\s*<inputEntry id=\"[^\"]+\"><text>)\"P2\"", "$1\"P1\""));
        assertEquals(false, report.getBoolean("valid"), report.prettify());
        Map<String, Object> overlap = report.getMap("messages.find { it.severity == 'ERROR' && it.message.contains('Overlap detected') }");
        assertEquals("responseTimeMinutes", overlap.get("decision"), report.prettify());
        assertEquals(1, overlap.get("row"));
        assertThat((String) overlap.get("message"), containsString("rules: [1, 2]"));
    }

    @Test
    void aCellOfTheWrongTypeIsAnErrorNamingDecisionRowAndColumn() throws IOException {
        JsonPath report = validate(dmn("severity").replace(P1_ERROR_RATE_CELL, P1_ERROR_RATE_CELL_OPEN + "&gt; \"abc\"</text>"));
        assertEquals(false, report.getBoolean("valid"), report.prettify());
        Map<String, Object> cell = report.getMap("messages.find { it.severity == 'ERROR' }");
        assertEquals("baseSeverity", cell.get("decision"), report.prettify());
        assertEquals(2, cell.get("row"));
        assertEquals(2, cell.get("column"));
        assertThat((String) cell.get("message"), allOf(containsString("errorRate, a number"), containsString("string")));
    }

    @Test
    void aRowMaskedUnderFirstIsAnError() throws IOException {
        // row 4 (P2) widened to any input: rows 5 (P3) and 6 (P4) below it can no longer decide
        String masked = dmn("severity").replace("<inputEntry id=\"_severity_ue_43\"><text>true</text>", "<inputEntry id=\"_severity_ue_43\"><text>-</text>")
                .replace("<inputEntry id=\"_severity_ue_44\"><text>true</text>", "<inputEntry id=\"_severity_ue_44\"><text>-</text>");
        JsonPath report = validate(masked);
        assertEquals(false, report.getBoolean("valid"), report.prettify());
        assertEquals(List.of(5, 6), report.getList("messages.findAll { it.severity == 'ERROR' && it.message.contains('Masked') }.row", Integer.class));
    }

    @Test
    void aFindingThePublishedVersionHasTooIsOnlyAWarning() throws IOException {
        // A registry of its own whose published severity already has the gap, as a release could ship it: an edit
        // elsewhere in the model is not blocked by what is live already.
        String withGap = dmn("severity").replace(P1_ERROR_RATE_CELL, P1_ERROR_RATE_CELL_OPEN + "&gt; 0.12</text>");
        ModelRegistry registry = new ModelRegistry();
        registry.install(registry.current().with(DmnModel.compile("severity.dmn", withGap.getBytes(StandardCharsets.UTF_8), 2)));
        DmnValidation.Report report = new DmnValidation(registry).validate(withGap.replace("<text>1440</text>", "<text>1441</text>")
                .getBytes(StandardCharsets.UTF_8));
        assertTrue(report.valid(), report.toString());
        assertTrue(report.messages().stream().anyMatch(m -> "WARN".equals(m.severity()) && m.message().contains("Gap detected")
                && m.message().endsWith("[the published version has it too]")), report.toString());
    }

    @Test
    void aCellThatDoesNotParseIsNamedByDecisionAndRow() throws IOException {
        String broken = dmn("severity").replace(P1_ERROR_RATE_CELL, P1_ERROR_RATE_CELL_OPEN + "&gt; (0.1</text>");
        JsonPath report = validate(broken);
        assertEquals(false, report.getBoolean("valid"), report.prettify());
        Map<String, Object> cell = report.getMap("messages.find { it.severity == 'ERROR' && it.row != null }");
        assertEquals("severity", cell.get("model"), report.prettify());
        assertEquals("baseSeverity", cell.get("decision"));
        // kie names the rule of a cell that does not parse and quotes the cell: the column is the cell it quotes
        assertEquals(2, cell.get("row"));
        assertEquals(2, cell.get("column"));
    }

    @Test
    void renamedInputBreaksTheInterface() throws IOException {
        JsonPath report = validate(dmn("severity").replace("errorRate", "errorRatio"));
        assertEquals(false, report.getBoolean("valid"));
        assertTrue(report.getList("messages.findAll { it.severity == 'ERROR' }.message", String.class).stream()
                .anyMatch(m -> m.contains("'errorRate'") && m.contains("missing")), report.prettify());
    }

    @Test
    void droppedDecisionBreaksTheInterface() throws IOException {
        // Dropped as an editor drops it: the decision with its diagram shape and the edges into it.
        String dropped = dmn("severity").replaceAll("(?s)<decision id=\"_severity_d_118\" name=\"postmortem\">.*?</decision>", "")
                .replaceAll("(?m)^.*\"_severity_d_118_shape\".*\n", "");
        JsonPath report = validate(dropped);
        assertEquals(false, report.getBoolean("valid"));
        assertTrue(report.getList("messages.findAll { it.severity == 'ERROR' }.message", String.class).stream()
                .anyMatch(m -> m.contains("'postmortem'")), report.prettify());
    }

    @Test
    void aModelTheServiceDoesNotReadIsRefused() throws IOException {
        JsonPath report = validate(dmn("severity").replaceFirst("name=\"severity\"", "name=\"brand-new\""));
        assertEquals(false, report.getBoolean("valid"));
        assertTrue(report.getList("messages.message", String.class).stream().anyMatch(m -> m.contains("not a model this service reads")), report.prettify());
    }

    @Test
    void aJavaFunctionIsRefusedAsASecurityErrorAndNeverEvaluated() {
        String call = "{java: {class: \"java.lang.System\", method signature: \"setProperty(java.lang.String, java.lang.String)\"}}";
        String external = """
                <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="_x" name="severity" namespace="https://runbook-decisions.dev/dmn/severity">
                  <decision id="_d" name="severity"><variable id="_v" name="severity" typeRef="string"/>
                    <literalExpression id="_e"><text>(function(k, v) external %s)("%s", "yes")</text></literalExpression>
                  </decision>
                </definitions>""".formatted(call, PROPERTY);
        String javaKind = """
                <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="_x" name="severity" namespace="https://runbook-decisions.dev/dmn/severity">
                  <businessKnowledgeModel id="_b" name="exit"><variable id="_bv" name="exit"/>
                    <encapsulatedLogic id="_f" kind="java"><literalExpression id="_l"><text>java.lang.System.exit(1)</text></literalExpression></encapsulatedLogic>
                  </businessKnowledgeModel>
                </definitions>""";
        for (String draft : List.of(external, javaKind, javaKind.replace("kind=\"java\"", "kind=\"Java\""))) {
            given().contentType("application/xml").body(draft).when().post("/api/v1/models/validate")
                    .then().statusCode(200).body("valid", is(false))
                    .body("messages.severity", hasItem("ERROR"))
                    .body("messages.message", hasItem(containsString("Security rule")));
        }
        assertNull(System.getProperty(PROPERTY), "the Java function ran");
    }

    @Test
    void everyShippedModelValidatesWithoutAWarning() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("dmn"))) {
            for (Path file : files.sorted().toList()) {
                JsonPath report = validate(Files.readString(file));
                assertTrue(report.getBoolean("valid"), file + ": " + report.prettify());
                assertEquals(List.of(), report.getList("messages.findAll { it.severity != 'INFO' }.message", String.class), file.toString());
            }
        }
    }

    @Test
    void aFindingByDesignIsInformationWithItsReason() throws IOException {
        given().contentType("application/xml").body(dmn("alert-workload-labels")).when().post("/api/v1/models/validate")
                .then().statusCode(200).body("valid", is(true))
                .body("messages.find { it.message.contains('are duplicates') }.severity", equalTo("INFO"))
                .body("messages.find { it.message.contains('are duplicates') }.message", containsString("by design"));
    }

    @Test
    void drlIsNeverAcceptedAtRunTime() throws IOException {
        String drl = Files.readString(Path.of("rules", "high-error-rate.drl"));
        given().contentType("text/plain").body(drl).when().post("/api/v1/models/validate")
                .then().statusCode(415);
        given().contentType("application/xml").body(drl).when().post("/api/v1/models/validate")
                .then().statusCode(anyOf(equalTo(400), equalTo(415))).contentType("application/problem+json");
    }
}
