package dev.runbook.decisions.api;

import dev.runbook.decisions.support.PostgresProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Editing models on the machine's PostgreSQL, where replicas share the published pointer. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class PostgresModelEditingTest extends ModelEditingContract {
}
