package dev.runbook.decisions.act;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import dev.runbook.decisions.domain.Action;
import dev.runbook.decisions.domain.ActionStatus;
import dev.runbook.decisions.domain.ActionType;
import dev.runbook.decisions.domain.Mode;
import dev.runbook.decisions.domain.Risk;
import dev.runbook.decisions.support.ClusterDispatcher;
import dev.runbook.decisions.support.Deployments;
import dev.runbook.decisions.support.Facts;
import dev.runbook.decisions.support.ReceivingTest;

/**
 * Every guard refuses before anything runs, and the refusal is recorded with the guard's name. The high-latency plan
 * (scale to 5, autoscale, batch size 50) is the Kubernetes work; namespaces default, ml, mlflow and kube-system are
 * allowed in the test profile, to show kube-system is refused anyway.
 */
@QuarkusTest
class GuardsTest extends ReceivingTest {

    private static final String SAMPLE = "high-latency-saturated";

    @Inject
    KubernetesClient client;

    @KubernetesTestServer
    ClusterDispatcher cluster;

    @Inject
    ActionRunner runner;

    @Test
    void kubeSystemIsNeverChangedEvenWhenAllowed() {
        Deployments.create(client, "kube-system", "coredns", Deployments.REMEDIABLE);
        JsonPath decision = execute("kube-system", "coredns", Map.of());
        assertRefused(decision, "kube-system", "kube-system is never changed");
        assertEquals(3, Deployments.get(client, "kube-system", "coredns").getSpec().getReplicas());
    }

    @Test
    void aDeploymentNamedAfterAnExporterIsNeverChanged() {
        Deployments.create(client, "ml", "kps-kube-state-metrics", Deployments.REMEDIABLE);
        JsonPath decision = execute("ml", "kps-kube-state-metrics", Map.of());
        assertRefused(decision, "exporter-target", "is named after the exporter kube-state-metrics");
        given().get("/api/v1/incidents/" + decision.getString("incident.id") + "/actions").then().statusCode(200)
                .body("actions.guard", hasItem("exporter-target"));
        assertEquals(3, Deployments.get(client, "ml", "kps-kube-state-metrics").getSpec().getReplicas());
    }

    @Test
    void aNamespaceOutsideTheAllowlistIsRefused() {
        JsonPath decision = execute("payments", "g-payments", Map.of());
        assertRefused(decision, "namespace-allowlist", "namespace payments is not in runbook.act.allowed-namespaces");
    }

    @Test
    void aDeploymentWithoutTheSelectorsLabelIsRefused() {
        Deployments.create(client, "ml", "g-unlabelled", Map.of("team", "ml"));
        JsonPath decision = execute("ml", "g-unlabelled", Map.of());
        assertRefused(decision, "deployment-selector", "does not match runbook.act.deployment-selector runbook.dev/remediate=true");
        assertEquals(3, Deployments.get(client, "ml", "g-unlabelled").getSpec().getReplicas());
    }

    @Test
    void parametersOutsideTheirBoundsAreRefusedAndRecorded() {
        JsonPath decision = advise("ml", "g-bounds");
        String incident = decision.getString("incident.id");
        List<ActionRun> runs = runner.run(new PlanRun(incident, decision.getString("decisionId"), Mode.EXECUTE, "test",
                null, List.of(new Action(ActionType.SCALE, G_BOUNDS, Map.of("replicas", 51), true, Risk.MEDIUM, null),
                new Action(ActionType.SET_RESOURCES, G_BOUNDS,
                        Map.of("limitsMemory", "64Gi"), true, Risk.MEDIUM, null))));
        assertEquals(List.of(ActionStatus.REFUSED, ActionStatus.REFUSED), runs.stream().map(ActionRun::status).toList());
        assertEquals("replicas 51 is outside 0..50", runs.get(0).message());
        assertEquals("limitsMemory 64Gi is outside 128Mi..16Gi", runs.get(1).message());
        given().get("/api/v1/incidents/" + incident + "/actions").then().statusCode(200)
                .body("actions.guard", equalTo(List.of("parameter-bounds", "parameter-bounds")));
    }

