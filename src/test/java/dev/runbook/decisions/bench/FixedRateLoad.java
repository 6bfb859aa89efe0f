package dev.runbook.decisions.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
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
 * <p>The same schedule first runs for WARMUP_SECONDS, answers discarded: a cold generator JVM (class loading, JIT,
 * opening its connections) sends its first second of requests late, and charging that to the service put a 0.5–1.3 s
 * p99 on every path (bench/README.md, "Where the 1-second p99 came from"). The line also says how late the generator
 * itself issued its requests ({@code sendLagP99Ms}) and the worst latency of each second ({@code maxMsBySecond}), so a
 * stall can be placed: on the generator's side, or spread over the run.
 *
 * <p>Usage: FixedRateLoad URL RATE_PER_SECOND SECONDS WARMUP_SECONDS API_KEY BODY_FILE...
 */
public final class FixedRateLoad {

    private FixedRateLoad() {
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        double rate = Double.parseDouble(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int warmupSeconds = Integer.parseInt(args[3]);
        String key = args[4];
        List<Buffer> bodies = new ArrayList<>();
        for (int i = 5; i < args.length; i++) {
            bodies.add(Buffer.buffer(Files.readAllBytes(Path.of(args[i]))));
        }
        // One event loop: the generator is pinned to one core, more loops would only contend for it.
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(uri.getHost())
                .setDefaultPort(uri.getPort()).setKeepAlive(true).setMaxPoolSize(256));
        Schedule schedule = new Schedule(vertx, client, uri.getRawPath(), key, bodies, rate);
        if (warmupSeconds > 0) {
            schedule.run(warmupSeconds);
        }
        Run run = schedule.run(seconds);
        vertx.close();
        System.out.println(run.json(rate, seconds));
        System.exit(0);
    }

    /** Sends the bodies in turn at a fixed rate, for as long as asked, and waits for every answer. */
    private record Schedule(Vertx vertx, HttpClient client, String path, String key, List<Buffer> bodies, double rate) {

        Run run(int seconds) throws InterruptedException {
            int total = Math.max(1, (int) (rate * seconds));
            Run run = new Run(total);
            CountDownLatch done = new CountDownLatch(total);
            long intervalNanos = (long) (1e9 / rate);
            long start = System.nanoTime();
            int[] next = {0};
            vertx.setPeriodic(1, timer -> {
                long now = System.nanoTime();
                while (next[0] < total && start + next[0] * intervalNanos <= now) {
                    int index = next[0]++;
                    long due = start + index * intervalNanos;
                    run.sendLag[index] = now - due;
                    client.request(HttpMethod.POST, path)
                            .compose(request -> request.putHeader("Content-Type", "application/json")
                                    .putHeader("X-API-Key", key).send(bodies.get(index % bodies.size())))
                            .compose(response -> response.body().map(body -> response.statusCode()))
                            .onComplete(result -> {
                                run.latency[index] = System.nanoTime() - due;
                                if (result.failed() || result.result() >= 300) {
                                    run.errors.incrementAndGet();
                                }
                                done.countDown();
                            });
                }
                if (next[0] == total) {
                    vertx.cancelTimer(timer);
                }
            });
            done.await(seconds + 120L, TimeUnit.SECONDS);
            run.elapsedNanos = System.nanoTime() - start;
            run.intervalNanos = intervalNanos;
            return run;
        }
    }

    /** What one run saw: per request, its latency from its due time and how late the generator issued it. */
    private static final class Run {
        final long[] latency;
        final long[] sendLag;
        final AtomicInteger errors = new AtomicInteger();
        long elapsedNanos;
        long intervalNanos;

        Run(int total) {
            latency = new long[total];
            sendLag = new long[total];
        }

        String json(double rate, int seconds) {
            int total = latency.length;
            long[] sorted = Arrays.copyOf(latency, total);
            Arrays.sort(sorted);
            long[] lag = Arrays.copyOf(sendLag, total);
            Arrays.sort(lag);
            // The worst latency among the requests due in each second of the run: a stall shows as one bad second.
            long[] worst = new long[Math.max(1, seconds)];
            for (int i = 0; i < total; i++) {
                int second = (int) Math.min(worst.length - 1, i * intervalNanos / 1_000_000_000L);
                worst[second] = Math.max(worst[second], latency[i]);
            }
            StringJoiner bySecond = new StringJoiner(", ", "[", "]");
            for (long w : worst) {
                bySecond.add(String.format("%.1f", w / 1e6));
            }
            return String.format("{\"rate\": %.1f, \"requests\": %d, \"errors\": %d, \"achievedRate\": %.1f, "
                            + "\"p50Ms\": %.3f, \"p99Ms\": %.3f, \"p999Ms\": %.3f, \"maxMs\": %.3f, "
                            + "\"sendLagP99Ms\": %.3f, \"sendLagMaxMs\": %.3f, \"maxMsBySecond\": %s}",
                    rate, total, errors.get(), total / (elapsedNanos / 1e9), ms(sorted, 0.50), ms(sorted, 0.99),
                    ms(sorted, 0.999), sorted[total - 1] / 1e6, ms(lag, 0.99), lag[total - 1] / 1e6, bySecond);
        }

        private static double ms(long[] sorted, double quantile) {
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
        }
    }
}
