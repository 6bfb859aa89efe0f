package dev.runbook.decisions.act;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import dev.runbook.decisions.domain.Action;
import dev.runbook.decisions.domain.ActionState;
import dev.runbook.decisions.domain.ActionStatus;
import dev.runbook.decisions.domain.ActionType;
import dev.runbook.decisions.domain.Mode;
import dev.runbook.decisions.domain.Risk;
import dev.runbook.decisions.domain.Verdict;
import dev.runbook.decisions.store.ActionRow;
import dev.runbook.decisions.support.ClusterDispatcher;
import dev.runbook.decisions.support.Deployments;
import dev.runbook.decisions.support.Facts;

/**
 * A crash between an action's intent and its outcome leaves it STARTED; reconciliation makes it UNKNOWN and settles it
 * by reading the target, and never runs it again. The intents here are recorded the way the runner records them, and
 * the process "dies" by never recording the outcome.
 */
@QuarkusTest
class ReconcilerTest {

    @Inject
    ActionLedger ledger;

    @Inject
    Reconciler reconciler;

    @Inject
    KubernetesClient client;

    @Inject
    ObjectMapper json;

    @KubernetesTestServer
    ClusterDispatcher cluster;

    @Test
    void anInterruptedChangeIsSettledFromWhatTheTargetShowsAndNeverRunAgain() {
        Deployments.create(client, "ml", "r-applied", Deployments.REMEDIABLE);
        Deployments.create(client, "ml", "r-lost", Deployments.REMEDIABLE);
        String incident = incident("r-applied");
        ActionRow applied = started(incident, "SCALE", "r-applied", Map.of("replicas", 3), Map.of("replicas", 3));
        ActionRow lost = started(incident, "SCALE", "r-lost", Map.of("replicas", 5), Map.of("replicas", 5));
        ActionRow message = started(incident, "NOTIFY", "r-applied", Map.of("channel", "#ml-ops-oncall"), Map.of());
        int requestsBefore = cluster.requests().size();

        assertTrue(reconciler.reconcile(Instant.now().plus(Duration.ofMinutes(3))) >= 3);

        assertEquals(ActionStatus.SUCCEEDED, ledger.find(incident, applied.id()).status());
        assertTrue(ledger.find(incident, applied.id()).state().message().startsWith("reconciled: the target shows the change"));
        ActionRow settledLost = ledger.find(incident, lost.id());
        assertEquals(ActionStatus.FAILED, settledLost.status());
        assertEquals("reconciled: the change is not on the target; not run again", settledLost.state().message());
        assertEquals(3, settledLost.state().after().get("replicas").asInt());
        assertEquals(ActionStatus.UNKNOWN, ledger.find(incident, message.id()).status(), "a sent message cannot be read back");
        assertEquals(3, Deployments.get(client, "ml", "r-lost").getSpec().getReplicas());
        assertTrue(cluster.requests().subList(requestsBefore, cluster.requests().size()).stream().noneMatch(r -> r.startsWith("PATCH")),
                "reconciliation only reads");
        List<String> kinds = given().get("/api/v1/incidents/" + incident).then().statusCode(200).extract().jsonPath()
                .getList("timeline.kind");
        assertTrue(kinds.containsAll(List.of("ACTION_STARTED", "ACTION_UNKNOWN", "ACTION_SUCCEEDED", "ACTION_FAILED")), kinds.toString());
    }

    @Test
    void aRecentIntentIsLeftToTheReplicaRunningIt() {
        Deployments.create(client, "ml", "r-recent", Deployments.REMEDIABLE);
        String incident = incident("r-recent");
        ActionRow running = started(incident, "SCALE", "r-recent", Map.of("replicas", 4), Map.of("replicas", 4));
        reconciler.reconcile(Instant.now());
        assertEquals(ActionStatus.STARTED, ledger.find(incident, running.id()).status());
    }

    private static String incident(String service) {
        JsonPath decision = given().contentType(ContentType.JSON)
                .body(Facts.of("high-latency-saturated", "ml", service, Map.of("dedupKey", UUID.randomUUID().toString())))
                .post("/api/v1/decisions").then().statusCode(200).extract().jsonPath();
        return decision.getString("incident.id");
    }

    private ActionRow started(String incident, String type, String name, Map<String, Object> params, Map<String, Object> expected) {
        JsonNode noState = json.createObjectNode();
        Action action = new Action(ActionType.valueOf(type), new Action.Target("SCALE".equals(type) ? "Deployment" : "Service",
                "ml", name), params, true, Risk.MEDIUM, null);
        ActionRow draft = new ActionRow(UUID.randomUUID().toString(), incident + "/" + UUID.randomUUID(), incident,
                UUID.randomUUID().toString(), 0, action, Mode.EXECUTE,
                ActionState.unrecorded(noState, json.valueToTree(expected), "test"));
        return ledger.admit(draft, history -> Verdict.of(ActionStatus.STARTED, "intent recorded; running")).row();
    }
}
