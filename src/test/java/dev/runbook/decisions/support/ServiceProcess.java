package dev.runbook.decisions.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.runbook.decisions.security.ApiKey;

/**
 * The packaged service (target/quarkus-app/quarkus-run.jar) as a separate process, for tests about several replicas
 * and about being killed. Its output goes to target/it-logs/NAME.log.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** The key every request of these tests sends; each process is started knowing only its hash. */
    private static final ApiKey.Issued ADMIN = ApiKey.issue("it-admin");

    private final Process process;
    private final int port;

    private ServiceProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the jar in {@code workDir} with the given system properties on a free port; does not wait for it. */
    public static ServiceProcess start(String name, Path workDir, Map<String, String> properties) throws IOException {
        return start(name, workDir, properties, freePort());
    }

    /** As {@link #start(String, Path, Map)} on {@code port}: a replica restarted behind a balancer keeps its address. */
    public static ServiceProcess start(String name, Path workDir, Map<String, String> properties, int port) throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: integration tests run after 'mvn package'");
        }
        List<String> command = new ArrayList<>(List.of("java", "-Xmx512m", "-Dquarkus.http.port=" + port,
                "-Drunbook.security.api-keys.it-admin.hash=" + ADMIN.hash(), "-Drunbook.security.api-keys.it-admin.roles=admin",
                "-Drunbook.security.rate-limit.requests-per-second=100000", "-Drunbook.security.rate-limit.burst=100000"));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", JAR.toString()));
        Path logs = Path.of("target/it-logs").toAbsolutePath();
        Files.createDirectories(logs);
        Process process = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".log").toFile()))
                .start();
        return new ServiceProcess(process, port);
    }

    /** The admin key every process is started knowing, e.g. for a webhook URL that carries its key in the path. */
    public static String adminKey() {
        return ADMIN.key();
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public ServiceProcess awaitReady() throws InterruptedException {
        return awaitReady(Duration.ofSeconds(90));
    }

    /** As {@link #awaitReady()}, for tests that start several replicas at once on a shared machine. */
    public ServiceProcess awaitReady(Duration within) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + "; see target/it-logs");
            }
            try {
                if (get("/q/health/ready").statusCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the service was not ready within " + within.toSeconds() + " s; see target/it-logs");
    }

    public HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("X-API-Key", ADMIN.key()).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Any call as admin: {@code contentType} and {@code body} may be null. */
    public HttpResponse<String> send(String method, String path, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("X-API-Key", ADMIN.key())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("X-API-Key", ADMIN.key()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** SIGTERM, as Kubernetes stops a pod; answers the exit code once the process has ended (-1 if not within the wait). */
    public int terminate(Duration wait) throws InterruptedException {
        process.destroy();
        return process.waitFor(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(java.util.concurrent.TimeUnit.SECONDS.toMillis(20), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            kill();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
