package dev.runbook.decisions.act;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Instant;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.test.junit.QuarkusTest;

import dev.runbook.decisions.domain.Action;
import dev.runbook.decisions.domain.ActionType;
import dev.runbook.decisions.domain.Risk;
import dev.runbook.decisions.support.Deployments;

/** Each Kubernetes action against real objects in the test API server: the object after, and what was reported. */
@QuarkusTest
class KubernetesActionsTest {

    private static final String NS = "ml";

    @Inject
    KubernetesActions actions;

    @Inject
    KubernetesClient client;

    @Test
    void scaleSetsReplicasAndReportsBeforeAndAfter() {
        Deployments.create(client, NS, "k-scale", Deployments.REMEDIABLE);
        ActionRequest scale = request("SCALE", "k-scale", Map.of("replicas", 5));
        ActionExecutor.Inspection inspection = actions.inspect(scale);
        assertEquals(Map.of("replicas", 3), inspection.before());
        assertEquals(Map.of("replicas", 5), inspection.expected());
        ActionExecutor.Outcome outcome = actions.run(scale, false);
        assertTrue(outcome.succeeded(), outcome.message());
        assertEquals(Map.of("replicas", 5), outcome.after());
        assertEquals(5, Deployments.get(client, NS, "k-scale").getSpec().getReplicas());
    }

    @Test
    void dryRunReportsTheChangeAndLeavesTheObjectAlone() {
        Deployments.create(client, NS, "k-dry", Deployments.REMEDIABLE);
        ActionExecutor.Outcome outcome = actions.run(request("SCALE", "k-dry", Map.of("replicas", 7)), true);
        assertTrue(outcome.succeeded(), outcome.message());
        assertEquals(Map.of("replicas", 7), outcome.after());
        assertEquals(3, Deployments.get(client, NS, "k-dry").getSpec().getReplicas());
        actions.run(request("SET_ENV", "k-dry", Map.of("name", "MAX_BATCH_SIZE", "value", "50")), true);
        assertEquals("100", Deployments.env(Deployments.get(client, NS, "k-dry"), "MAX_BATCH_SIZE"));
    }

    @Test
    void setEnvAndRollbackModelChangeTheEnvironment() {
        Deployments.create(client, NS, "k-env", Deployments.REMEDIABLE);
        assertTrue(actions.run(request("SET_ENV", "k-env", Map.of("name", "MAX_BATCH_SIZE", "value", "50")), false).succeeded());
        ActionExecutor.Outcome rollback = actions.run(request("ROLLBACK_MODEL", "k-env",
                Map.of("env", "MODEL_VERSION", "value", "iris-random-forest:staging")), false);
        assertEquals(Map.of("env.MODEL_VERSION", "iris-random-forest:staging"), rollback.after());
        Deployment after = Deployments.get(client, NS, "k-env");
        assertEquals("50", Deployments.env(after, "MAX_BATCH_SIZE"));
        assertEquals("iris-random-forest:staging", Deployments.env(after, "MODEL_VERSION"));
        assertEquals(2, after.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().size(), "no duplicate variables");
    }

    @Test
    void setResourcesChangesMemoryRequestsAndLimits() {
        Deployments.create(client, NS, "k-mem", Deployments.REMEDIABLE);
        ActionExecutor.Outcome outcome = actions.run(request("SET_RESOURCES", "k-mem",
                Map.of("requestsMemory", "1Gi", "limitsMemory", "2Gi")), false);
        assertEquals(Map.of("requestsMemory", "1Gi", "limitsMemory", "2Gi"), outcome.after());
        var resources = Deployments.get(client, NS, "k-mem").getSpec().getTemplate().getSpec().getContainers().get(0).getResources();
        assertEquals("2Gi", resources.getLimits().get("memory").toString());
        assertEquals("1Gi", resources.getRequests().get("memory").toString());
    }

    @Test
    void restartStampsThePodTemplate() {
        Deployments.create(client, NS, "k-restart", Deployments.REMEDIABLE);
        ActionRequest restart = request("RESTART", "k-restart", Map.of());
        assertTrue(actions.run(restart, false).succeeded());
        assertEquals(restart.requestedAt().toString(), Deployments.get(client, NS, "k-restart").getSpec().getTemplate()
                .getMetadata().getAnnotations().get(KubernetesActions.RESTARTED_AT));
    }

