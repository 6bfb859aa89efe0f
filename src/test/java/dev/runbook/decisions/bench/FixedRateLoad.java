package dev.runbook.decisions.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;

/**
 * An open-loop load generator on one Vert.x event loop: requests fall due at a fixed rate whatever the answers do,
 * and each latency is measured from the moment its request was due, not from when it left, so a stalled server is
 * charged for every request queued behind the stall (no coordinated omission). Prints one JSON line; when the
 * achieved rate falls short of the asked one, the generator, not the service, was the limit, and the line says so.
 *
 * <p>Usage: FixedRateLoad URL RATE_PER_SECOND SECONDS API_KEY BODY_FILE...
 */
public final class FixedRateLoad {

    private FixedRateLoad() {
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        double rate = Double.parseDouble(args[1]);
        int seconds = Integer.parseInt(args[2]);
        String key = args[3];
        List<Buffer> bodies = new ArrayList<>();
        for (int i = 4; i < args.length; i++) {
            bodies.add(Buffer.buffer(Files.readAllBytes(Path.of(args[i]))));
        }
        int total = Math.max(1, (int) (rate * seconds));
        long[] latencies = new long[total];
        AtomicInteger errors = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(total);
        Vertx vertx = Vertx.vertx();
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(uri.getHost())
                .setDefaultPort(uri.getPort()).setKeepAlive(true).setMaxPoolSize(256));
        long intervalNanos = (long) (1e9 / rate);
        long start = System.nanoTime();
        int[] next = {0};
        vertx.setPeriodic(1, timer -> {
            long now = System.nanoTime();
            while (next[0] < total && start + next[0] * intervalNanos <= now) {
                int index = next[0]++;
                long due = start + index * intervalNanos;
                client.request(HttpMethod.POST, uri.getRawPath())
                        .compose(request -> request.putHeader("Content-Type", "application/json").putHeader("X-API-Key", key)
                                .send(bodies.get(index % bodies.size())))
                        .compose(response -> response.body().map(body -> response.statusCode()))
                        .onComplete(result -> {
                            latencies[index] = System.nanoTime() - due;
                            if (result.failed() || result.result() >= 300) {
                                errors.incrementAndGet();
                            }
                            done.countDown();
                        });
            }
            if (next[0] == total) {
                vertx.cancelTimer(timer);
            }
        });
        done.await(seconds + 120L, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;
        vertx.close();
        long[] sorted = Arrays.copyOf(latencies, total);
        Arrays.sort(sorted);
        System.out.printf("{\"rate\": %.1f, \"requests\": %d, \"errors\": %d, \"achievedRate\": %.1f, \"p50Ms\": %.3f, "
                        + "\"p99Ms\": %.3f, \"p999Ms\": %.3f, \"maxMs\": %.3f}%n", rate, total, errors.get(), total / elapsed,
                ms(sorted, 0.50), ms(sorted, 0.99), ms(sorted, 0.999), sorted[total - 1] / 1e6);
        System.exit(0);
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }
}
