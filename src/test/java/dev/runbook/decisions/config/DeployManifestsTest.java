package dev.runbook.decisions.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import dev.runbook.decisions.support.ConfigKeys;
import dev.runbook.decisions.support.ExecutorPermissions;
import dev.runbook.decisions.support.Kustomize;

/**
 * Every overlay of deploy/kubernetes, rendered as kustomize renders it (support/Kustomize, for the features used),
 * read with Fabric8's Kubernetes model, and held to what running the service safely needs.
 */
class DeployManifestsTest {

    private static final Path OVERLAYS = Path.of("deploy", "kubernetes");

    /** Read by the image's start script (JAVA_OPTS_APPEND, GC_CONTAINER_OPTIONS) and by glibc, not by Quarkus. */
    private static final List<String> NOT_CONFIG_KEYS = List.of("JAVA_OPTS_APPEND", "GC_CONTAINER_OPTIONS", "MALLOC_ARENA_MAX");

    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

    private static ConfigKeys configKeys;

    /** Importing the service's classes takes seconds: once for both overlays. */
    @BeforeAll
    static void findConfigurationKeys() throws IOException {
        configKeys = ConfigKeys.ofTheServiceAnd(io.quarkus.runtime.ConfigConfig.class,
                io.quarkus.datasource.runtime.DataSourcesRuntimeConfig.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "ha"})
    void everyManifestIsAKubernetesObjectWithNoFieldTheModelDoesNotKnow(String overlay) throws Exception {
        List<HasMetadata> objects = render(overlay);
        assertFalse(objects.isEmpty());
        List<String> unknown = new ArrayList<>();
        for (HasMetadata object : objects) {
            assertFalse(object.getClass().getName().contains("GenericKubernetesResource"), object.getKind() + " is not a known kind");
            unknownFields(object, object.getKind() + " " + object.getMetadata().getName(), unknown);
        }
        assertEquals(List.of(), unknown, "misspelt or misplaced fields");
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "ha"})
    void containersRunPinnedUnprivilegedAndReadOnly(String overlay) throws IOException {
        PodSpec pod = deployment(render(overlay)).getSpec().getTemplate().getSpec();
        assertTrue(Boolean.TRUE.equals(pod.getSecurityContext().getRunAsNonRoot()), "the pod runs as non-root");
        for (Container container : pod.getContainers()) {
            String image = container.getImage();
            String tag = image.contains("@sha256:") ? "digest" : image.substring(image.lastIndexOf('/') + 1).contains(":")
                    ? image.substring(image.lastIndexOf(':') + 1) : "";
            assertFalse(tag.isEmpty() || tag.equals("latest"), image + " is not pinned to a tag or digest");
            var security = container.getSecurityContext();
            assertNotNull(security, container.getName());
            assertNotEquals(Boolean.TRUE, security.getPrivileged(), "not privileged");
            assertEquals(Boolean.FALSE, security.getAllowPrivilegeEscalation());
            assertEquals(Boolean.TRUE, security.getReadOnlyRootFilesystem());
            assertNotEquals(Boolean.FALSE, security.getRunAsNonRoot());
            assertEquals(List.of("ALL"), security.getCapabilities().getDrop());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "ha"})
    void probesAskTheServicesHealthEndpoints(String overlay) throws IOException {
        Container container = deployment(render(overlay)).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("/q/health/started", path(container.getStartupProbe()));
        assertEquals("/q/health/ready", path(container.getReadinessProbe()));
        assertEquals("/q/health/live", path(container.getLivenessProbe()));
        assertEquals(container.getPorts().get(0).getName(), container.getReadinessProbe().getHttpGet().getPort().getStrVal());
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "ha"})
    void everySecretClaimAndAccountTheDeploymentNamesIsInTheOverlay(String overlay) throws IOException {
        List<HasMetadata> objects = render(overlay);
        Deployment deployment = deployment(objects);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        String namespace = deployment.getMetadata().getNamespace();
        for (EnvVar env : pod.getContainers().stream().flatMap(c -> c.getEnv().stream()).toList()) {
            if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                var reference = env.getValueFrom().getSecretKeyRef();
                Secret secret = find(objects, Secret.class, namespace, reference.getName())
                        .orElseThrow(() -> new AssertionError(env.getName() + " reads the missing Secret " + reference.getName()));
                assertTrue(keys(secret).contains(reference.getKey()), env.getName() + " reads the missing key " + reference.getKey());
            }
        }
        for (Volume volume : pod.getVolumes()) {
            if (volume.getSecret() != null) {
                assertTrue(find(objects, Secret.class, namespace, volume.getSecret().getSecretName()).isPresent(), volume.getName());
            }
            if (volume.getPersistentVolumeClaim() != null) {
                assertTrue(find(objects, PersistentVolumeClaim.class, namespace, volume.getPersistentVolumeClaim().getClaimName()).isPresent(),
                        volume.getName());
            }
        }
        assertTrue(find(objects, ServiceAccount.class, namespace, pod.getServiceAccountName()).isPresent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "ha"})
    void theRoleGrantsExactlyWhatTheExecutorsUseToTheServiceAccount(String overlay) throws IOException {
        List<HasMetadata> objects = render(overlay);
        assertTrue(objects.stream().noneMatch(o -> o.getKind().startsWith("Cluster")), "no cluster-wide role or binding");
        Role role = only(objects, Role.class);
        assertEquals(ExecutorPermissions.USED, ExecutorPermissions.grantedBy(role));
        RoleBinding binding = only(objects, RoleBinding.class);
        assertEquals(role.getMetadata().getName(), binding.getRoleRef().getName());
        assertEquals(role.getMetadata().getNamespace(), binding.getMetadata().getNamespace());
        Deployment deployment = deployment(objects);
        assertEquals(List.of(deployment.getMetadata().getNamespace() + "/" + deployment.getSpec().getTemplate().getSpec().getServiceAccountName()),
                binding.getSubjects().stream().map(s -> s.getNamespace() + "/" + s.getName()).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "ha"})
    void everyEnvironmentVariableSetsAConfigurationKey(String overlay) throws IOException {
        for (Container container : deployment(render(overlay)).getSpec().getTemplate().getSpec().getContainers()) {
            for (EnvVar env : container.getEnv()) {
                assertTrue(NOT_CONFIG_KEYS.contains(env.getName()) || configKeys.namedBy(env.getName()), env.getName() + " sets no configuration key");
            }
        }
        assertFalse(configKeys.namedBy("RUNBOOK_ACT_ALOWED_NAMESPACES"), "a misspelt key is caught");
    }

    @Test
    void theSingleInstanceKeepsItsH2FileOnItsVolumeAndNeverRunsTwoPods() throws IOException {
        Deployment deployment = deployment(render("single"));
        assertEquals(1, deployment.getSpec().getReplicas());
        assertEquals("Recreate", deployment.getSpec().getStrategy().getType(), "the old pod lets go of the file before the new one opens it");
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("h2", env(container, "RUNBOOK_STORE"));
        String url = env(container, "QUARKUS_DATASOURCE_H2_JDBC_URL");
        String claimed = deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getPersistentVolumeClaim() != null).map(Volume::getName).findFirst().orElseThrow();
        String mounted = container.getVolumeMounts().stream().filter(m -> m.getName().equals(claimed)).findFirst().orElseThrow().getMountPath();
        assertTrue(url.startsWith("jdbc:h2:file:" + mounted + "/"), url);
        assertEquals(options(packagedH2Url()), options(url), "the packaged URL's options, only the file moved");
    }

    @Test
    void theHaOverlayRunsThreeSpreadAutoscaledGuardedReplicasOnPostgresql() throws IOException {
        List<HasMetadata> objects = render("ha");
        Deployment deployment = deployment(objects);
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("postgresql", env(container, "RUNBOOK_STORE"));
        assertEquals(3, deployment.getSpec().getReplicas());

        HorizontalPodAutoscaler autoscaler = only(objects, HorizontalPodAutoscaler.class);
        assertEquals(deployment.getMetadata().getName(), autoscaler.getSpec().getScaleTargetRef().getName());
        assertEquals(3, autoscaler.getSpec().getMinReplicas());
        assertEquals("cpu", autoscaler.getSpec().getMetrics().get(0).getResource().getName());
        assertNotNull(container.getResources().getRequests().get("cpu"), "CPU utilization is measured against the request");

        PodDisruptionBudget budget = only(objects, PodDisruptionBudget.class);
        assertEquals(podLabels, budget.getSpec().getSelector().getMatchLabels());
        assertTrue(budget.getSpec().getMinAvailable().getIntVal() < autoscaler.getSpec().getMinReplicas(), "a drain can move a replica");

        List<TopologySpreadConstraint> spread = deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints();
        assertTrue(spread.stream().anyMatch(c -> c.getTopologyKey().equals("kubernetes.io/hostname")
                && c.getLabelSelector().getMatchLabels().equals(podLabels)), "replicas spread over nodes");

        NetworkPolicy policy = only(objects, NetworkPolicy.class);
        assertEquals(podLabels, policy.getSpec().getPodSelector().getMatchLabels());
        assertEquals(List.of(container.getPorts().get(0).getContainerPort()), policy.getSpec().getIngress().stream()
                .flatMap(rule -> rule.getPorts().stream()).map(port -> port.getPort().getIntVal()).toList());
        assertTrue(policy.getSpec().getPolicyTypes().contains("Egress"));
    }

    @Test
    void theJvmSettingsAreSetOnceInTheBase() throws IOException {
        long places;
        try (Stream<Path> files = Files.walk(OVERLAYS)) {
            places = files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.readString(file).lines().filter(line -> line.contains("JAVA_OPTS_APPEND")).count();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).sum();
        }
        assertEquals(1, places);
        assertEquals(env(deployment(render("single")).getSpec().getTemplate().getSpec().getContainers().get(0), "JAVA_OPTS_APPEND"),
                env(deployment(render("ha")).getSpec().getTemplate().getSpec().getContainers().get(0), "JAVA_OPTS_APPEND"));
    }

    /** An OutOfMemoryError inside H2 closes its store and the process would answer 503 until restarted (operations.md, "Memory"). */
    @ParameterizedTest
    @ValueSource(strings = {"single", "ha"})
    void theJvmExitsOnItsFirstOutOfMemoryErrorSoThePodRestarts(String overlay) throws IOException {
        Container container = deployment(render(overlay)).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertTrue(env(container, "JAVA_OPTS_APPEND").contains("-XX:+ExitOnOutOfMemoryError"), overlay);
        String image = Files.readString(Path.of("deploy", "Dockerfile.jvm"));
        assertTrue(image.lines().anyMatch(line -> line.contains("JAVA_OPTS_APPEND=\"") && line.contains("-XX:+ExitOnOutOfMemoryError")),
                "the image's own JVM settings");
    }

    @Test
    void theRendererMergesByKubernetesMergeKeysAndRefusesWhatItDoesNotImplement(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("d.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: d}
                spec:
                  template:
                    spec:
                      containers:
                        - name: c
                          args: [a]
                          env: [{name: A, value: "1"}, {name: B, value: "2"}]
                """);
        Files.writeString(dir.resolve("p.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: d}
                spec:
                  replicas: 2
                  template:
                    spec:
                      containers:
                        - name: c
                          env: [{name: B, value: "3"}, {name: C, value: "4"}]
                """);
        Files.writeString(dir.resolve("kustomization.yaml"), "resources: [d.yaml]\npatches:\n  - path: p.yaml\n");
        ObjectNode rendered = Kustomize.build(dir).get(0);
        assertEquals("[{\"name\":\"A\",\"value\":\"1\"},{\"name\":\"B\",\"value\":\"3\"},{\"name\":\"C\",\"value\":\"4\"}]",
                rendered.at("/spec/template/spec/containers/0/env").toString());
        assertEquals(2, rendered.at("/spec/replicas").asInt());

        Files.writeString(dir.resolve("p.yaml"), Files.readString(dir.resolve("p.yaml")).replace("env: [{name: B, value: \"3\"}, {name: C, value: \"4\"}]", "args: [b]"));
        assertThrows(IllegalArgumentException.class, () -> Kustomize.build(dir), "args has no merge key: kustomize replaces it");
        Files.writeString(dir.resolve("kustomization.yaml"), "resources: [d.yaml]\nnamePrefix: x-\n");
        assertThrows(IllegalArgumentException.class, () -> Kustomize.build(dir), "namePrefix is not rendered");
    }

    private static List<HasMetadata> render(String overlay) throws IOException {
        List<HasMetadata> objects = new ArrayList<>();
        for (ObjectNode resource : Kustomize.build(OVERLAYS.resolve(overlay))) {
            objects.add(KUBERNETES.unmarshal(resource.toString()));
        }
        return objects;
    }

    /** Fields the model does not know land in additionalProperties: a misspelt or misplaced field. */
    private static void unknownFields(Object model, String at, List<String> unknown) throws ReflectiveOperationException {
        if (model instanceof Collection<?> elements) {
            int i = 0;
            for (Object element : elements) {
                unknownFields(element, at + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (model instanceof Map<?, ?> entries) {
            for (Map.Entry<?, ?> entry : entries.entrySet()) {
                unknownFields(entry.getValue(), at + "." + entry.getKey(), unknown);
            }
            return;
        }
        if (model == null || !model.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : model.getClass().getMethods()) {
            if (getter.getParameterCount() == 0 && getter.getName().startsWith("get") && !getter.isDefault()
                    && getter.getDeclaringClass().getName().startsWith("io.fabric8")) {
                Object value;
                try {
                    value = getter.invoke(model);
                } catch (InvocationTargetException e) {
                    continue;
                }
                if (getter.getName().equals("getAdditionalProperties")) {
                    if (!((Map<?, ?>) value).isEmpty()) {
                        unknown.add(at + ": " + ((Map<?, ?>) value).keySet());
                    }
                } else {
                    unknownFields(value, at + "." + getter.getName().substring(3), unknown);
                }
            }
        }
    }

    private static Deployment deployment(List<HasMetadata> objects) {
        return only(objects, Deployment.class);
    }

    private static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> kind) {
        List<T> found = objects.stream().filter(kind::isInstance).map(kind::cast).toList();
        assertEquals(1, found.size(), kind.getSimpleName());
        return found.get(0);
    }

    private static <T extends HasMetadata> Optional<T> find(List<HasMetadata> objects, Class<T> kind, String namespace, String name) {
        return objects.stream().filter(kind::isInstance).map(kind::cast)
                .filter(o -> o.getMetadata().getName().equals(name) && o.getMetadata().getNamespace().equals(namespace)).findFirst();
    }

    private static java.util.Set<String> keys(Secret secret) {
        java.util.Set<String> keys = new java.util.HashSet<>();
        Optional.ofNullable(secret.getData()).ifPresent(data -> keys.addAll(data.keySet()));
        Optional.ofNullable(secret.getStringData()).ifPresent(data -> keys.addAll(data.keySet()));
        return keys;
    }

    private static String packagedH2Url() throws IOException {
        Properties packaged = new Properties();
        try (InputStream in = DeployManifestsTest.class.getResourceAsStream("/application.properties")) {
            packaged.load(in);
        }
        return packaged.getProperty("quarkus.datasource.h2.jdbc.url");
    }

    private static String options(String h2Url) {
        return h2Url.substring(h2Url.indexOf(';'));
    }

    private static String path(Probe probe) {
        return probe.getHttpGet().getPath();
    }

    private static String env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow().getValue();
    }
}
