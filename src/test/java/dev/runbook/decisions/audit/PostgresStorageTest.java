package dev.runbook.decisions.audit;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import dev.runbook.decisions.support.PostgresProfile;

/** The storage contract on the machine's PostgreSQL server, from the same build, selected by configuration. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class PostgresStorageTest extends StorageContract {
}
