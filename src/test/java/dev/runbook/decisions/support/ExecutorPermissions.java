package dev.runbook.decisions.support;

import java.util.HashSet;
import java.util.Set;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;

/**
 * The Kubernetes permissions the executors use, each as "group resource verb". ExecutorRbacTest proves that the
 * executors' requests, for every action type, need exactly these; DeployManifestsTest that the Role every deploy/
 * overlay ships grants exactly these: together, the deployed Role is what the code needs and nothing more.
 */
public final class ExecutorPermissions {

    public static final Set<String> USED = Set.of(
            "apps deployments get", "apps deployments patch",
            "apps replicasets list",
            "autoscaling horizontalpodautoscalers get", "autoscaling horizontalpodautoscalers create",
            "autoscaling horizontalpodautoscalers patch");

    private ExecutorPermissions() {
    }

    /** "apps deployments patch" for each group, resource and verb one of the Role's rules grants. */
    public static Set<String> grantedBy(Role role) {
        Set<String> granted = new HashSet<>();
        for (PolicyRule rule : role.getRules()) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        granted.add(group + " " + resource + " " + verb);
                    }
                }
            }
        }
        return granted;
    }
}
