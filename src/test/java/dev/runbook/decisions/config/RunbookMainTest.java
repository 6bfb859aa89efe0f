package dev.runbook.decisions.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * The jar's command line: commands run and exit with the conventional codes, and none starts the service. The
 * models are compiled once per test-alert call, as the command does, so only three calls compile them.
 */
class RunbookMainTest {

    private static final String REJECTED_ALERT = "{\"status\":\"firing\",\"labels\":{\"alertname\":\"Watchdog\"},\"fingerprint\":\"w\"}";
    private static final String DECIDED_ALERT = "{\"status\":\"firing\",\"labels\":{\"alertname\":\"HighLatency\",\"service\":\"recommender\"},"
            + "\"annotations\":{\"latency_p95_seconds\":\"1.4s\"},\"fingerprint\":\"d\"}";

    @TempDir
    Path dir;

    @Test
    void helpPrintsTheCommandsAndMainSettingsWithTheirDefaults() {
        for (String help : List.of("--help", "-h")) {
            Run run = run(help);
            assertEquals(0, run.code);
            assertTrue(run.out.contains("hash-key NAME") && run.out.contains("test-alert FILE"), run.out);
            assertTrue(run.out.contains("none starts the service"), run.out);
            assertTrue(run.out.contains("quarkus.http.port=8080") && run.out.contains("runbook.store=h2")
                    && run.out.contains("runbook.security.keys-file=./data/api-keys.properties"), run.out);
        }
    }

    @Test
    void anUnknownCommandIsAUsageErrorNotAStart() {
        Run run = run("serve");
        assertEquals(2, run.code);
        assertTrue(run.err.contains("unknown command 'serve'") && run.err.contains("usage:"), run.err);
        assertEquals("", run.out);
    }

    @Test
    void testAlertUsageErrorsAndUnreadableFilesExit2() {
        assertEquals(2, run("test-alert").code);
        assertEquals(2, run("test-alert", dir.resolve("missing.json").toString()).code);
        assertEquals(2, run("test-alert", "a.json", "--sender", "nagios").code);
        assertEquals(2, run("test-alert", "a.json", "b.json").code);
        assertEquals(2, run("test-alert", "a.json", "--verbose").code);
        assertEquals(2, run("hash-key").code);
    }

    @Test
    void aGroupWhoseAlertsAllDecideExits0AndSaysWhatEachWouldDo() throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode group = json.readTree(Path.of("samples/alertmanager/firing-group.json").toFile());
        ((ArrayNode) group.get("alerts")).remove(4);
        Path workloadsOnly = dir.resolve("workloads-only.json");
        json.writeValue(workloadsOnly.toFile(), group);
        Run run = run("test-alert", workloadsOnly.toString());
        assertEquals(0, run.code, run.err);
        assertTrue(run.out.contains("alert 1: MLModelHighErrorRate [FIRING] -> DECIDED"), run.out);
        assertTrue(run.out.contains("HIGH_ERROR_RATE P1"), run.out);
        assertTrue(run.out.contains("errorRate = 0.12"), run.out);
        assertTrue(run.out.contains("ROLLOUT_UNDO Deployment ml/ml-model-api"), run.out);
        assertTrue(run.out.strip().endsWith("4 DECIDED"), run.out);
    }

    @Test
    void aPayloadTheWebhookWouldRefuseExits1NamingTheField() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.json"), "{\"alerts\":[{\"status\":\"pending\",\"labels\":{\"a\":\"b\"}}]}");
        Run run = run("test-alert", file.toString(), "--sender", "grafana", "--json");
        assertEquals(1, run.code, run.err);
        JsonNode refused = new ObjectMapper().readTree(run.out);
        assertEquals("grafana", refused.path("sender").asText());
        assertEquals("alerts[0].status", refused.path("errors").get(0).path("field").asText());
    }

    /**
     * The real process: an alert that names no service makes the exit code 1, the JSON is the endpoint's, and the
     * store is never opened (no ./data in the working directory) nor the HTTP server started (the process ends).
     */
    @Test
    void aRejectedAlertExits1InItsOwnProcessWithoutOpeningTheStore() throws Exception {
        Path file = Files.writeString(dir.resolve("mixed.json"), "{\"receiver\":\"r\",\"alerts\":[" + DECIDED_ALERT + "," + REJECTED_ALERT + "]}");
        Path work = Files.createDirectory(dir.resolve("work"));
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), RunbookMain.class.getName(), "test-alert", file.toString(), "--json")
                .directory(work.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the command ends: no server was started");
        assertEquals(1, process.exitValue());
        JsonNode answer = new ObjectMapper().readTree(out);
        assertEquals("DECIDED", answer.path("alerts").get(0).path("outcome").asText());
        assertEquals("HIGH_LATENCY", answer.path("alerts").get(0).path("decision").path("incidentType").asText());
        assertEquals("REJECTED", answer.path("alerts").get(1).path("outcome").asText());
        assertFalse(Files.exists(work.resolve("data")), "the store was opened");
        try (var left = Files.list(work)) {
            assertEquals(0, left.count(), "the command wrote nothing in its working directory");
        }
    }

    @Test
    void theServiceTurnsOffH2sTextCacheUnlessTheCommandLineSetsIt() {
        String before = System.getProperty("h2.objectCache");
        try {
            System.clearProperty("h2.objectCache");
            RunbookMain.setServiceProperties();
            assertEquals("false", System.getProperty("h2.objectCache"));

            System.setProperty("h2.objectCache", "true");
            RunbookMain.setServiceProperties();
            assertEquals("true", System.getProperty("h2.objectCache"), "an operator's -Dh2.objectCache is kept");
        } finally {
            if (before == null) {
                System.clearProperty("h2.objectCache");
            } else {
                System.setProperty("h2.objectCache", before);
            }
        }
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = RunbookMain.command(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int code, String out, String err) {
    }
}
