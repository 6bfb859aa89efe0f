package dev.runbook.decisions.support;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The same application on the machine's PostgreSQL (through a {@link ToggleProxy}), in a schema of its own. */
public class PostgresProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        // A budget of 3 Kubernetes actions lets ExecutionOnPostgresTest prove the budget guard on the shared store.
        return Map.of("runbook.store", "postgresql", "runbook.act.budget", "3");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PostgresResource.class));
    }
}
