package dev.runbook.decisions.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on loopback standing in for Slack, PagerDuty and a ticket webhook: it answers each request with
 * the next scripted status (200 once the script is used up) and keeps what it received. The test profile points
 * runbook.notify.* at {@link #PORT}.
 */
public final class LoopbackReceiver implements AutoCloseable {

    public static final int PORT = 18931;

    private final HttpServer server;
    private final ConcurrentLinkedDeque<Integer> script = new ConcurrentLinkedDeque<>();
    private final List<Received> received = new ArrayList<>();
    private volatile String delayedPath;
    private volatile long delayMillis;

    private LoopbackReceiver(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        // Requests are answered concurrently, as by a real service: several replicas send at once, some slowly.
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    public static LoopbackReceiver start() {
        return new LoopbackReceiver(PORT);
    }

    public static LoopbackReceiver startOnAnyPort() {
        return new LoopbackReceiver(0);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The statuses the next requests get, in order. */
    public void answer(Integer... statuses) {
        script.addAll(List.of(statuses));
    }

    /** Every answer to {@code path} from now on comes this late: a slow PagerDuty, so that sends are still under way. */
    public void delayEach(String path, java.time.Duration delay) {
        delayedPath = path;
        delayMillis = delay.toMillis();
    }

    public synchronized List<Received> received() {
        return List.copyOf(received);
    }

    public synchronized List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    public synchronized void clear() {
        received.clear();
        script.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (exchange.getRequestURI().getPath().equals(delayedPath)) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Integer scripted = script.pollFirst();
        int status = scripted == null ? 200 : scripted;
        synchronized (this) {
            received.add(new Received(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("Content-Type"),
                    body, Instant.now(), status));
        }
        byte[] answer = (status < 300 ? "ok" : "{\"error\":\"scripted " + status + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    public record Received(String path, String contentType, String body, Instant at, int status) {
    }
}
