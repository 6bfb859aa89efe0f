package dev.runbook.decisions.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import static io.restassured.RestAssured.given;
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
    void aCellThatDoesNotParseIsNamedByDecisionAndRow() throws IOException {
        String broken = dmn("severity").replace("<inputEntry id=\"_severity_ue_30\"><text>&gt; severityThresholds.criticalErrorRateAbove</text>",
                "<inputEntry id=\"_severity_ue_30\"><text>&gt; (0.1</text>");
        JsonPath report = validate(broken);
        assertEquals(false, report.getBoolean("valid"), report.prettify());
        Map<String, Object> cell = report.getMap("messages.find { it.severity == 'ERROR' && it.row != null }");
        assertEquals("severity", cell.get("model"), report.prettify());
        assertEquals("baseSeverity", cell.get("decision"));
        // kie names the rule of a cell that does not parse, not the cell: the column stays null here
        assertEquals(2, cell.get("row"));
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
