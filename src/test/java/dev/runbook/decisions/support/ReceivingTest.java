package dev.runbook.decisions.support;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * A test class whose notifications land on a {@link LoopbackReceiver} on its fixed port, emptied before each test.
 * A base class rather than a JUnit extension: Quarkus runs tests on its own copy of the class, which sees the statics
 * its own @BeforeAll set, not an extension's.
 */
public abstract class ReceivingTest {

    protected static LoopbackReceiver receiver;

    @BeforeAll
    static void startReceiver() {
        receiver = LoopbackReceiver.start();
    }

    @BeforeEach
    void clearReceiver() {
        receiver.clear();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }
}
