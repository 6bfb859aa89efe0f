package dev.runbook.decisions.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A model API's /metrics on loopback, for a real Prometheus to scrape: http_requests_total by status code, labelled
 * with the namespace and service a ServiceMonitor would add. It serves 100 requests a second, of which the current
 * error share answer 503. The counters grow with the wall clock, so every rate Prometheus takes sees that share
 * whatever its scrape timing.
 */
public final class ModelApiMetrics implements AutoCloseable {

    private static final double REQUESTS_PER_SECOND = 100;

    private final HttpServer server;
    private final String namespace;
    private final String service;
    private double errorShare;
    private double succeeded;
    private double failed;
    private long lastNanos = System.nanoTime();

    private ModelApiMetrics(String namespace, String service, double errorShare) throws IOException {
        this.namespace = namespace;
        this.service = service;
        this.errorShare = errorShare;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/metrics", this::scrape);
        server.start();
    }

    public static ModelApiMetrics start(String namespace, String service, double errorShare) throws IOException {
        return new ModelApiMetrics(namespace, service, errorShare);
    }

    /** host:port, as a Prometheus static target. */
    public String target() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** From now on this share of the requests fails (the counters keep what they counted). */
    public synchronized void errorShare(double share) {
        advance();
        errorShare = share;
    }

    private synchronized String exposition() {
        advance();
        return String.format(Locale.ROOT, """
                # TYPE http_requests_total counter
                http_requests_total{namespace="%1$s",service="%2$s",code="200"} %3$.3f
                http_requests_total{namespace="%1$s",service="%2$s",code="503"} %4$.3f
                """, namespace, service, succeeded, failed);
    }

    private void advance() {
        long now = System.nanoTime();
        double requests = REQUESTS_PER_SECOND * (now - lastNanos) / 1e9;
        lastNanos = now;
        failed += requests * errorShare;
        succeeded += requests * (1 - errorShare);
    }

    private void scrape(HttpExchange exchange) throws IOException {
        byte[] body = exposition().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
