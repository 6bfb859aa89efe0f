package dev.runbook.decisions.api;

import io.quarkus.test.junit.QuarkusTest;

/** Editing models on the embedded default store, H2. */
@QuarkusTest
class H2ModelEditingTest extends ModelEditingContract {
}
