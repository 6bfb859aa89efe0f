package dev.runbook.decisions.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.jwt.build.Jwt;

import dev.runbook.decisions.support.Http;
import dev.runbook.decisions.support.OidcProfile;
import dev.runbook.decisions.support.TestKeys;

/** Production credentials: OIDC JWTs signed by the test's own key pair, with roles from a configured claim. */
@QuarkusTest
@TestProfile(OidcProfile.class)
class OidcAndRateLimitTest {

    @Test
    void aTokenWithTheEvaluatorRoleDecidesAndIsRecordedByName() throws Exception {
        HttpResponse<String> decided = decide(token("alice", List.of(Roles.EVALUATOR), 300));
        assertEquals(200, decided.statusCode(), decided.body());
        String id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(decided.body()).path("decisionId").asText();
        assertEquals("alice", given().when().get("/api/v1/decisions/" + id).then().statusCode(200).extract().path("caller"));
    }

    @Test
    void rolesComeFromTheConfiguredClaim() throws Exception {
        String evaluator = token("bob", List.of(Roles.EVALUATOR), 300);
        assertEquals(403, Http.send("GET", "/api/v1/decisions", null, null, bearer(evaluator)).statusCode());
        assertEquals(200, Http.send("GET", "/api/v1/decisions", null, null, bearer(token("carol", List.of(Roles.AUDITOR), 300))).statusCode());
        assertEquals(200, Http.send("GET", "/api/v1/decisions", null, null, bearer(token("dave", List.of(Roles.ADMIN), 300))).statusCode(),
                "an admin token holds every role");
    }

    @Test
    void expiredForeignAndMisissuedTokensAre401() throws Exception {
        assertEquals(401, decide(token("erin", List.of(Roles.EVALUATOR), -600)).statusCode());
        var foreign = KeyPairGenerator.getInstance("RSA");
        foreign.initialize(2048);
        String forged = Jwt.issuer(OidcProfile.ISSUER).upn("mallory").claim("roles", List.of(Roles.ADMIN)).expiresIn(300)
                .sign(foreign.generateKeyPair().getPrivate());
        assertEquals(401, decide(forged).statusCode());
        String otherIssuer = Jwt.issuer("https://elsewhere.test").upn("mallory").claim("roles", List.of(Roles.ADMIN))
                .expiresIn(300).sign("oidc/private.pem");
        assertEquals(401, decide(otherIssuer).statusCode());
    }

    @Test
    void apiKeysStillWorkBesideOidc() throws Exception {
        assertEquals(200, Http.send("POST", "/api/v1/decisions", "application/json", "{\"service\":\"keyed\"}",
                Map.of("X-API-Key", TestKeys.EVALUATOR)).statusCode());
    }

    @Test
    void aCallerOverItsRateGets429WithRetryAfterWhileOthersGoOn() throws Exception {
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            answers.add(Http.send("GET", "/api/v1/audit/verify", null, null, Map.of("X-API-Key", TestKeys.AUDITOR)));
        }
        HttpResponse<String> limited = answers.stream().filter(a -> a.statusCode() == 429).findFirst().orElseThrow(
                () -> new AssertionError("8 calls at once with a burst of 5 should hit the limit"));
        assertTrue(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow()) >= 1);
        assertTrue(limited.headers().firstValue("Content-Type").orElseThrow().startsWith("application/problem+json"));
        assertEquals(200, Http.send("GET", "/api/v1/incidents", null, null, Map.of("X-API-Key", TestKeys.OPERATOR)).statusCode(),
                "the limit is per caller");
    }

    @Test
    void theAlertTestEndpointIsRateLimitedLikeTheWebhooks() throws Exception {
        Map<String, String> caller = bearer(token("frank", List.of(Roles.EVALUATOR), 300));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            statuses.add(Http.send("POST", "/api/v1/alerts/alertmanager/test", "application/json", "{\"alerts\":[]}", caller).statusCode());
        }
        assertTrue(statuses.contains(200) && statuses.contains(429), "8 calls at once with a burst of 5: " + statuses);
    }

    private static String token(String user, List<String> roles, long expiresInSeconds) {
        return Jwt.issuer(OidcProfile.ISSUER).upn(user).claim("roles", roles)
                .issuedAt(System.currentTimeMillis() / 1000 - 900).expiresAt(System.currentTimeMillis() / 1000 + expiresInSeconds)
                .sign("oidc/private.pem");
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private static HttpResponse<String> decide(String token) throws Exception {
        return Http.send("POST", "/api/v1/decisions", "application/json", "{\"service\":\"oidc\"}", bearer(token));
    }
}
