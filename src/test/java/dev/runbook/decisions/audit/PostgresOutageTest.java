package dev.runbook.decisions.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

import dev.runbook.decisions.support.Api;
import dev.runbook.decisions.support.PostgresProfile;
import dev.runbook.decisions.support.PostgresResource;
import dev.runbook.decisions.support.ToggleProxy;

/**
 * The database goes away and comes back: decisions are refused with 503 and Retry-After while it is gone, nothing is
 * half-written, readiness goes DOWN and comes back UP by itself.
 */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class PostgresOutageTest {

    @PostgresResource.Proxy
    ToggleProxy database;

    @Test
    void decisionsAreRefusedWhileTheDatabaseIsGoneAndResumeWhenItReturns() throws Exception {
        String service = Api.uniqueService("outage");
        String facts = "{\"service\":\"" + service + "\",\"errorRate\":0.2}";
        Api.decide(facts);
        given().when().get("/q/health/ready").then().statusCode(200);

        database.refuse();
        try {
            for (int i = 0; i < 3; i++) {
                given().contentType(ContentType.JSON).body(facts).when().post("/api/v1/decisions")
                        .then().statusCode(503)
                        .contentType("application/problem+json")
                        .header("Retry-After", notNullValue())
                        .body("status", equalTo(503))
                        .body("detail", containsString("nothing was decided or recorded"));
            }
            given().when().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
        } finally {
            database.accept();
        }

        awaitStatus("/q/health/ready", 200);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (given().contentType(ContentType.JSON).body(facts).when().post("/api/v1/decisions").statusCode() != 200) {
            if (Instant.now().isAfter(deadline)) {
                fail("decisions did not resume after the database returned");
            }
            Thread.sleep(200);
        }
        assertEquals(2, Api.get("/api/v1/decisions?service=" + service).getList("items").size(),
                "only the decisions that were answered 200 are recorded");
        given().when().get("/api/v1/audit/verify").then().statusCode(200).body("valid", equalTo(true));
    }

    private static void awaitStatus(String path, int status) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (given().when().get(path).statusCode() != status) {
            if (Instant.now().isAfter(deadline)) {
                fail(path + " did not answer " + status + " in time");
            }
            Thread.sleep(200);
        }
    }
}
