package dev.runbook.decisions.audit;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.runbook.decisions.store.StoreUnavailableException;

/**
 * Group commit: callers queue their items, and one writer at a time writes whatever is queued, up to {@code maxBatch}
 * steps, in one go ({@link Writer}, one transaction), then hands each caller its own result. The writer is a caller
 * itself: the first to find no write under way takes the queue as it is, its own item included, and never waits for
 * more, so a lone caller writes at once, as it would without batching. Callers that arrive during a write wait for the
 * next, which one of them then performs.
 * <p>
 * A caller is answered only after the write that holds its item has returned, and a failed write fails every caller in
 * it with the same exception, except an item the writer blames alone ({@link ItemFailed}): that caller gets its own
 * error and the rest are written again without it. A caller whose item no writer has taken within {@code maxWait}
 * leaves the queue and fails as the store would when unavailable (nothing of it was written); once taken, it waits
 * for its write's outcome.
 */
final class GroupCommit<I, R> {

    /** Writes a batch in one unit and answers one result per item, in order. */
    @FunctionalInterface
    interface Writer<I, R> {
        List<R> write(List<I> batch);
    }

    /** The writer's way of saying that one item failed for a reason of its own, not the batch's. */
    static final class ItemFailed extends RuntimeException {
        final int index;

        ItemFailed(int index, RuntimeException cause) {
            super(cause);
            this.index = index;
        }

        RuntimeException error() {
            return (RuntimeException) getCause();
        }
    }

    private final Writer<I, R> writer;
    private final int maxBatch;
    private final Duration maxWait;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition written = lock.newCondition();
    private final Deque<Pending<I, R>> queue = new ArrayDeque<>();
    private boolean writing;

    GroupCommit(Writer<I, R> writer, int maxBatch, Duration maxWait) {
        if (maxBatch < 1 || maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("runbook.audit.group-commit: max-batch must be at least 1 and max-wait positive");
        }
        this.writer = writer;
        this.maxBatch = maxBatch;
        this.maxWait = maxWait;
    }

    /** Queues {@code item} (counting {@code size} steps against the batch bound) and answers its result once written. */
    R submit(I item, int size) {
        Pending<I, R> mine = new Pending<>(item, size);
        long deadline = System.nanoTime() + maxWait.toNanos();
        boolean interrupted = false;
        lock.lock();
        try {
            queue.addLast(mine);
            while (!mine.done) {
                if (!writing) {
                    writeQueued();
                    continue;
                }
                long left = deadline - System.nanoTime();
                if (!mine.taken && left <= 0) {
                    queue.remove(mine);
                    throw new StoreUnavailableException(new TimeoutException("no audit writer took the record within " + maxWait));
                }
                try {
                    // Once taken, the outcome is awaited however long the write takes: answering before it would lie.
                    written.awaitNanos(mine.taken ? TimeUnit.SECONDS.toNanos(1) : left);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            lock.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (mine.error != null) {
            throw mine.error;
        }
        return mine.result;
    }

    /** Called holding the lock, with no write under way: takes a batch, writes it without the lock, answers it. */
    private void writeQueued() {
        List<Pending<I, R>> batch = new ArrayList<>();
        int steps = 0;
        while (!queue.isEmpty() && (batch.isEmpty() || steps + queue.peekFirst().size <= maxBatch)) {
            Pending<I, R> next = queue.removeFirst();
            next.taken = true;
            steps += next.size;
            batch.add(next);
        }
        writing = true;
        lock.unlock();
        try {
            write(batch);
        } finally {
            lock.lock();
            writing = false;
            written.signalAll();
        }
    }

    private void write(List<Pending<I, R>> batch) {
        List<Pending<I, R>> left = new ArrayList<>(batch);
        while (!left.isEmpty()) {
            try {
                List<R> results = writer.write(left.stream().map(p -> p.item).toList());
                for (int i = 0; i < left.size(); i++) {
                    left.get(i).result = results.get(i);
                    left.get(i).done = true;
                }
                return;
            } catch (ItemFailed e) {
                Pending<I, R> failed = left.remove(e.index);
                failed.error = e.error();
                failed.done = true;
            } catch (RuntimeException | Error e) {
                RuntimeException error = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                for (Pending<I, R> pending : left) {
                    pending.error = error;
                    pending.done = true;
                }
                return;
            }
        }
    }

    /** One caller's item; its fields are read and written under the lock, or by the writer before it signals. */
    private static final class Pending<I, R> {
        final I item;
        final int size;
        boolean taken;
        boolean done;
        R result;
        RuntimeException error;

        Pending(I item, int size) {
            this.item = item;
            this.size = size;
        }
    }
}
