package dev.runbook.decisions.act;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.runbook.decisions.support.Deployments;
import dev.runbook.decisions.support.Facts;
import dev.runbook.decisions.support.ReceivingTest;
import dev.runbook.decisions.support.PostgresProfile;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On PostgreSQL, the store replicas share: the budget counts every replica's actions, and escalation steps claimed by
 * two tickers at once (each its own connection and transaction, as two replicas would be) fire once each.
 */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class ExecutionOnPostgresTest extends ReceivingTest {

    @Inject
    KubernetesClient client;

    @Inject
    Escalations escalations;

    @Test
    void theBudgetRefusesActionsBeyondItsCount() {
        Deployments.create(client, "ml", "pg-first", Deployments.REMEDIABLE);
        Deployments.create(client, "ml", "pg-second", Deployments.REMEDIABLE);
        assertEquals(List.of("SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "MANUAL"),
                execute("high-latency-saturated", "ml", "pg-first").getList("execution.status"));
        JsonPath second = execute("high-latency-saturated", "ml", "pg-second");
        assertEquals(List.of("SUCCEEDED", "REFUSED", "REFUSED", "REFUSED", "MANUAL"), second.getList("execution.status"));
        assertEquals(List.of("budget", "budget", "budget"), second.getList("execution.guard").subList(1, 4));
        assertTrue(second.getString("execution[1].message").startsWith("3 Kubernetes actions started in the last PT10M"),
                second.getString("execution[1].message"));
        assertEquals(3, Deployments.get(client, "ml", "pg-second").getSpec().getReplicas());
    }

    @Test
    void twoTickersFireEachDueStepOnce() throws Exception {
        List<String> incidents = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            incidents.add(execute("high-error-rate-p2-feature-error", "esc", "pg-esc-" + i).getString("incident.id"));
        }
        receiver.clear();
        Instant tenMinutesOn = Instant.now().plus(Duration.ofMinutes(10));
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService tickers = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> fired = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                fired.add(tickers.submit(() -> {
                    together.await();
                    return escalations.fireDue(tenMinutesOn);
                }));
            }
            int total = fired.get(0).get() + fired.get(1).get();
            assertTrue(total >= 60, "both tickers together fired " + total);
        } finally {
            tickers.shutdown();
        }
        for (String incident : incidents) {
            long messages = receiver.received().stream().filter(r -> r.body().contains(incident)).count();
            assertEquals(2, messages, "the Slack message at +0 and the page at +5, once each, for " + incident);
        }
    }

    private static JsonPath execute(String sample, String namespace, String service) {
        return given().contentType(ContentType.JSON)
                .body(Facts.of(sample, namespace, service, Map.of("dedupKey", UUID.randomUUID().toString())))
                .post("/api/v1/decisions?mode=execute").then().statusCode(200).extract().jsonPath();
    }
}