    @Test
    void autoscaleCreatesThenPatchesTheAutoscaler() {
        Deployments.create(client, NS, "k-hpa", Deployments.REMEDIABLE);
        ActionExecutor.Outcome created = actions.run(request("AUTOSCALE", "k-hpa",
                Map.of("minReplicas", 3, "maxReplicas", 10, "cpuPercent", 70)), false);
        assertTrue(created.succeeded(), created.message());
        actions.run(request("AUTOSCALE", "k-hpa", Map.of("minReplicas", 4, "maxReplicas", 12, "cpuPercent", 70)), false);
        HorizontalPodAutoscaler hpa = client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS).withName("k-hpa").get();
        assertEquals(4, hpa.getSpec().getMinReplicas());
        assertEquals(12, hpa.getSpec().getMaxReplicas());
        assertEquals("k-hpa", hpa.getSpec().getScaleTargetRef().getName());
        assertEquals(70, hpa.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization());
    }

    @Test
    void rolloutUndoGoesBackToThePreviousReplicaSet() {
        Deployments.create(client, NS, "k-undo", Deployments.REMEDIABLE);
        Deployments.replicaSet(client, NS, "k-undo", 1, "registry.local/ml-model-api:v1");
        Deployments.replicaSet(client, NS, "k-undo", 2, "registry.local/ml-model-api:v2");
        ActionRequest undo = request("ROLLOUT_UNDO", "k-undo", Map.of());
        ActionExecutor.Inspection inspection = actions.inspect(undo);
        assertNotEquals(inspection.before().get("templateSha256"), inspection.expected().get("templateSha256"));
        ActionExecutor.Outcome outcome = actions.run(undo, false);
        assertTrue(outcome.succeeded(), outcome.message());
        Deployment after = Deployments.get(client, NS, "k-undo");
        assertEquals("registry.local/ml-model-api:v1", after.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        assertNull(after.getSpec().getTemplate().getMetadata().getLabels().get("pod-template-hash"));
    }

    @Test
    void rolloutUndoWithOneReplicaSetFailsCleanlyAndChangesNothing() {
        Deployments.create(client, NS, "k-undo-one", Deployments.REMEDIABLE);
        Deployments.replicaSet(client, NS, "k-undo-one", 2, "registry.local/ml-model-api:v2");
        ActionRequest undo = request("ROLLOUT_UNDO", "k-undo-one", Map.of());
        ActionFailedException refused = assertThrows(ActionFailedException.class, () -> actions.inspect(undo));
        assertTrue(refused.getMessage().contains("no earlier revision"), refused.getMessage());
        ActionExecutor.Outcome outcome = actions.run(undo, false);
        assertFalse(outcome.succeeded());
        assertEquals("registry.local/ml-model-api:v2", Deployments.get(client, NS, "k-undo-one").getSpec().getTemplate()
                .getSpec().getContainers().get(0).getImage());
    }

    @Test
    void aMissingDeploymentFailsBeforeAnythingRuns() {
        ActionFailedException missing = assertThrows(ActionFailedException.class,
                () -> actions.inspect(request("SCALE", "k-absent", Map.of("replicas", 2))));
        assertEquals("Deployment ml/k-absent not found", missing.getMessage());
        assertFalse(actions.run(request("SCALE", "k-absent", Map.of("replicas", 2)), false).succeeded());
    }

    @Test
    void anApiServerThatNeverAnsweredIsReportedAsUnreachable() {
        String message = KubernetesActions.apiMessage(new KubernetesClientException("Operation: [get] failed.",
                new IOException("wrapped", new ConnectException("Connection refused"))));
        assertEquals("Kubernetes API not reachable: ConnectException: Connection refused", message);
    }

    static ActionRequest request(String type, String name, Map<String, Object> params) {
        return new ActionRequest("incident", "decision", 0, new Action(ActionType.valueOf(type),
                new Action.Target("Deployment", NS, name), params, true, Risk.MEDIUM, null), null, Instant.now());
    }
}
