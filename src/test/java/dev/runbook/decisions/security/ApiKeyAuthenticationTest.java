package dev.runbook.decisions.security;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.runbook.decisions.support.Api;
import dev.runbook.decisions.support.Http;
import dev.runbook.decisions.support.TestKeys;
import io.quarkus.test.junit.QuarkusTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ways a caller can present an API key, and what the audit log keeps of it: the key's name, never the key. */
@QuarkusTest
class ApiKeyAuthenticationTest {

    private static final String ALERT = "{\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"HighLatency\",\"service\":\"%s\"},"
            + "\"annotations\":{\"latency_p95_seconds\":\"2s\"},\"fingerprint\":\"%s\"}]}";

    @Test
    void keyInXApiKeyHeader() throws Exception {
        assertEquals(200, decide(Map.of("X-API-Key", TestKeys.EVALUATOR)).statusCode());
    }

    @Test
    void keyAsBearerToken() throws Exception {
        assertEquals(200, decide(Map.of("Authorization", "Bearer " + TestKeys.EVALUATOR)).statusCode());
    }

    @Test
    void keyAsBasicAuthPasswordForWebhookSenders() throws Exception {
        String basic = Base64.getEncoder().encodeToString(("alertmanager:" + TestKeys.EVALUATOR).getBytes(StandardCharsets.UTF_8));
        assertEquals(200, alert("/api/v1/alerts/alertmanager", Map.of("Authorization", "Basic " + basic)).statusCode());
    }

    @Test
    void keyAsReceiverTokenInTheWebhookPath() throws Exception {
        assertEquals(200, alert("/api/v1/alerts/alertmanager/" + TestKeys.EVALUATOR, Map.of()).statusCode());
        assertEquals(200, alert("/api/v1/alerts/grafana/" + TestKeys.EVALUATOR, Map.of()).statusCode());
        HttpResponse<String> wrong = alert("/api/v1/alerts/alertmanager/rbk_test-evaluator_" + "A".repeat(43), Map.of());
        assertEquals(401, wrong.statusCode());
        assertFalse(wrong.body().contains("AAAAAAAAAA"), "the refused token is not echoed");
        assertTrue(wrong.body().contains("/api/v1/alerts/alertmanager/********"));
    }

    @Test
    void wrongMalformedOrUnknownKeysAre401ProblemsWithAChallenge() throws Exception {
        for (String key : new String[] {TestKeys.EVALUATOR + "x", "rbk_nobody_" + "B".repeat(43), "not-a-key", ""}) {
            HttpResponse<String> refused = decide(Map.of("X-API-Key", key));
            assertEquals(401, refused.statusCode(), key);
            assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
            assertTrue(refused.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        }
    }

    @Test
    void theAuditLogRecordsTheKeysNameNeverTheKey() throws Exception {
        HttpResponse<String> decided = decide(Map.of("X-API-Key", TestKeys.EVALUATOR));
        String id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(decided.body()).path("decisionId").asText();
        String record = io.restassured.RestAssured.given().when().get("/api/v1/decisions/" + id).then().statusCode(200).extract().asString();
        assertTrue(record.contains("\"caller\":\"test-evaluator\""));
        assertFalse(record.contains(TestKeys.EVALUATOR.substring(20)));
    }

    private static HttpResponse<String> decide(Map<String, String> headers) throws Exception {
        return Http.send("POST", "/api/v1/decisions", "application/json", "{\"service\":\"" + Api.uniqueService("auth") + "\"}", headers);
    }

    private static HttpResponse<String> alert(String path, Map<String, String> headers) throws Exception {
        String service = Api.uniqueService("hook");
        return Http.send("POST", path, "application/json", ALERT.formatted(service, service), headers);
    }
}
