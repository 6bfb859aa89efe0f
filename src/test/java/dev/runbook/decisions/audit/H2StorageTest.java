package dev.runbook.decisions.audit;

import io.quarkus.test.junit.QuarkusTest;

/** The storage contract on the embedded default store, H2. */
@QuarkusTest
class H2StorageTest extends StorageContract {
}
