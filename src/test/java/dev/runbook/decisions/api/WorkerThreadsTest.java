package dev.runbook.decisions.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Many callers at once are served by a bounded number of worker threads, the rest waiting their turn. Quarkus' own
 * bound is 200: under an open-loop load above the service's capacity, 200 decisions ran at once, each worker thread
 * kept its own direct buffer for H2's file, and H2 closed its store on the OutOfMemoryError of the next write
 * (bench/README.md, "Overload: 200 worker threads closed H2").
 */
@QuarkusTest
class WorkerThreadsTest {

    private static final int CALLERS = 96;

    @Test
    void ninetySixCallersAtOnceAreAllAnsweredByNoMoreThanTheBoundedWorkerThreads() throws Exception {
        int bound = ConfigProvider.getConfig().getValue("quarkus.thread-pool.max-threads", Integer.class);
        assertTrue(bound < CALLERS, "the bound is below the callers, so the test can see it hold: " + bound);
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                String body = "{\"service\":\"worker-threads-" + i + "\",\"errorRate\":0.2}";
                answers.add(callers.submit(() -> given().contentType("application/json").body(body)
                        .when().post("/api/v1/decisions").then().extract().statusCode()));
            }
            for (Future<Integer> answer : answers) {
                assertEquals(200, answer.get());
            }
        } finally {
            callers.shutdownNow();
        }
        // Counted after the burst: an idle worker thread lives on for the pool's keep-alive (30 s), far longer than
        // the burst, so every thread it took is still there.
        long workers = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("executor-thread-")).count();
        assertTrue(workers <= bound, workers + " worker threads, bound " + bound);
    }
}
