package dev.runbook.decisions.support;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers the Kubernetes test server for every Quarkus test, so all test classes share one application. */
@QuarkusTestResource(KubernetesCluster.class)
public final class ClusterForAllTests {
    private ClusterForAllTests() {
    }
}
