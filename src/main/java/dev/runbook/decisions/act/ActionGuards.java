package dev.runbook.decisions.act;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.fabric8.kubernetes.api.model.Quantity;

import dev.runbook.decisions.decide.KubernetesNames;
import dev.runbook.decisions.domain.ActionStatus;
import dev.runbook.decisions.domain.Risk;
import dev.runbook.decisions.domain.Verdict;

/**
 * The guards every action passes before anything runs, each refusing with its name: kube-system, exporter-target,
 * namespace-allowlist, deployment-selector, parameter-bounds (need no history), then cooldown and budget (read inside the
 * recording transaction), and approval for HIGH risk. Notifications change no cluster state: only parameter checks
 * apply to them.
 */
@ApplicationScoped
public class ActionGuards {

    private final ActConfig config;

    public ActionGuards(ActConfig config) {
        this.config = config;
    }

    static boolean changesCluster(ActionRequest request) {
        return KubernetesActions.TYPES.contains(request.type());
    }

    /** The checks on the request alone; null when it passes. */
    public Verdict check(ActionRequest request) {
        if (!changesCluster(request)) {
            return null;
        }
        if ("kube-system".equals(request.namespace())) {
            return refused(Guard.KUBE_SYSTEM, "kube-system is never changed");
        }
        Optional<String> exporter = config.exporterNames().stream().map(String::trim)
                .filter(name -> !name.isEmpty() && KubernetesNames.namedAfter(request.name(), name)).findFirst();
        if (exporter.isPresent()) {
            return refused(Guard.EXPORTER_TARGET, "Deployment " + request.target() + " is named after the exporter "
                    + exporter.get() + " (runbook.act.exporter-names): the monitoring stack is never remediated");
        }
        List<String> allowed = config.allowedNamespaces().orElse(List.of());
        if (!allowed.contains(request.namespace())) {
            return refused(Guard.NAMESPACE_ALLOWLIST, "namespace " + request.namespace()
                    + " is not in runbook.act.allowed-namespaces " + allowed);
        }
        return bounds(request);
    }

    /** The Deployment must carry every label of the configured selector. */
    public Verdict selector(ActionRequest request, Map<String, String> labels) {
        String selector = config.deploymentSelector().orElse("");
        for (String term : selector.split(",")) {
            String[] pair = term.trim().split("=", 2);
            if (pair[0].isEmpty()) {
                continue;
            }
            String wanted = pair.length > 1 ? pair[1].trim() : null;
            String actual = labels == null ? null : labels.get(pair[0].trim());
            if (actual == null || (wanted != null && !wanted.equals(actual))) {
                return refused(Guard.DEPLOYMENT_SELECTOR, "Deployment " + request.target()
                        + " does not match runbook.act.deployment-selector " + selector);
            }
        }
        return null;
    }

    /**
     * Inside the recording transaction: a HIGH risk action waits for approval (unless approved or auto-approved);
     * otherwise cooldown and budget decide whether it starts.
     */
    public Verdict admit(ActionRequest request, ActionHistory history, boolean approved) {
        Instant now = history.now();
        if (request.risk() == Risk.HIGH && !approved && !config.autoApproveHighRisk()) {
            return Verdict.awaitingApproval(now.plus(config.approvalTimeout()),
                    "HIGH risk: waits for an operator's approval until " + now.plus(config.approvalTimeout()));
        }
        Instant last = history.lastChangeOf(request.namespace(), request.name(), request.decisionId());
        if (last != null && last.plus(config.cooldown()).isAfter(now)) {
            return refused(Guard.COOLDOWN, "Deployment " + request.target() + " was changed at " + last
                    + " by another decision; the next change is allowed from " + last.plus(config.cooldown()));
        }
        int recent = history.changesSince(now.minus(config.budgetWindow()));
        if (recent >= config.budget()) {
            return refused(Guard.BUDGET, recent + " Kubernetes actions started in the last " + config.budgetWindow()
                    + "; the budget is " + config.budget());
        }
        return Verdict.of(ActionStatus.STARTED, "intent recorded; running");
    }

    private static Verdict refused(Guard guard, String message) {
        return Verdict.refused(guard.label(), message);
    }

    private Verdict bounds(ActionRequest request) {
        Map<String, Object> params = request.params();
        for (String name : List.of("replicas", "minReplicas", "maxReplicas")) {
            Object value = params.get(name);
            if (value instanceof Number n && (n.intValue() < config.minReplicas() || n.intValue() > config.maxReplicas())) {
                return refused(Guard.PARAMETER_BOUNDS, name + " " + n + " is outside " + config.minReplicas() + ".."
                        + config.maxReplicas());
            }
        }
        for (String name : List.of("requestsMemory", "limitsMemory")) {
            Object value = params.get(name);
            if (value != null && !withinMemoryBounds(value.toString())) {
                return refused(Guard.PARAMETER_BOUNDS, name + " " + value + " is outside " + config.minMemory() + ".."
                        + config.maxMemory());
            }
        }
        return null;
    }

    private boolean withinMemoryBounds(String value) {
        try {
            var bytes = Quantity.getAmountInBytes(new Quantity(value));
            return bytes.compareTo(Quantity.getAmountInBytes(new Quantity(config.minMemory()))) >= 0
                    && bytes.compareTo(Quantity.getAmountInBytes(new Quantity(config.maxMemory()))) <= 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
