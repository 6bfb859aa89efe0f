package dev.runbook.decisions.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * Fabric8's CRUD mock API server with the two behaviours of a real one the tests need: a server-side dry run
 * ({@code dryRun=All}) answers the changed object but stores nothing, and a path can be made to answer 403 as RBAC
 * would. Every request is kept ("PATCH /apis/apps/v1/...") so tests can check them against the Role in deploy/.
 */
public class ClusterDispatcher extends KubernetesCrudDispatcher {

    private final List<String> requests = new ArrayList<>();
    private final List<String> forbidden = new ArrayList<>();

    @Override
    public synchronized MockResponse dispatch(RecordedRequest request) {
        String line = request.getMethod() + " " + request.getPath();
        requests.add(line);
        if (forbidden.stream().anyMatch(line::startsWith)) {
            return new MockResponse().setResponseCode(403).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                    + "\"message\":\"forbidden: User \\\"system:serviceaccount:runbook:runbook-decisions\\\" cannot "
                    + request.getMethod().toLowerCase() + " this resource\",\"reason\":\"Forbidden\",\"code\":403}");
        }
        if (request.getPath().contains("dryRun=All")) {
            Map<AttributeSet, String> stored = new HashMap<>(map);
            MockResponse answer = super.dispatch(request);
            map.clear();
            map.putAll(stored);
            return answer;
        }
        return super.dispatch(request);
    }

    /** Requests starting with {@code methodAndPath} ("PATCH /apis/apps/v1/namespaces/ml/deployments/x") answer 403. */
    public synchronized void forbid(String methodAndPath) {
        forbidden.add(methodAndPath);
    }

    public synchronized List<String> requests() {
        return List.copyOf(requests);
    }
}
