package dev.runbook.decisions.flow;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import dev.runbook.decisions.decide.Decision;
import dev.runbook.decisions.decide.ModelSet;
import dev.runbook.decisions.domain.ReceiptOutcome;
import dev.runbook.decisions.ingest.AlertSender;

/**
 * The meters of a request's way through the service, declared here once: decisions taken, how long a request and
 * each of its stages took, what became of each alert, and the model versions this replica decides with. Timers
 * publish fixed buckets (the same on every replica), so Prometheus can add them up across replicas and take a
 * percentile of the sum; Micrometer's own percentiles could not be aggregated.
 */
@ApplicationScoped
public class FlowMetrics {

    /** Where a request came in: a decision asked for directly, or a sender's alert delivery. */
    public enum Entry {
        DECISION, ALERT_DELIVERY
    }

    /** The stages the flow times: reading the body, deciding, recording in the audit log, carrying the plan out. */
    public enum Stage {
        PARSE, DECIDE, RECORD, ACT
    }

    /** What became of one alert of a delivery: its receipt's outcome, or DEDUPLICATED for a redelivered alert. */
    public enum AlertOutcome {
        DECIDED, ACKNOWLEDGED, RESOLVED, NO_OPEN_INCIDENT, REJECTED, DEDUPLICATED;

        static AlertOutcome of(ReceiptOutcome outcome) {
            return valueOf(outcome.name());
        }
    }

    /** From well under a decision in process to the group commit's 10 s max-wait and beyond. */
    static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final Meter.MeterProvider<Counter> decisions;
    private final Meter.MeterProvider<Timer> latency;
    private final Meter.MeterProvider<Timer> stages;
    private final Meter.MeterProvider<Counter> alerts;
    private final Meter.MeterProvider<Counter> rejectedDeliveries;
    private final MultiGauge modelsLive;

    public FlowMetrics(MeterRegistry registry) {
        this.decisions = Counter.builder("runbook.decisions")
                .description("Decisions taken and recorded, by severity and incident type (redeliveries are not counted again)")
                .withRegistry(registry);
        this.latency = Timer.builder("runbook.decision.latency")
                .description("A decision request or alert delivery from reading its body to its answer, by entry (DECISION, ALERT_DELIVERY)")
                .serviceLevelObjectives(LATENCY_BUCKETS).withRegistry(registry);
        this.stages = Timer.builder("runbook.decision.stage")
                .description("One stage of a decision request or alert delivery (PARSE, DECIDE, RECORD, ACT), by entry")
                .serviceLevelObjectives(LATENCY_BUCKETS).withRegistry(registry);
        this.alerts = Counter.builder("runbook.alerts")
                .description("Alerts received in accepted deliveries, by sender and outcome (DEDUPLICATED: a redelivery answered with its first receipt)")
                .withRegistry(registry);
        this.rejectedDeliveries = Counter.builder("runbook.alert.deliveries.rejected")
                .description("Alert deliveries refused whole (unreadable or too large, answered 400 or 413), by sender")
                .withRegistry(registry);
        this.modelsLive = MultiGauge.builder("runbook.models.live")
                .description("1 for each DMN model version this replica decides with, by model and version")
                .register(registry);
    }

    /** A fresh decision was recorded. */
    void decided(Decision decision) {
        decisions.withTags("severity", decision.severity().name(), "incident_type", decision.incidentType().name()).increment();
    }

    /** Runs one stage of a request and times it, whether it answers or fails. */
    <T> T stage(Entry entry, Stage stage, Supplier<T> work) {
        long start = System.nanoTime();
        try {
            return work.get();
        } finally {
            stages.withTags("entry", entry.name(), "stage", stage.name()).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /** A request that started at {@code startNanos} was answered. */
    void answered(Entry entry, long startNanos) {
        latency.withTags("entry", entry.name()).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    void alert(AlertSender sender, AlertOutcome outcome) {
        alerts.withTags("sender", sender.path(), "outcome", outcome.name()).increment();
    }

    void deliveryRejected(AlertSender sender) {
        rejectedDeliveries.withTags("sender", sender.path()).increment();
    }

    /** The DMN versions in {@code models} become this replica's live versions; the ones it replaced disappear. */
    void modelsLive(ModelSet models) {
        List<MultiGauge.Row<?>> rows = models.modelRefs().stream().filter(ref -> ref.dmnName() != null)
                .<MultiGauge.Row<?>>map(ref -> MultiGauge.Row.of(Tags.of("model", ref.dmnName(), "version",
                        String.valueOf(ref.version())), 1)).toList();
        modelsLive.register(rows, true);
    }
}
