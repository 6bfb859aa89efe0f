package dev.runbook.decisions.domain;

import java.util.Map;

/**
 * One action of a plan, the one shape it has from the planner to the executor and the ledger: what to do, to which
 * object, with which parameters, whether a machine may do it, how risky it is, and the runbook line it serves.
 */
public record Action(ActionType type, Target target, Map<String, Object> params, boolean automatable, Risk risk,
                     String reason) {

    /** The Kubernetes object an action changes (a Deployment), or the service a message is about. */
    public record Target(String kind, String namespace, String name) {

        /** "namespace/name", as logs, guards and the timeline name it. */
        @Override
        public String toString() {
            return namespace == null ? name : namespace + "/" + name;
        }
    }
}
