package dev.runbook.decisions.decide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pod names as Kubernetes writes them, label values made names, and names named after a component. */
class KubernetesNamesTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "fraud-model-7d9f8c6b5-x2x9z, fraud-model",           // Deployment: pod-template hash and pod suffix
            "recommender-6c8d9f7b5d-q7wzx, recommender",          // a 10-character hash
            "churn-predictor-00001-deployment-5d8f7b9c4d-bcd5f, churn-predictor-00001-deployment", // KServe (Knative revision)
            "iris-default-0-classifier-7d9f8c6b5-x2x9z, iris-default-0-classifier", // Seldon Core
            "model-store-0, model-store",                         // StatefulSet ordinal
            "model-store-12, model-store",
            "fraud-model, fraud-model",                           // a pod created on its own
            "node-exporter-x2x9z, node-exporter-x2x9z",           // DaemonSet: a lone suffix is kept (it could be a word)
            "batch-scorer-abcde-fghij, batch-scorer-abcde-fghij", // vowels: no Kubernetes hash
            "model-v2-7d9f8c6b5-x2x9, model-v2-7d9f8c6b5-x2x9",   // a 4-character suffix is no pod suffix
            "model-01, model-01"})                                // no ordinal has a leading zero
    void aPodIsReadAsItsWorkload(String pod, String workload) {
        assertEquals(workload, KubernetesNames.workloadOfPod(pod));
    }

    @ParameterizedTest(name = "''{0}'' → ''{1}''")
    @CsvSource({
            "fraud-model, fraud-model",
            "Iris_Classifier, iris-classifier",
            "'  Fraud Model v2 ', fraud-model-v2",
            "-churn.model-, churn.model",
            "ml/fraud::scorer, ml-fraud-scorer"})
    void aLabelValueIsMadeAKubernetesName(String value, String name) {
        assertEquals(Optional.of(name), KubernetesNames.name(value));
    }

    @Test
    void aValueWithNothingOfANameLeftIsNone() {
        assertEquals(Optional.empty(), KubernetesNames.name("___"));
        assertEquals(Optional.empty(), KubernetesNames.name("--.--"));
    }

    @Test
    void aNameIsCutTo253CharactersAndStillEndsInALetterOrDigit() {
        String name = KubernetesNames.name("a".repeat(252) + "-b").orElseThrow();
        assertEquals(252, name.length(), "the cut leaves a trailing '-', trimmed");
        assertEquals(253, KubernetesNames.name("a".repeat(300)).orElseThrow().length());
    }

    @Test
    void aNameIsNamedAfterAComponentItHoldsAsWholeWords() {
        assertTrue(KubernetesNames.namedAfter("kube-state-metrics", "kube-state-metrics"));
        assertTrue(KubernetesNames.namedAfter("kps-kube-state-metrics", "kube-state-metrics"));
        assertTrue(KubernetesNames.namedAfter("kps-prometheus-node-exporter-x2x9z", "node-exporter"));
        assertTrue(KubernetesNames.namedAfter("prometheus-kps-kube-prometheus-prometheus-0", "prometheus"));
        assertFalse(KubernetesNames.namedAfter("kube-state-metricsd", "kube-state-metrics"));
        assertFalse(KubernetesNames.namedAfter("fraud-model", "prometheus"));
        assertFalse(KubernetesNames.namedAfter("my-kubelets", "kubelet"));
    }
}
