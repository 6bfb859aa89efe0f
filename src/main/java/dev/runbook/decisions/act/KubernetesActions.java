package dev.runbook.decisions.act;

import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;

import dev.runbook.decisions.domain.ActionType;
import dev.runbook.decisions.domain.Hashing;

/**
 * The Kubernetes actions, through Fabric8: SCALE, AUTOSCALE, SET_RESOURCES, SET_ENV, ROLLBACK_MODEL, ROLLOUT_UNDO and
 * RESTART, each what its kubectl command does. Every change is a patch of the Deployment (or its
 * HorizontalPodAutoscaler), so the RBAC in deploy/ needs get/list/patch and nothing broader. The state before and the
 * state expected after come from applying the same change to a local copy, which is also what reconciliation compares.
 */
@ApplicationScoped
public class KubernetesActions implements ActionExecutor {

    static final Set<ActionType> TYPES = EnumSet.of(ActionType.SCALE, ActionType.AUTOSCALE, ActionType.SET_RESOURCES,
            ActionType.SET_ENV, ActionType.ROLLBACK_MODEL, ActionType.ROLLOUT_UNDO, ActionType.RESTART);
    static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";
    private static final String REVISION = "deployment.kubernetes.io/revision";
    private static final String POD_TEMPLATE_HASH = "pod-template-hash";

    private final KubernetesClient client;

