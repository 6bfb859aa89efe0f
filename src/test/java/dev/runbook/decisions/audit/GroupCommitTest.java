package dev.runbook.decisions.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.runbook.decisions.store.StoreUnavailableException;

/** The group commit on its own, with a writer that stands in for the transaction. */
class GroupCommitTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void concurrentCallersShareWritesAndEachIsAnsweredOnlyAfterItsWriteReturned() throws Exception {
        List<List<Integer>> writes = new CopyOnWriteArrayList<>();
        Set<Integer> committed = ConcurrentHashMap.newKeySet();
        GroupCommit<Integer, String> commits = new GroupCommit<>(batch -> {
            writes.add(batch);
            sleep(20);
            committed.addAll(batch);
            return batch.stream().map(i -> "receipt-" + i).toList();
        }, 16, WAIT);

        int callers = 50;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                int item = i;
                answers.add(pool.submit(() -> {
                    start.await();
                    assertEquals("receipt-" + item, commits.submit(item, 1));
                    return committed.contains(item);
                }));
            }
            start.countDown();
            for (Future<Boolean> answer : answers) {
                assertTrue(answer.get(30, TimeUnit.SECONDS), "answered only once its write returned");
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(callers, writes.stream().mapToInt(List::size).sum(), "every item written once");
        assertTrue(writes.size() < callers, "fewer writes than callers: " + writes.size());
        assertTrue(writes.stream().allMatch(w -> w.size() <= 16), "no write above max-batch: " + writes);
    }

    @Test
    void aLoneCallerWritesAtOnceOnItsOwnThread() {
        Thread caller = Thread.currentThread();
        GroupCommit<String, Thread> commits = new GroupCommit<>(batch -> List.of(Thread.currentThread()), 64, WAIT);
        assertSame(caller, commits.submit("alone", 1));
    }

    @Test
    void aFailedWriteFailsEveryCallerInItWithTheSameError() throws Exception {
        CountDownLatch firstWriting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RuntimeException outage = new StoreUnavailableException(new java.sql.SQLException("gone", "08006"));
        GroupCommit<String, String> commits = new GroupCommit<>(batch -> {
            if (batch.contains("first")) {
                firstWriting.countDown();
                await(release);
                return List.of("ok");
            }
            throw outage;
        }, 64, WAIT);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<String> first = pool.submit(() -> commits.submit("first", 1));
            firstWriting.await();
            List<Future<String>> queued = List.of(pool.submit(() -> commits.submit("a", 1)), pool.submit(() -> commits.submit("b", 1)));
            Thread.sleep(100);
            release.countDown();
            assertEquals("ok", first.get(10, TimeUnit.SECONDS));
            for (Future<String> f : queued) {
                Exception e = assertThrows(Exception.class, () -> f.get(10, TimeUnit.SECONDS));
                assertSame(outage, e.getCause());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anItemThatFailsOnItsOwnFailsAloneAndTheRestAreWrittenWithoutIt() throws Exception {
        CountDownLatch firstWriting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<List<String>> writes = new CopyOnWriteArrayList<>();
        IllegalArgumentException bad = new IllegalArgumentException("bad step");
        GroupCommit<String, String> commits = new GroupCommit<>(batch -> {
            writes.add(batch);
            if (batch.contains("first")) {
                firstWriting.countDown();
                await(release);
            }
            int index = batch.indexOf("bad");
            if (index >= 0) {
                throw new GroupCommit.ItemFailed(index, bad);
            }
            return batch.stream().map(s -> s + "-ok").toList();
        }, 64, WAIT);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<String> first = pool.submit(() -> commits.submit("first", 1));
            firstWriting.await();
            Future<String> a = pool.submit(() -> commits.submit("a", 1));
            Thread.sleep(50);
            Future<String> failing = pool.submit(() -> commits.submit("bad", 1));
            Thread.sleep(50);
            Future<String> b = pool.submit(() -> commits.submit("b", 1));
            Thread.sleep(100);
            release.countDown();
            assertEquals("first-ok", first.get(10, TimeUnit.SECONDS));
            assertEquals("a-ok", a.get(10, TimeUnit.SECONDS));
            assertEquals("b-ok", b.get(10, TimeUnit.SECONDS));
            Exception e = assertThrows(Exception.class, () -> failing.get(10, TimeUnit.SECONDS));
            assertSame(bad, e.getCause());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(List.of("first"), List.of("a", "bad", "b"), List.of("a", "b")), writes);
    }

    @Test
    void aCallerNoWriterTookWithinMaxWaitIsRefusedAndNeverWritten() throws Exception {
        CountDownLatch firstWriting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> written = new CopyOnWriteArrayList<>();
        GroupCommit<String, String> commits = new GroupCommit<>(batch -> {
            written.addAll(batch);
            firstWriting.countDown();
            await(release);
            return batch;
        }, 64, Duration.ofMillis(100));
        ExecutorService pool = Executors.newFixedThreadPool(1);
        try {
            Future<String> first = pool.submit(() -> commits.submit("first", 1));
            firstWriting.await();
            assertThrows(StoreUnavailableException.class, () -> commits.submit("late", 1));
            release.countDown();
            assertEquals("first", first.get(10, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of("first"), written);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
