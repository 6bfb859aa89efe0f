package dev.runbook.decisions.act;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;

import dev.runbook.decisions.domain.Action;
import dev.runbook.decisions.domain.ActionType;
import dev.runbook.decisions.domain.Risk;
import dev.runbook.decisions.support.ClusterDispatcher;
import dev.runbook.decisions.support.Deployments;
import dev.runbook.decisions.support.ExecutorPermissions;

/**
 * The executors need exactly the permissions of support/ExecutorPermissions: every request they make, for every action
 * type, executed and dry-run, needs one of them, and each is needed. DeployManifestsTest checks that the Role of every
 * deploy/kubernetes overlay grants exactly that list, so the deployed Role is what the code uses and nothing more.
 */
@QuarkusTest
class ExecutorRbacTest {

    @Inject
    KubernetesActions actions;

    @Inject
    KubernetesClient client;

    @KubernetesTestServer
    ClusterDispatcher cluster;

    @Test
    void theExecutorsNeedExactlyTheListedPermissions() {
        Deployments.create(client, "ml", "rbac-api", Deployments.REMEDIABLE);
        Deployments.replicaSet(client, "ml", "rbac-api", 1, "registry.local/ml-model-api:v1");
        Deployments.replicaSet(client, "ml", "rbac-api", 2, "registry.local/ml-model-api:v2");
        int from = cluster.requests().size();
        List<ActionRequest> all = List.of(
                request("SCALE", Map.of("replicas", 4)),
                request("AUTOSCALE", Map.of("minReplicas", 3, "maxReplicas", 10, "cpuPercent", 70)),
                request("AUTOSCALE", Map.of("minReplicas", 4, "maxReplicas", 10, "cpuPercent", 70)),
                request("SET_RESOURCES", Map.of("requestsMemory", "1Gi", "limitsMemory", "2Gi")),
                request("SET_ENV", Map.of("name", "MAX_BATCH_SIZE", "value", "50")),
                request("ROLLBACK_MODEL", Map.of("env", "MODEL_VERSION", "value", "iris-random-forest:staging")),
                request("RESTART", Map.of()),
                request("ROLLOUT_UNDO", Map.of()));
        for (ActionRequest action : all) {
            actions.inspect(action);
            assertTrue(actions.run(action, true).succeeded(), action.type() + " dry run");
            assertTrue(actions.run(action, false).succeeded(), action.type().name());
            actions.observe(action);
        }
        List<String> calls = cluster.requests().subList(from, cluster.requests().size());
        Set<String> used = new HashSet<>();
        for (String call : calls) {
            String permission = permission(call);
            used.add(permission);
            assertTrue(ExecutorPermissions.USED.contains(permission), call + " needs " + permission + ", which is not listed: " + ExecutorPermissions.USED);
        }
        assertEquals(ExecutorPermissions.USED, used, "every listed permission is used");
        assertTrue(used.stream().noneMatch(p -> p.contains("secrets") || p.contains("pods/exec") || p.contains("*")), used.toString());
    }

    /** The RBAC permission a request needs: "GET /apis/apps/v1/namespaces/ml/deployments/x" is "apps deployments get". */
    static String permission(String call) {
        String method = call.substring(0, call.indexOf(' '));
        String path = call.substring(call.indexOf(' ') + 1).split("\\?")[0];
        String[] parts = path.substring(1).split("/");
        boolean core = "api".equals(parts[0]);
        String group = core ? "" : parts[1];
        int namespaced = core ? 2 : 3;
        String resource = parts[namespaced + 2];
        boolean named = parts.length > namespaced + 3;
        if (parts.length > namespaced + 4) {
            resource += "/" + parts[namespaced + 4];
        }
        String verb = switch (method) {
            case "GET" -> named ? "get" : "list";
            case "POST" -> "create";
            case "PATCH" -> "patch";
            case "PUT" -> "update";
            default -> method.toLowerCase();
        };
        return group + " " + resource + " " + verb;
    }

    private static ActionRequest request(String type, Map<String, Object> params) {
        return new ActionRequest("incident", "decision", 0, new Action(ActionType.valueOf(type),
                new Action.Target("Deployment", "ml", "rbac-api"), params, true, Risk.MEDIUM, null), null, Instant.now());
    }
}
