package dev.runbook.decisions.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;

import dev.runbook.decisions.support.Http;
import dev.runbook.decisions.support.TestKeys;

/**
 * Every REST endpoint of the OpenAPI document refuses an anonymous call (401) and a caller without its role (403),
 * and lets its roles through. An endpoint missing from {@link #ROLES} fails the test: new endpoints must declare
 * who may call them here too.
 */
@QuarkusTest
class RoleMatrixTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> KEYS = Map.of(Roles.EVALUATOR, TestKeys.EVALUATOR, Roles.OPERATOR, TestKeys.OPERATOR,
            Roles.EDITOR, TestKeys.EDITOR, Roles.AUDITOR, TestKeys.AUDITOR);

    /** Who may call each operation (admin always may). */
    private static final Map<String, Set<String>> ROLES = Map.ofEntries(
            Map.entry("POST /api/v1/decisions", Set.of(Roles.EVALUATOR, Roles.OPERATOR)),
            Map.entry("POST /api/v1/bench/floor", Set.of(Roles.EVALUATOR)),
            Map.entry("GET /api/v1/decisions", Set.of(Roles.AUDITOR)),
            Map.entry("GET /api/v1/decisions/export", Set.of(Roles.AUDITOR)),
            Map.entry("GET /api/v1/decisions/{id}", Set.of(Roles.AUDITOR)),
            Map.entry("GET /api/v1/incidents", Set.of(Roles.AUDITOR, Roles.OPERATOR)),
            Map.entry("GET /api/v1/incidents/{id}", Set.of(Roles.AUDITOR, Roles.OPERATOR)),
            Map.entry("POST /api/v1/incidents/{id}/acknowledge", Set.of(Roles.OPERATOR)),
            Map.entry("POST /api/v1/incidents/{id}/resolve", Set.of(Roles.OPERATOR)),
            Map.entry("GET /api/v1/incidents/{id}/actions", Set.of(Roles.AUDITOR, Roles.OPERATOR)),
            Map.entry("POST /api/v1/incidents/{id}/actions/{actionId}/approve", Set.of(Roles.OPERATOR)),
            Map.entry("POST /api/v1/incidents/{id}/actions/{actionId}/reject", Set.of(Roles.OPERATOR)),
            Map.entry("GET /api/v1/audit/records", Set.of(Roles.AUDITOR)),
            Map.entry("GET /api/v1/audit/verify", Set.of(Roles.AUDITOR)),
            Map.entry("GET /api/v1/models", Set.of(Roles.EVALUATOR, Roles.EDITOR, Roles.AUDITOR)),
            Map.entry("POST /api/v1/models/validate", Set.of(Roles.EDITOR)),
            Map.entry("POST /api/v1/models/{name}/evaluate", Set.of(Roles.EVALUATOR, Roles.EDITOR)),
            Map.entry("GET /api/v1/models/{name}/versions", Set.of(Roles.EDITOR, Roles.AUDITOR, Roles.EVALUATOR)),
            Map.entry("POST /api/v1/models/{name}/versions", Set.of(Roles.EDITOR)),
            Map.entry("GET /api/v1/models/{name}/versions/{version}", Set.of(Roles.EDITOR, Roles.AUDITOR, Roles.EVALUATOR)),
            Map.entry("DELETE /api/v1/models/{name}/versions/{version}", Set.of(Roles.EDITOR)),
            Map.entry("POST /api/v1/models/{name}/versions/{version}/shadow", Set.of(Roles.EDITOR)),
            Map.entry("GET /api/v1/models/{name}/versions/{version}/shadow", Set.of(Roles.EDITOR, Roles.AUDITOR)),
            Map.entry("DELETE /api/v1/models/{name}/versions/{version}/shadow", Set.of(Roles.EDITOR)),
            Map.entry("GET /api/v1/models/{name}/versions/{version}/info", Set.of(Roles.EDITOR, Roles.AUDITOR, Roles.EVALUATOR)),
            Map.entry("GET /api/v1/models/{name}/versions/{version}/diff", Set.of(Roles.EDITOR, Roles.AUDITOR, Roles.EVALUATOR)),
            Map.entry("POST /api/v1/models/{name}/versions/{version}/approve", Set.of(Roles.EDITOR)),
            Map.entry("POST /api/v1/models/{name}/versions/{version}/publish", Set.of(Roles.EDITOR)),
            Map.entry("POST /api/v1/models/{name}/versions/{version}/what-if", Set.of(Roles.EDITOR, Roles.AUDITOR)),
            Map.entry("POST /api/v1/models/{name}/rollback", Set.of(Roles.EDITOR)),
            Map.entry("POST /api/v1/alerts/alertmanager{receiverToken}", Set.of(Roles.EVALUATOR)),
            Map.entry("POST /api/v1/alerts/grafana{receiverToken}", Set.of(Roles.EVALUATOR)),
            Map.entry("POST /api/v1/alerts/pagerduty{receiverToken}", Set.of(Roles.EVALUATOR)),
            Map.entry("POST /api/v1/alerts/{sender}/test{receiverToken}", Set.of(Roles.EVALUATOR)));

    @Test
    void everyEndpointDeclaresItsRolesAndEnforcesThem() throws Exception {
        Set<String> operations = operations();
        assertEquals(new TreeSet<>(ROLES.keySet()), operations, "the OpenAPI operations and the role table differ");
        for (String operation : operations) {
            String method = operation.substring(0, operation.indexOf(' '));
            String path = operation.substring(operation.indexOf(' ') + 1).replace("{id}", "no-such-id")
                    .replace("{name}", "severity").replace("{version}", "1").replace("{receiverToken}", "").replace("{sender}", "alertmanager").replace("{actionId}", "no-such-action");
            HttpResponse<String> anonymous = call(method, path, Map.of());
            assertEquals(401, anonymous.statusCode(), operation + " anonymous");
            assertTrue(anonymous.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), operation);
            assertTrue(anonymous.headers().firstValue("WWW-Authenticate").isPresent(), operation);
            for (Map.Entry<String, String> key : KEYS.entrySet()) {
                int status = call(method, path, Map.of("X-API-Key", key.getValue())).statusCode();
                if (ROLES.get(operation).contains(key.getKey())) {
                    assertTrue(status != 401 && status != 403, operation + " as " + key.getKey() + " answered " + status);
                } else {
                    assertEquals(403, status, operation + " as " + key.getKey());
                }
            }
            int asAdmin = call(method, path, Map.of("X-API-Key", TestKeys.ADMIN)).statusCode();
            assertNotEquals(403, asAdmin, operation + " as admin");
            assertNotEquals(401, asAdmin, operation + " as admin");
        }
    }

    @Test
    void healthAndMetricsAreOpen() throws Exception {
        assertEquals(200, call("GET", "/q/health/live", Map.of()).statusCode());
        assertEquals(200, call("GET", "/q/health/ready", Map.of()).statusCode());
        assertEquals(200, call("GET", "/q/metrics", Map.of()).statusCode());
    }

    private static HttpResponse<String> call(String method, String path, Map<String, String> headers) throws Exception {
        // Every call is one that changes nothing: a draft of no model, a publish or a shadow of the published version 1, ...
        boolean xml = path.endsWith("/validate") || path.endsWith("/versions");
        String body = "POST".equals(method) ? (xml ? "<definitions/>" : "{}") : null;
        return Http.send(method, path, body == null ? null : xml ? "application/xml" : "application/json", body, headers);
    }

    private static Set<String> operations() throws Exception {
        JsonNode paths = JSON.readTree(Http.send("GET", "/q/openapi?format=json", null, null, Map.of()).body()).path("paths");
        Set<String> operations = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            for (String method : List.of("get", "post", "put", "delete", "patch")) {
                if (path.getValue().has(method)) {
                    operations.add(method.toUpperCase() + " " + path.getKey());
                }
            }
        }
        return operations;
    }
}
