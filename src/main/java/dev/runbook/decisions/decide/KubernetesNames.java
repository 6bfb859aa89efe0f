package dev.runbook.decisions.decide;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes naming conventions, as parsing rather than policy: a label value made a Kubernetes name, a pod's name
 * read as the name of the workload that owns it, and whether a name is named after a component.
 */
public final class KubernetesNames {

    /** The longest Kubernetes object name (a DNS subdomain). */
    static final int MAX_NAME = 253;
    /**
     * The characters Kubernetes draws its generated suffixes from (no vowels, no 0, 1 or 3, so that no word is
     * spelled by accident): the ReplicaSet's pod-template hash (1 to 10 of them) and a pod's random suffix (5).
     */
    private static final String GENERATED = "[bcdfghjklmnpqrstvwxz2456789]";
    private static final Pattern DEPLOYMENT_POD = Pattern.compile("(.+)-" + GENERATED + "{1,10}-" + GENERATED + "{5}");
    private static final Pattern STATEFUL_SET_POD = Pattern.compile("(.+)-(?:0|[1-9][0-9]*)");
    private static final Pattern NOT_NAME = Pattern.compile("[^a-z0-9.-]+");
    private static final Pattern UNTRIMMED = Pattern.compile("^[-.]+|[-.]+$");

    private KubernetesNames() {
    }

    /**
     * {@code value} as a Kubernetes name: lower case, each run of other characters one '-', no '-' or '.' at either
     * end, at most 253 characters; empty when nothing is left.
     */
    public static Optional<String> name(String value) {
        String name = UNTRIMMED.matcher(NOT_NAME.matcher(value.toLowerCase(Locale.ROOT)).replaceAll("-")).replaceAll("");
        if (name.length() > MAX_NAME) {
            name = UNTRIMMED.matcher(name.substring(0, MAX_NAME)).replaceAll("");
        }
        return name.isEmpty() ? Optional.empty() : Optional.of(name);
    }

    /**
     * The workload a pod belongs to, by the names Kubernetes gives pods: a Deployment's pod
     * ({@code <deployment>-<pod-template hash>-<suffix>}) without both, a StatefulSet's ({@code <name>-<ordinal>})
     * without its ordinal; any other pod (created on its own, or by a DaemonSet or Job, whose 5-character suffix alone
     * cannot be told from a word) is its own name.
     */
    public static String workloadOfPod(String pod) {
        Matcher deployment = DEPLOYMENT_POD.matcher(pod);
        if (deployment.matches()) {
            return deployment.group(1);
        }
        Matcher statefulSet = STATEFUL_SET_POD.matcher(pod);
        return statefulSet.matches() ? statefulSet.group(1) : pod;
    }

    /**
     * Whether {@code name} is named after {@code component}: it is the component's name, or holds it as whole
     * '-'-separated words, as Helm names a chart's objects ({@code kps-kube-state-metrics},
     * {@code kps-prometheus-node-exporter-x2x9z} are named after kube-state-metrics and node-exporter).
     */
    public static boolean namedAfter(String name, String component) {
        return ("-" + name + "-").contains("-" + component + "-");
    }
}
