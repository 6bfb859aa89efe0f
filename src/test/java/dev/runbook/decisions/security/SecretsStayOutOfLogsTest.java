package dev.runbook.decisions.security;

import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import dev.runbook.decisions.support.CapturedLog;
import dev.runbook.decisions.support.Http;
import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Credentials sent to the service (good or bad) and PagerDuty routing keys never show up in the log, the audit log or
 * an answer. The log is captured by a handler on the root logger while the requests run.
 */
@QuarkusTest
class SecretsStayOutOfLogsTest {

    private static final String BAD_KEY = "rbk_planted_PLANTEDSECRETKEY0000000000000000000000";
    private static final String BAD_TOKEN = "rbk_planted_PLANTEDPATHTOKEN00000000000000000000000";
    private static final String BEARER = "eyPLANTEDBEARERSECRET.payload.signature";
    private static final String ROUTING_KEY = "PLANTEDROUTINGKEY0000000000000000";
    private static final String BASIC_PASSWORD = "PLANTEDBASICPASSWORD";

    @Test
    void plantedSecretsAppearNowhere() throws Exception {
        CapturedLog log = new CapturedLog();
        Logger.getLogger("").addHandler(log);
        List<String> answers;
        try {
            Logger.getLogger(SecretsStayOutOfLogsTest.class.getName()).warning("log capture check");
            answers = requestsCarryingSecrets();
        } finally {
            Logger.getLogger("").removeHandler(log);
        }
        assertTrue(log.text().contains("log capture check"), "the handler sees the application's log");
        for (String secret : List.of("PLANTEDSECRETKEY", "PLANTEDPATHTOKEN", "PLANTEDBEARERSECRET", ROUTING_KEY, BASIC_PASSWORD)) {
            assertFalse(log.text().contains(secret), secret + " is in the log");
            answers.forEach(answer -> assertFalse(answer.contains(secret), secret + " is in an answer or the audit log"));
        }
    }

    private static List<String> requestsCarryingSecrets() throws Exception {
        return List.of(
                Http.send("POST", "/api/v1/decisions", "application/json", "{\"service\":\"s\"}", Map.of("X-API-Key", BAD_KEY)).body(),
                Http.send("POST", "/api/v1/decisions", "application/json", "{\"service\":\"s\"}", Map.of("Authorization", "Bearer " + BEARER)).body(),
                Http.send("POST", "/api/v1/alerts/alertmanager/" + BAD_TOKEN, "application/json", "{}", Map.of()).body(),
                Http.send("POST", "/api/v1/alerts/alertmanager", "application/json", "{}", Map.of("Authorization",
                        "Basic " + java.util.Base64.getEncoder().encodeToString(("am:" + BASIC_PASSWORD).getBytes()))).body(),
                given().contentType("application/json").body("{\"routing_key\":\"" + ROUTING_KEY + "\",\"event_action\":\"trigger\","
                        + "\"payload\":{\"summary\":\"s\",\"source\":\"planted\",\"severity\":\"info\"}}")
                        .when().post("/api/v1/alerts/pagerduty").then().statusCode(202).extract().asString(),
                given().contentType("application/json").body("{\"routing_key\":\"" + ROUTING_KEY + "\",\"event_action\":\"resolve\"}")
                        .when().post("/api/v1/alerts/pagerduty").then().statusCode(400).extract().asString(),
                given().when().get("/api/v1/audit/records?limit=100").then().statusCode(200).extract().asString());
    }
}
