package dev.runbook.decisions.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.client.KubernetesClient;

import dev.runbook.decisions.support.Deployments;
import dev.runbook.decisions.support.ExternalProcess;
import dev.runbook.decisions.support.KubernetesCluster;
import dev.runbook.decisions.support.LoopbackReceiver;
import dev.runbook.decisions.support.PostgresResource;
import dev.runbook.decisions.support.ServiceProcess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The HA deployment under a storm (issue 14): three packaged replicas on PostgreSQL behind Debian's haproxy, fed by two
 * real Alertmanagers clustered as peers and configured with the shipped receiver (deploy/alertmanager), executing
 * against the Kubernetes test server and paging a loopback PagerDuty. Hundreds of incidents fire, are re-sent to both
 * Alertmanagers (as Prometheus re-sends), and half of them resolve; meanwhile one replica is SIGKILLed and another
 * restarted with SIGTERM. Afterwards the service has acted as one: one incident per alert, one execution per action,
 * one message per due escalation step, every notification accepted, and the audit chain intact.
 */
class StormIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String SCHEMA = "runbook_storm";
    private static final String NAMESPACE = "storm";
    private static final int INCIDENTS = 300;
    /** Three incidents a workload (one alert per pod): each workload is one Alertmanager group, one delivery. */
    private static final int SERVICES = INCIDENTS / 3;
    /** Three replicas start at once: on a loaded 2-core machine that is slower than one alone. */
    private static final Duration STARTING = Duration.ofSeconds(240);
    /** Each firing alert is posted this many times to each Alertmanager, as Prometheus re-sends a firing alert. */
    private static final int ROUNDS = 3;
    private static final int BATCH = 50;
    private static final Path SHIPPED_RECEIVER = Path.of("deploy/alertmanager/alertmanager.yml");
    private static final Pattern LOGGED = Pattern.compile("^(\\d+\\.\\d+) (\\d+) (-?\\d+) (\\S+) (\\S+) (\\S+)$");

    @Test
    void threeReplicasActAsOneThroughAStormAKillAndARestart() throws Exception {
        PostgresResource.resetSchema(SCHEMA);
        String url = PostgresResource.SERVER + "?currentSchema=" + SCHEMA;
        Path dir = Files.createTempDirectory("storm");
        KubernetesCluster cluster = new KubernetesCluster();
        Map<String, String> kubernetes = cluster.start();
        List<ExternalProcess> externals = new ArrayList<>();
        ServiceProcess[] replicas = new ServiceProcess[3];
        try (LoopbackReceiver receiver = LoopbackReceiver.startOnAnyPort();
             KubernetesClient client = cluster.server().createClient()) {
            Files.createDirectories(Path.of("target/it-logs"));
            Map<String, String> config = new HashMap<>(kubernetes);
            config.putAll(Map.of("runbook.store", "postgresql", "quarkus.datasource.postgresql.jdbc.url", url,
                    "runbook.act.tick-every", "1s", "runbook.act.reconcile-after", "10s",
                    "runbook.act.receiver-mode.runbook-decisions", "execute", "runbook.act.allowed-namespaces", NAMESPACE,
                    "runbook.act.deployment-selector", "runbook.dev/remediate=true", "runbook.act.budget", "100000",
                    "runbook.notify.slack-webhook-url", receiver.url("/slack"),
                    "runbook.notify.pagerduty-url", receiver.url("/pagerduty")));
            config.putAll(Map.of("runbook.notify.pagerduty-routing-key.ML_OPS_ENGINEER", "storm-ml-ops",
                    "runbook.notify.pagerduty-routing-key.TECH_LEAD", "storm-tech-lead",
                    "runbook.notify.pagerduty-routing-key.VP_ENGINEERING", "storm-vp", "quarkus.shutdown.delay", "4s"));
            for (int s = 0; s < SERVICES; s++) {
                Deployments.create(client, NAMESPACE, service(s), Deployments.REMEDIABLE);
            }
            int setUp = cluster.dispatcher().requests().size();
            int[] ports = {ExternalProcess.freePort(), ExternalProcess.freePort(), ExternalProcess.freePort()};
            for (int r = 0; r < 3; r++) {
                replicas[r] = ServiceProcess.start("storm-replica-" + r, dir, config, ports[r]);
            }
            for (ServiceProcess replica : replicas) {
                replica.awaitReady(STARTING);
            }

            int balancerPort = ExternalProcess.freePort();
            Path balancerLog = Path.of("target/it-logs/storm-haproxy.log").toAbsolutePath();
            Files.deleteIfExists(balancerLog);
            Files.writeString(dir.resolve("haproxy.cfg"), haproxy(balancerPort, ports));
            externals.add(ExternalProcess.start("storm-haproxy", List.of("/usr/sbin/haproxy", "-db", "-f", dir.resolve("haproxy.cfg").toString())));

            int[] apiPorts = {ExternalProcess.freePort(), ExternalProcess.freePort()};
            int[] gossipPorts = {ExternalProcess.freePort(), ExternalProcess.freePort()};
            Files.writeString(dir.resolve("am.yml"), quickened(Files.readString(SHIPPED_RECEIVER),
                    "http://127.0.0.1:" + balancerPort + "/api/v1/alerts/alertmanager/" + ServiceProcess.adminKey()));
            for (int a = 0; a < 2; a++) {
                externals.add(ExternalProcess.start("storm-alertmanager-" + a, List.of("/usr/bin/prometheus-alertmanager",
                        "--config.file=" + dir.resolve("am.yml"), "--storage.path=" + dir.resolve("am-data-" + a),
                        "--web.listen-address=127.0.0.1:" + apiPorts[a],
                        "--cluster.listen-address=127.0.0.1:" + gossipPorts[a], "--cluster.advertise-address=127.0.0.1:" + gossipPorts[a],
                        "--cluster.peer=127.0.0.1:" + gossipPorts[1 - a], "--cluster.peer-timeout=3s")));
            }
            for (int port : apiPorts) {
                await("Alertmanager on " + port + " to be ready", Duration.ofSeconds(30), () -> status("http://127.0.0.1:" + port + "/-/ready") == 200);
            }
            await("the balancer to see three ready replicas", Duration.ofSeconds(30),
                    () -> status("http://127.0.0.1:" + balancerPort + "/q/health/ready") == 200);

            Instant stormStart = Instant.now();
            Instant startsAt = stormStart.minusSeconds(60);
            for (int round = 0; round < ROUNDS; round++) {
                postToBoth(apiPorts, firing(startsAt));
                if (round == 0) {
                    // Mid-storm: one replica dies, another is rolled (SIGTERM, then started again on its port).
                    Thread.sleep(1_500);
                    replicas[0].kill();
                    assertEquals(0, replicas[1].terminate(Duration.ofSeconds(60)), "a rolled replica exits 0 on SIGTERM");
                    replicas[1] = ServiceProcess.start("storm-replica-1-again", dir, config, ports[1]).awaitReady(STARTING);
                } else {
                    Thread.sleep(1_000);
                }
            }
            // Alertmanager sends a resolution only for a group whose firing notification it logged as delivered: one it
            // gave up on (its 10 s deadline passed while the storm queued it) is sent again at the next group interval
            // and answered from its receipt. Alerts end once every one has its incident and those resends are through.
            await("every alert to have its incident", Duration.ofSeconds(90),
                    () -> count(url, "SELECT count(DISTINCT dedup_key) FROM incident") == INCIDENTS);
            Thread.sleep(10_000);
            postToBoth(apiPorts, resolved(startsAt));

            await("every resolution to have reached its incident", Duration.ofSeconds(90),
                    () -> settled(url));
            await("every due escalation step to be settled", Duration.ofSeconds(60), () -> count(url,
                    "SELECT count(*) FROM escalation_step WHERE status IN ('SCHEDULED', 'FIRING') AND due_at <= now()") == 0);
            Thread.sleep(3_000);
            Instant stormEnd = Instant.now();

            assertEquals(List.of(), rows(url, "SELECT dedup_key || ' ' || count(*) FROM incident GROUP BY dedup_key HAVING count(*) > 1"),
                    "one incident per alert");
            assertEquals(INCIDENTS, count(url, "SELECT count(DISTINCT dedup_key) FROM incident"));
            assertEquals(INCIDENTS / 2, count(url, "SELECT count(*) FROM incident WHERE status = 'RESOLVED'"));
            assertEquals(List.of(), rows(url, "SELECT action_key FROM action_run WHERE action_key IS NOT NULL "
                    + "GROUP BY action_key HAVING count(*) > 1"), "one run per action key");
            assertOneChangePerExecutedAction(url, cluster.dispatcher().requests().subList(setUp, cluster.dispatcher().requests().size()));
            assertEachDueStepSentOnce(url, receiver);
            assertEquals(INCIDENTS, count(url, "SELECT count(*) FROM audit_record WHERE kind = 'DECISION'"),
                    "one decision per incident: redeliveries and the peer's notifications were answered from receipts");

            ServiceProcess survivor = replicas[2];
            JsonNode verify = JSON.readTree(survivor.get("/api/v1/audit/verify").body());
            assertTrue(verify.path("valid").asBoolean(), verify.toString());

            List<Logged> deliveries = Files.readAllLines(balancerLog).stream().map(StormIT::logged)
                    .filter(l -> l != null && l.path().startsWith("/api/v1/alerts/alertmanager")).toList();
            List<Logged> refused = deliveries.stream().filter(l -> l.status() / 100 != 2).toList();
            String failedNotifications = failedNotifications(apiPorts);
            System.out.printf("StormIT: %d incidents, %d alert posts to Alertmanager, %d deliveries through the balancer "
                            + "(%d not 2xx, retried: %s), Alertmanager failures %s%n",
                    INCIDENTS, 2 * (ROUNDS * INCIDENTS + INCIDENTS / 2), deliveries.size(), refused.size(),
                    statusCounts(refused), failedNotifications);
            printThroughput(deliveries, stormStart, stormEnd, url);
        } finally {
            for (ServiceProcess replica : replicas) {
                if (replica != null) {
                    replica.close();
                }
            }
            for (ExternalProcess external : externals) {
                external.close();
            }
            cluster.stop();
        }
    }

    private static String service(int workload) {
        return "storm-svc-" + workload;
    }

    /**
     * Three alerts a workload, one per pod, each its own incident (Alertmanager's fingerprint covers every label). A
     * third of the workloads are at 12% errors, P1: the first escalation step pages ML_OPS_ENGINEER at once; the rest
     * at 7%, P2: the first step is a Slack message at once.
     */
    private static ArrayNode firing(Instant startsAt) {
        ArrayNode alerts = JSON.createArrayNode();
        for (int i = 0; i < INCIDENTS; i++) {
            int workload = i % SERVICES;
            ObjectNode alert = alerts.addObject();
            alert.putObject("labels").put("alertname", "MLModelHighErrorRate").put("namespace", NAMESPACE)
                    .put("service", service(workload)).put("pod", service(workload) + "-" + i / SERVICES).put("severity", "warning");
            alert.putObject("annotations").put("summary", service(workload) + " answers errors")
                    .put("error_rate", workload % 3 == 0 ? "12%" : "7%");
            alert.put("startsAt", startsAt.toString());
        }
        return alerts;
    }

    /** The even incidents' alerts, ended now: Alertmanager sends them resolved at its next group interval. */
    private static ArrayNode resolved(Instant startsAt) {
        ArrayNode alerts = JSON.createArrayNode();
        ArrayNode all = firing(startsAt);
        for (int i = 0; i < INCIDENTS; i += 2) {
            ObjectNode alert = (ObjectNode) all.get(i);
            alert.put("endsAt", Instant.now().toString());
            alerts.add(alert);
        }
        return alerts;
    }

    private static void postToBoth(int[] apiPorts, ArrayNode alerts) throws Exception {
        for (int from = 0; from < alerts.size(); from += BATCH) {
            ArrayNode batch = JSON.createArrayNode();
            for (int i = from; i < Math.min(alerts.size(), from + BATCH); i++) {
                batch.add(alerts.get(i));
            }
            for (int port : apiPorts) {
                HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v2/alerts"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(batch.toString())).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, answer.statusCode(), answer.body());
            }
        }
    }

    /** Every alert has its incident, and the even ones are resolved. */
    private static boolean settled(String url) {
        return count(url, "SELECT count(DISTINCT dedup_key) FROM incident") == INCIDENTS
                && count(url, "SELECT count(*) FROM incident WHERE status = 'RESOLVED'") == INCIDENTS / 2;
    }

    /**
     * The Kubernetes API saw one change per action the store says was carried out: no action ran twice, on two replicas
     * or after a restart. Dry runs (the guards' previews) do not count, and neither do reads (nor the test's own
     * set-up, which {@code requests} leaves out).
     */
    private static void assertOneChangePerExecutedAction(String url, List<String> requests) {
        Map<String, Integer> changes = new TreeMap<>();
        for (String request : requests) {
            if (!request.startsWith("GET") && !request.contains("dryRun=All") && request.contains("/namespaces/" + NAMESPACE + "/")) {
                changes.merge(target(request), 1, Integer::sum);
            }
        }
        Map<String, Integer> executed = new TreeMap<>();
        for (String target : rows(url, "SELECT target_name FROM action_run WHERE namespace = '" + NAMESPACE
                + "' AND action_key IS NOT NULL AND status IN ('SUCCEEDED', 'FAILED', 'UNKNOWN')")) {
            executed.merge(target, 1, Integer::sum);
        }
        assertTrue(!executed.isEmpty(), "the storm executed actions");
        changes.forEach((target, made) -> assertTrue(made <= executed.getOrDefault(target, 0),
                target + " was changed " + made + " times for " + executed.get(target) + " executed actions"));
    }

    private static String target(String request) {
        Matcher name = Pattern.compile("/deployments/([^/?]+)").matcher(request);
        return name.find() ? name.group(1) : request;
    }

    /**
     * Each step that came due fired once: a FIRED step's message reached PagerDuty or Slack exactly once, and a step the
     * killed replica was sending when it died (UNKNOWN) at most once. None is left SCHEDULED or FIRING.
     */
    private static void assertEachDueStepSentOnce(String url, LoopbackReceiver receiver) throws Exception {
        Map<String, Integer> sent = new HashMap<>();
        for (LoopbackReceiver.Received page : receiver.received("/pagerduty")) {
            JsonNode body = JSON.readTree(page.body());
            if ("trigger".equals(body.path("event_action").asText())) {
                sent.merge("PAGE " + body.path("dedup_key").asText() + " " + body.at("/payload/custom_details/role").asText(), 1, Integer::sum);
            }
        }
        Pattern escalation = Pattern.compile("escalating to (\\w+) .*Incident ([0-9a-f-]{36})");
        for (LoopbackReceiver.Received message : receiver.received("/slack")) {
            Matcher step = escalation.matcher(message.body());
            if (step.find()) {
                sent.merge("SLACK " + step.group(2) + " " + step.group(1), 1, Integer::sum);
            }
        }
        List<String> fired = rows(url, "SELECT channel || ' ' || incident_id || ' ' || role_name FROM escalation_step WHERE status = 'FIRED'");
        List<String> unknown = rows(url, "SELECT channel || ' ' || incident_id || ' ' || role_name FROM escalation_step WHERE status = 'UNKNOWN'");
        assertTrue(fired.size() > INCIDENTS / 2, "steps fired: " + fired.size());
        assertTrue(unknown.size() <= 1, "only the step the killed replica was sending can be unknown: " + unknown);
        for (String step : fired) {
            assertEquals(1, sent.getOrDefault(step, 0), "messages for " + step);
        }
        for (String step : unknown) {
            assertTrue(sent.getOrDefault(step, 0) <= 1, "messages for " + step);
        }
        for (String message : sent.keySet()) {
            assertTrue(fired.contains(message) || unknown.contains(message), "a message without its step: " + message);
        }
    }

    /** Throughput and p99 of the storm as the balancer saw it (its log has each request's total time). */
    private static void printThroughput(List<Logged> deliveries, Instant stormStart, Instant stormEnd, String url) {
        double first = deliveries.stream().mapToDouble(Logged::at).min().orElse(0);
        double last = deliveries.stream().mapToDouble(Logged::at).max().orElse(0);
        int[] times = deliveries.stream().mapToInt(Logged::totalMillis).sorted().toArray();
        int p50 = times[(int) Math.ceil(times.length * 0.50) - 1];
        int p99 = times[(int) Math.ceil(times.length * 0.99) - 1];
        int decisions = count(url, "SELECT count(*) FROM audit_record WHERE kind = 'DECISION'");
        int records = count(url, "SELECT count(*) FROM audit_record");
        System.out.printf("StormIT throughput: %d deliveries in %.1f s from first to last (%.1f/s), %d audit records "
                        + "(%d decisions) in the storm's %d s; delivery time at the balancer p50 %d ms, p99 %d ms, max %d ms%n",
                deliveries.size(), last - first, deliveries.size() / Math.max(0.001, last - first), records, decisions,
                Duration.between(stormStart, stormEnd).toSeconds(), p50, p99, times[times.length - 1]);
    }

    private static String statusCounts(List<Logged> logged) {
        Map<Integer, Integer> counts = new TreeMap<>();
        logged.forEach(l -> counts.merge(l.status(), 1, Integer::sum));
        return counts.toString();
    }

    private static String failedNotifications(int[] apiPorts) {
        List<String> failed = new ArrayList<>();
        for (int port : apiPorts) {
            try {
                String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                Matcher total = Pattern.compile("alertmanager_notifications_total\\{integration=\"webhook\"[^}]*} (\\d+)").matcher(metrics);
                Matcher failures = Pattern.compile("alertmanager_notifications_failed_total\\{integration=\"webhook\"[^}]*} (\\d+)").matcher(metrics);
                failed.add((failures.find() ? failures.group(1) : "?") + " of " + (total.find() ? total.group(1) : "?"));
            } catch (IOException | InterruptedException e) {
                failed.add("unreadable");
            }
        }
        return failed.toString();
    }

    /**
     * The shipped receiver with the balancer's address and a key, and the group timers of a test: 30 s to gather a
     * group and 5 min between a group's notifications would outlast the storm.
     */
    private static String quickened(String shipped, String webhook) {
        String config = shipped.replaceFirst("(?m)^(\\s+- url: )\\S+$", "$1" + webhook)
                .replaceFirst("(?m)^(\\s+group_wait:) \\S+$", "$1 1s")
                .replaceFirst("(?m)^(\\s+group_interval:) \\S+$", "$1 3s");
        assertTrue(config.contains(webhook) && config.contains("group_wait: 1s") && config.contains("group_interval: 3s"),
                "the shipped receiver still has its url, group_wait and group_interval lines");
        return config;
    }

    /**
     * Round robin over the replicas; a replica leaves the rotation when its readiness has been DOWN (SIGTERM) or
     * unanswered for three checks a second apart, within the replicas' shutdown delay. The key in the webhook's path
     * is masked in the log. Each replica gets at most 12 requests at once (fewer than its 16 database connections)
     * and the balancer queues the rest: unbounded, a storm's retries exhaust a replica's pool, its readiness check
     * (which needs a connection) times out, the balancer drops it, and the others follow. A delivery whose connection failed, or that a draining replica answered 503, is sent to another:
     * deliveries are idempotent (a repeated alert is answered from its first receipt), so retrying them is safe.
     */
    private static String haproxy(int port, int[] replicas) {
        StringBuilder servers = new StringBuilder();
        for (int r = 0; r < replicas.length; r++) {
            servers.append("  server replica-").append(r).append(" 127.0.0.1:").append(replicas[r]).append(" check\n");
        }
        return """
                global
                  log stdout format raw local0
                  maxconn 1000
                defaults
                  mode http
                  log global
                  timeout connect 1s
                  timeout client 30s
                  timeout server 30s
                  option http-buffer-request
                  retries 3
                  option redispatch 1
                  retry-on conn-failure empty-response junk-response response-timeout 503
                frontend storm
                  bind 127.0.0.1:%d
                  log-format "%%Ts.%%ms %%ST %%Ta %%HM %%[capture.req.uri,regsub(rbk_.*,rbk_MASKED)] %%s"
                  default_backend replicas
                backend replicas
                  balance roundrobin
                  option httpchk GET /q/health/ready
                  http-check expect status 200
                  timeout check 5s
                  timeout queue 60s
                  default-server inter 1s fall 3 rise 2 maxconn 12
                %s""".formatted(port, servers);
    }

    private record Logged(double at, int status, int totalMillis, String method, String path, String server) {
    }

    private static Logged logged(String line) {
        Matcher m = LOGGED.matcher(line.strip());
        return m.matches() ? new Logged(Double.parseDouble(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                m.group(4), m.group(5), m.group(6)) : null;
    }

    private static int status(String address) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(address)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static int count(String url, String sql) {
        return Integer.parseInt(rows(url, sql).get(0));
    }

    private static List<String> rows(String url, String sql) {
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
             Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static void await(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                fail("timed out waiting for " + what + "; see target/it-logs/storm-*.log");
            }
            Thread.sleep(250);
        }
    }
}
