package dev.runbook.decisions.decide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.runbook.decisions.ingest.AlertEvent;

/**
 * Who an alert is about and where each fact came from, on the real dmn/ tables (no Quarkus). The samples of
 * samples/alertmanager and samples/grafana show the same over HTTP.
 */
class AlertRoutingTest {

    private static AlertRouting routing;

    @BeforeAll
    static void load() {
        routing = new AlertRouting(new ModelRegistry());
    }

    private static MappedAlert map(Map<String, String> labels, Map<String, String> annotations) {
        return routing.map(new AlertEvent("alertmanager", AlertEvent.Action.FIRING, "key", "event", labels, annotations, Map.of(), null));
    }

    private static Map<String, String> labels(String... keyValues) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            labels.put(keyValues[i], keyValues[i + 1]);
        }
        return labels;
    }

    @Test
    void theLabelsAreTriedInTheTablesOrder() {
        assertEquals(List.of("service", "deployment", "app_kubernetes_io_name", "app", "inferenceservice",
                "serving_kserve_io_inferenceservice", "seldon_deployment_id", "deployment_name", "horizontalpodautoscaler",
                "pod", "container"), new ModelRegistry().current().workloadLabels().tried());
    }

    @Test
    void aKubeStateMetricsOomAlertIsAboutThePodsDeploymentNotTheExporter() {
        MappedAlert mapped = map(labels("alertname", "KubeContainerOOMKilled", "container", "fraud-model", "job", "kube-state-metrics",
                "namespace", "ml", "pod", "fraud-model-7d9f8c6b5-x2x9z", "reason", "OOMKilled", "service", "kps-kube-state-metrics"), Map.of());
        assertEquals("fraud-model", mapped.facts().service());
        assertEquals("pod", mapped.serviceLabel());
        assertEquals("OUT_OF_MEMORY", mapped.facts().values().get("symptom"));
        assertEquals(true, mapped.facts().values().get("oomKilled"));
        assertEquals(Map.of("namespace", "label:namespace", "service", "label:pod", "symptom", "routing:alert-routing#1",
                "oomKilled", "routing:alert-routing#1"), mapped.factSources());
        assertEquals(List.of("namespace", "service", "symptom", "oomKilled"), List.copyOf(mapped.factSources().keySet()), "in the order read");
        assertTrue(mapped.warnings().get(0).contains("names the exporter kube-state-metrics"), mapped.warnings().toString());
        assertEquals(List.of("alert-routing", "alert-severity", "alert-workload-labels"), mapped.routing().stream().map(Explanation::model).toList());
    }

    @Test
    void factsKeepTheirSourceLabelAnnotationOrRoutingRow() {
        MappedAlert mapped = map(labels("alertname", "MLModelHighErrorRate", "severity", "Critical", "inferenceservice", "churn"),
                Map.of("error_rate", "12%"));
        assertEquals("churn", mapped.facts().service());
        assertEquals("inferenceservice", mapped.serviceLabel());
        assertEquals("annotation:error_rate", mapped.factSources().get("errorRate"));
        assertEquals("routing:alert-routing#2", mapped.factSources().get("symptom"));
        assertEquals("routing:alert-severity#1", mapped.factSources().get("userImpact"), "a critical error-rate alert: user impact");
    }

    @Test
    void aValueThatIsNoNameIsNormalisedOrTheNextLabelTried() {
        MappedAlert normalised = map(labels("alertname", "X", "app", "Iris_Classifier"), Map.of());
        assertEquals("iris-classifier", normalised.facts().service());
        assertTrue(normalised.warnings().get(0).contains("read as 'iris-classifier'"));
        MappedAlert next = map(labels("alertname", "X", "service", "___", "container", "scorer"), Map.of());
        assertEquals("scorer", next.facts().service());
        assertEquals("container", next.serviceLabel());
    }

    @Test
    void anAlertNamingNoWorkloadIsRejectedListingTheLabelsTried() {
        MappedAlert mapped = map(labels("alertname", "NodeFilesystemSpaceFillingUp", "job", "node-exporter", "instance", "10.0.3.4:9100",
                "container", "node-exporter", "pod", "kps-prometheus-node-exporter-x2x9z"), Map.of());
        assertNull(mapped.facts());
        assertNull(mapped.serviceLabel());
        assertTrue(mapped.rejection().startsWith("no label names the affected service (tried service, deployment,"), mapped.rejection());
        assertTrue(mapped.rejection().contains("label pod = 'kps-prometheus-node-exporter-x2x9z' names the exporter node-exporter"), mapped.rejection());
        assertTrue(mapped.rejection().contains("label container = 'node-exporter' names the exporter node-exporter"), mapped.rejection());
    }
}
