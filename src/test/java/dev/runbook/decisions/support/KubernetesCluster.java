package dev.runbook.decisions.support;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import okhttp3.mockwebserver.MockWebServer;

/**
 * Quarkus' Kubernetes test server for every test: the Fabric8 mock API server in CRUD mode (real Deployment,
 * ReplicaSet and HPA objects), with {@link ClusterDispatcher} for dry run and 403s. Tests get the server and the
 * dispatcher with {@code @KubernetesTestServer}, and the application's own KubernetesClient talks to it.
 */
public class KubernetesCluster implements QuarkusTestResourceLifecycleManager {

    private KubernetesMockServer server;
    private ClusterDispatcher dispatcher;

    @Override
    public Map<String, String> start() {
        dispatcher = new ClusterDispatcher();
        server = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        return Map.of("quarkus.kubernetes-client.api-server-url", server.url("/"),
                "quarkus.kubernetes-client.trust-certs", "true",
                "quarkus.kubernetes-client.namespace", "default",
                "quarkus.kubernetes-client.token", "test-token");
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server, new TestInjector.AnnotatedAndMatchesType(KubernetesTestServer.class, KubernetesMockServer.class));
        injector.injectIntoFields(dispatcher, new TestInjector.AnnotatedAndMatchesType(KubernetesTestServer.class, ClusterDispatcher.class));
    }

    /** The server, for tests outside Quarkus (packaged replicas get {@link #start()}'s properties as -D options). */
    public KubernetesMockServer server() {
        return server;
    }

    public ClusterDispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.destroy();
        }
    }
}