    public KubernetesActions(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public boolean handles(ActionType type) {
        return TYPES.contains(type);
    }

    @Override
    public Inspection inspect(ActionRequest request) {
        try {
            Deployment deployment = existing(request);
            Map<String, String> labels = deployment.getMetadata().getLabels();
            if (request.type() == ActionType.AUTOSCALE) {
                HorizontalPodAutoscaler current = autoscaler(request).get();
                return new Inspection(labels, autoscalerState(current), autoscalerState(desiredAutoscaler(request, current)));
            }
            Deployment changed = change(request, deployment).apply(copy(deployment));
            return new Inspection(labels, state(request, deployment), state(request, changed));
        } catch (KubernetesClientException e) {
            throw new ActionFailedException(apiMessage(e));
        }
    }

    @Override
    public Outcome run(ActionRequest request, boolean dryRun) {
        try {
            Deployment deployment = existing(request);
            if (request.type() == ActionType.AUTOSCALE) {
                return done(dryRun, autoscalerState(applyAutoscaler(request, dryRun)));
            }
            Deployment after = deployment(request).dryRun(dryRun).edit(change(request, deployment));
            return done(dryRun, state(request, after));
        } catch (KubernetesClientException e) {
            return Outcome.failed(apiMessage(e));
        } catch (ActionFailedException e) {
            return Outcome.failed(e.getMessage());
        }
    }

    @Override
    public Map<String, Object> observe(ActionRequest request) {
        if (request.type() == ActionType.AUTOSCALE) {
            return autoscalerState(autoscaler(request).get());
        }
        Deployment deployment = deployment(request).get();
        return deployment == null ? Map.of("deployment", "absent") : state(request, deployment);
    }

    private static Outcome done(boolean dryRun, Map<String, Object> after) {
        return new Outcome(true, dryRun ? "dry run: the API server accepted the change" : "applied", after, List.of());
    }

    private RollableScalableResource<Deployment> deployment(ActionRequest request) {
        return client.apps().deployments().inNamespace(request.namespace()).withName(request.name());
    }

    private Deployment existing(ActionRequest request) {
        Deployment deployment = deployment(request).get();
        if (deployment == null) {
            throw new ActionFailedException("Deployment " + request.target() + " not found");
        }
        return deployment;
    }

    /** The change each action type makes to {@code deployment} (as read just before), as kubectl would make it. */
    private UnaryOperator<Deployment> change(ActionRequest request, Deployment deployment) {
        Map<String, Object> params = request.params();
        return switch (request.type()) {
            case SCALE -> d -> {
                d.getSpec().setReplicas(((Number) params.get("replicas")).intValue());
                return d;
            };
            case SET_RESOURCES -> d -> eachContainer(d, c -> setMemory(c, (String) params.get("requestsMemory"),
                    (String) params.get("limitsMemory")));
            case SET_ENV -> d -> eachContainer(d, c -> setEnv(c, (String) params.get("name"), String.valueOf(params.get("value"))));
            case ROLLBACK_MODEL -> d -> eachContainer(d, c -> setEnv(c, (String) params.get("env"), String.valueOf(params.get("value"))));
            case RESTART -> d -> {
                PodTemplateSpec template = d.getSpec().getTemplate();
                if (template.getMetadata() == null) {
                    template.setMetadata(new ObjectMeta());
                }
                template.getMetadata().getAnnotations().put(RESTARTED_AT, request.requestedAt().toString());
                return d;
            };
            case ROLLOUT_UNDO -> {
                PodTemplateSpec previous = previousTemplate(request, deployment);
                yield d -> {
                    d.getSpec().setTemplate(previous);
                    return d;
                };
            }
            default -> throw new IllegalArgumentException("not a Kubernetes action: " + request.type());
        };
    }

    private static Deployment eachContainer(Deployment deployment, Consumer<Container> change) {
        deployment.getSpec().getTemplate().getSpec().getContainers().forEach(change);
        return deployment;
    }

    private static void setMemory(Container container, String requests, String limits) {
        if (container.getResources() == null) {
            container.setResources(new ResourceRequirements());
        }
        if (requests != null) {
            container.getResources().getRequests().put("memory", new Quantity(requests));
        }
        if (limits != null) {
            container.getResources().getLimits().put("memory", new Quantity(limits));
        }
    }

    private static void setEnv(Container container, String name, String value) {
        container.getEnv().removeIf(e -> name.equals(e.getName()));
        container.getEnv().add(new EnvVar(name, value, null));
    }

    /**
     * The template of the ReplicaSet with the highest revision below the Deployment's: what kubectl rollout undo goes
     * back to. A Deployment with one ReplicaSet has nothing to go back to.
     */
    private PodTemplateSpec previousTemplate(ActionRequest request, Deployment deployment) {
        long current = revision(deployment.getMetadata().getAnnotations());
        List<ReplicaSet> older = client.apps().replicaSets().inNamespace(request.namespace())
                .withLabels(deployment.getSpec().getSelector().getMatchLabels()).list().getItems().stream()
                .filter(rs -> revision(rs.getMetadata().getAnnotations()) < current)
                .sorted(Comparator.comparingLong((ReplicaSet rs) -> revision(rs.getMetadata().getAnnotations())).reversed())
                .toList();
        if (older.isEmpty()) {
            throw new ActionFailedException("Deployment " + request.target() + " has no earlier revision to undo to (revision "
                    + current + " is its only ReplicaSet)");
        }
        PodTemplateSpec template = copy(older.get(0).getSpec().getTemplate(), PodTemplateSpec.class);
        template.getMetadata().getLabels().remove(POD_TEMPLATE_HASH);
        return template;
    }

    private static long revision(Map<String, String> annotations) {
        String value = annotations == null ? null : annotations.get(REVISION);
        return value == null ? 0 : Long.parseLong(value);
    }

    /** What the action type looks at: replicas, the env value, memory, restart stamp, revision and template. */
    private Map<String, Object> state(ActionRequest request, Deployment deployment) {
        Map<String, Object> state = new LinkedHashMap<>();
        PodTemplateSpec template = deployment.getSpec().getTemplate();
        Container first = template.getSpec().getContainers().get(0);
        switch (request.type()) {
            case SCALE -> state.put("replicas", deployment.getSpec().getReplicas());
            case SET_RESOURCES -> {
                state.put("requestsMemory", memory(first, true));
                state.put("limitsMemory", memory(first, false));
            }
            case SET_ENV -> state.put("env." + request.params().get("name"), env(first, (String) request.params().get("name")));
            case ROLLBACK_MODEL -> state.put("env." + request.params().get("env"), env(first, (String) request.params().get("env")));
            case RESTART -> state.put("restartedAt", template.getMetadata() == null ? null
                    : template.getMetadata().getAnnotations().get(RESTARTED_AT));
            default -> {
                state.put("revision", revision(deployment.getMetadata().getAnnotations()));
                state.put("templateSha256", templateHash(deployment.getSpec().getTemplate()));
            }
        }
        return state;
    }

    private String templateHash(PodTemplateSpec template) {
        PodTemplateSpec copy = copy(template, PodTemplateSpec.class);
        if (copy.getMetadata() != null && copy.getMetadata().getLabels() != null) {
            copy.getMetadata().getLabels().remove(POD_TEMPLATE_HASH);
        }
        return Hashing.sha256(client.getKubernetesSerialization().asJson(copy.getSpec()));
    }

    private static String memory(Container container, boolean requests) {
        if (container.getResources() == null) {
            return null;
        }
        Map<String, Quantity> values = requests ? container.getResources().getRequests() : container.getResources().getLimits();
        Quantity quantity = values == null ? null : values.get("memory");
        return quantity == null ? null : quantity.toString();
    }

    private static String env(Container container, String name) {
        return container.getEnv().stream().filter(e -> Objects.equals(name, e.getName())).map(EnvVar::getValue)
                .findFirst().orElse(null);
    }

    private Resource<HorizontalPodAutoscaler> autoscaler(ActionRequest request) {
        return client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(request.namespace()).withName(request.name());
    }

    /** kubectl autoscale: an HPA named after the Deployment, created or patched to the wanted bounds and CPU target. */
    private HorizontalPodAutoscaler applyAutoscaler(ActionRequest request, boolean dryRun) {
        HorizontalPodAutoscaler current = autoscaler(request).get();
        HorizontalPodAutoscaler desired = desiredAutoscaler(request, current);
        return current == null
                ? client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(request.namespace()).resource(desired).dryRun(dryRun).create()
                : autoscaler(request).dryRun(dryRun).edit(hpa -> desiredAutoscaler(request, hpa));
    }

    private HorizontalPodAutoscaler desiredAutoscaler(ActionRequest request, HorizontalPodAutoscaler current) {
        Map<String, Object> params = request.params();
        HorizontalPodAutoscalerBuilder builder = current == null
                ? new HorizontalPodAutoscalerBuilder().withNewMetadata().withName(request.name())
                        .withNamespace(request.namespace()).endMetadata()
                : new HorizontalPodAutoscalerBuilder(copy(current, HorizontalPodAutoscaler.class));
        return builder.editOrNewSpec()
                .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName(request.name()).endScaleTargetRef()
                .withMinReplicas(((Number) params.get("minReplicas")).intValue())
                .withMaxReplicas(((Number) params.get("maxReplicas")).intValue())
                .withMetrics(List.of(new MetricSpecBuilder().withType("Resource")
                        .withNewResource().withName("cpu").withNewTarget().withType("Utilization")
                        .withAverageUtilization(((Number) params.get("cpuPercent")).intValue()).endTarget().endResource().build()))
                .endSpec().build();
    }

    private static Map<String, Object> autoscalerState(HorizontalPodAutoscaler hpa) {
        Map<String, Object> state = new LinkedHashMap<>();
        if (hpa == null) {
            state.put("autoscaler", "absent");
            return state;
        }
        state.put("minReplicas", hpa.getSpec().getMinReplicas());
        state.put("maxReplicas", hpa.getSpec().getMaxReplicas());
        state.put("cpuPercent", hpa.getSpec().getMetrics().stream().filter(m -> m.getResource() != null)
                .map(m -> m.getResource().getTarget().getAverageUtilization()).findFirst().orElse(null));
        return state;
    }

    private Deployment copy(Deployment deployment) {
        return copy(deployment, Deployment.class);
    }

    private <T> T copy(T value, Class<T> type) {
        return type.cast(client.getKubernetesSerialization().clone(value));
    }

    /**
     * The API server's own words ("Kubernetes API answered 403: deployments.apps ... is forbidden: ..."), or, when it
     * never answered, why it could not be reached.
     */
    static String apiMessage(KubernetesClientException e) {
        if (e.getCode() <= 0) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            return "Kubernetes API not reachable: " + cause.getClass().getSimpleName() + ": " + cause.getMessage();
        }
        String status = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
        return "Kubernetes API answered " + e.getCode() + ": " + status;
    }
}
