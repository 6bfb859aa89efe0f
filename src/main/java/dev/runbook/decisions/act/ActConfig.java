package dev.runbook.decisions.act;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How decisions are carried out: modes and guards (docs/executing-actions.md, "Configuration", lists each key). */
@ConfigMapping(prefix = "runbook.act")
public interface ActConfig {

    /** Mode of POST /api/v1/decisions without ?mode= and of alert receivers without their own. */
    @WithDefault("advise")
    String defaultMode();

    /** Mode per alert receiver: the Alertmanager/Grafana receiver name, or "pagerduty". */
    Map<String, String> receiverMode();

    /** Namespaces actions may change. Empty: none. kube-system is refused whatever this says. */
    Optional<List<String>> allowedNamespaces();

    /** Label selector (k=v,k2=v2) a Deployment must match to be changed. Empty: any Deployment of an allowed namespace. */
    Optional<String> deploymentSelector();

    /**
     * Exporters and monitoring components no action may change: a Deployment named after one (the name itself, or
     * holding it as whole '-'-separated words, as Helm names them: kps-kube-state-metrics) is refused. An alert
     * about a workload can carry the scraper's labels; this keeps remediation off the monitoring stack whatever
     * named the service. Setting the key replaces the list, so keep these when adding yours.
     */
    @WithDefault("kube-state-metrics,node-exporter,cadvisor,kubelet,prometheus,alertmanager,blackbox-exporter")
    List<String> exporterNames();

    /** Minimum time between changes of one Deployment by two different decisions. */
    @WithDefault("10m")
    Duration cooldown();

    /** At most this many Kubernetes actions start per {@link #budgetWindow()} across the service. */
    @WithDefault("5")
    int budget();

    @WithDefault("10m")
    Duration budgetWindow();

    /** HIGH risk actions run without approval only if this is true. */
    @WithDefault("false")
    boolean autoApproveHighRisk();

    /** An approval not given within this time lapses (EXPIRED). */
    @WithDefault("30m")
    Duration approvalTimeout();

    @WithDefault("0")
    int minReplicas();

    @WithDefault("50")
    int maxReplicas();

    /** Bounds of memory requests and limits SET_RESOURCES may set. */
    @WithDefault("128Mi")
    String minMemory();

    @WithDefault("16Gi")
    String maxMemory();

    /** How often escalation steps, approval expiry and reconciliation are checked ("off" stops the timer). */
    @WithDefault("10s")
    String tickEvery();

    /**
     * On shutdown, how long the escalation tick under way may take to send and record the one step it claimed before
     * the store closes anyway (that step is then settled UNKNOWN by another replica, as if this one had died).
     */
    @WithDefault("20s")
    Duration shutdownTickWait();

    /** An intent (STARTED) older than this with no outcome is taken as interrupted, and reconciled. */
    @WithDefault("2m")
    Duration reconcileAfter();

    /** An escalation step due longer ago than this and not fired counts in runbook_escalation_steps_overdue. */
    @WithDefault("1m")
    Duration overdueAfter();

    /** How often the overdue steps are counted (a Quarkus scheduler interval; off turns it off). */
    @WithDefault("30s")
    String overdueCheckEvery();
}
