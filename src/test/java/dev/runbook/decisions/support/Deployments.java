package dev.runbook.decisions.support;

import java.util.Map;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Real Deployment and ReplicaSet objects in the test API server, shaped like the runbook's ml-model-api. */
public final class Deployments {

    public static final Map<String, String> REMEDIABLE = Map.of("runbook.dev/remediate", "true");

    private Deployments() {
    }

    /** A Deployment at revision 2: 3 replicas, image v2, MODEL_VERSION and MAX_BATCH_SIZE set, 512Mi/1Gi memory. */
    public static Deployment create(KubernetesClient client, String namespace, String name, Map<String, String> labels) {
        Deployment deployment = new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels)
                .addToAnnotations("deployment.kubernetes.io/revision", "2").endMetadata()
                .withNewSpec().withReplicas(3).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName(name).withImage("registry.local/ml-model-api:v2")
                .addNewEnv().withName("MODEL_VERSION").withValue("iris-random-forest:production").endEnv()
                .addNewEnv().withName("MAX_BATCH_SIZE").withValue("100").endEnv()
                .withNewResources().addToRequests("memory", new Quantity("512Mi")).addToLimits("memory", new Quantity("1Gi"))
                .endResources().endContainer().endSpec().endTemplate().endSpec().build();
        return client.apps().deployments().inNamespace(namespace).resource(deployment).create();
    }

    /** The ReplicaSet a Deployment controller keeps for {@code revision}, running {@code image}. */
    public static void replicaSet(KubernetesClient client, String namespace, String deployment, int revision, String image) {
        client.apps().replicaSets().inNamespace(namespace).resource(new ReplicaSetBuilder()
                .withNewMetadata().withName(deployment + "-rev" + revision).withNamespace(namespace)
                .addToLabels("app", deployment).addToLabels("pod-template-hash", "h" + revision)
                .addToAnnotations("deployment.kubernetes.io/revision", String.valueOf(revision)).endMetadata()
                .withNewSpec().withReplicas(revision == 2 ? 3 : 0).withNewSelector().addToMatchLabels("app", deployment).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", deployment).addToLabels("pod-template-hash", "h" + revision)
                .endMetadata().withNewSpec().addNewContainer().withName(deployment).withImage(image).endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
    }

    public static Deployment get(KubernetesClient client, String namespace, String name) {
        return client.apps().deployments().inNamespace(namespace).withName(name).get();
    }

    public static String env(Deployment deployment, String name) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> name.equals(e.getName())).map(e -> e.getValue()).findFirst().orElse(null);
    }
}