    @Test
    void aSecondDecisionWithinTheCooldownIsRefused() {
        Deployments.create(client, "ml", "g-cooldown", Deployments.REMEDIABLE);
        JsonPath first = execute("ml", "g-cooldown", Map.of("dedupKey", "g-cooldown-first"));
        assertEquals(List.of("SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "MANUAL"), first.getList("execution.status"));
        JsonPath second = execute("ml", "g-cooldown", Map.of("dedupKey", "g-cooldown-second", "latencyP95Seconds", 2.5));
        assertEquals(List.of("SUCCEEDED", "REFUSED", "REFUSED", "REFUSED", "MANUAL"), second.getList("execution.status"));
        assertEquals("cooldown", second.getString("execution[1].guard"));
        assertTrue(second.getString("execution[1].message").contains("the next change is allowed from"));
    }

    @Test
    void anActionOfAnIncidentRunsOnceWhateverTheNumberOfDecisions() {
        Deployments.create(client, "ml", "g-once", Deployments.REMEDIABLE);
        JsonPath first = execute("ml", "g-once", Map.of());
        JsonPath again = execute("ml", "g-once", Map.of("latencyP95Seconds", 1.9));
        assertEquals(first.getString("incident.id"), again.getString("incident.id"));
        assertEquals(first.getList("execution.actionId"), again.getList("execution.actionId"));
        assertEquals(List.of(true, true, true, true), again.getList("execution.alreadyRecorded").subList(0, 4));
        assertEquals(2, patchesOf("ml", "g-once"), "one scale and one env change; the autoscaler is created, not patched");
    }

    @Test
    void twoHundredConcurrentIdenticalAlertsExecuteEachActionOnce() throws Exception {
        Deployments.create(client, "ml", "g-storm", Deployments.REMEDIABLE);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                answers.add(pool.submit(() -> given().contentType(ContentType.JSON)
                        .body(Facts.of(SAMPLE, "ml", "g-storm", Map.of("dedupKey", "g-storm")))
                        .post("/api/v1/decisions?mode=execute").then().extract().statusCode()));
            }
            for (Future<Integer> answer : answers) {
                assertEquals(200, answer.get());
            }
        } finally {
            pool.shutdown();
        }
        JsonPath incidents = given().get("/api/v1/incidents?service=g-storm").then().statusCode(200).extract().jsonPath();
        assertEquals(1, incidents.getList("items").size());
        List<String> statuses = given().get("/api/v1/incidents/" + incidents.getString("items[0].id") + "/actions")
                .then().statusCode(200).extract().jsonPath().getList("actions.status");
        assertEquals(List.of("SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED"), statuses);
        assertEquals(2, patchesOf("ml", "g-storm"), "one scale, one env change");
        assertEquals(0, cluster.requests().stream()
                .filter(r -> r.startsWith("PATCH /apis/autoscaling/v2/namespaces/ml/horizontalpodautoscalers/g-storm")).count(),
                "the autoscaler was created once and never patched");
    }

    @Test
    void aForbiddenAnswerFromTheApiServerIsARecordedFailure() {
        Deployments.create(client, "ml", "g-forbidden", Deployments.REMEDIABLE);
        cluster.forbid("PATCH /apis/apps/v1/namespaces/ml/deployments/g-forbidden");
        JsonPath decision = execute("ml", "g-forbidden", Map.of());
        assertEquals("FAILED", decision.getString("execution[1].status"));
        assertTrue(decision.getString("execution[1].message").startsWith("Kubernetes API answered 403: forbidden"),
                decision.getString("execution[1].message"));
        String incident = decision.getString("incident.id");
        List<String> kinds = given().get("/api/v1/incidents/" + incident).then().statusCode(200).extract().jsonPath()
                .getList("timeline.kind");
        assertTrue(kinds.contains("ACTION_STARTED") && kinds.contains("ACTION_FAILED"), kinds.toString());
        assertEquals(3, Deployments.get(client, "ml", "g-forbidden").getSpec().getReplicas());
    }

    private long patchesOf(String namespace, String name) {
        return cluster.requests().stream()
                .filter(r -> r.startsWith("PATCH /apis/apps/v1/namespaces/" + namespace + "/deployments/" + name)).count();
    }

    private static void assertRefused(JsonPath decision, String guard, String message) {
        assertEquals("REFUSED", decision.getString("execution[1].status"));
        assertEquals(guard, decision.getString("execution[1].guard"));
        assertTrue(decision.getString("execution[1].message").contains(message), decision.getString("execution[1].message"));
    }

    private static JsonPath execute(String namespace, String service, Map<String, Object> more) {
        return given().contentType(ContentType.JSON).body(Facts.of(SAMPLE, namespace, service, more))
                .post("/api/v1/decisions?mode=execute").then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath advise(String namespace, String service) {
        return given().contentType(ContentType.JSON).body(Facts.of(SAMPLE, namespace, service, Map.of()))
                .post("/api/v1/decisions").then().statusCode(200).extract().jsonPath();
    }

    private static final Action.Target G_BOUNDS = new Action.Target("Deployment", "ml", "g-bounds");
}
