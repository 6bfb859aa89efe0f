package dev.runbook.decisions.decide;

/**
 * The remediation thresholds and parameters as the rules read them, by field: the {@code remediationThresholds}
 * decision of dmn/remediation-thresholds.dmn (type {@code tRemediationThresholds}), one component per row. The
 * start-up check ({@link ModelContract}) holds this record and that type to the same components, so a renamed
 * row fails the start instead of reaching a rule as null. Counts are ints: they become action parameters.
 */
public record Thresholds(double errorRateRolloutUndoAbove, double errorRateInvestigateFrom, double cpuAbove,
                         double memoryAbove, int scaleUpReplicas, int autoscaleMinReplicas, int autoscaleMaxReplicas,
                         int autoscaleCpuPercent, double batchSizeAbove, int batchReduceTo, int monitorMinutes,
                         double inferenceSlowAboveMillis, String memoryRequests, String memoryLimits,
                         String rollbackVersionLabel, int rollbackMonitorMinutes, double driftScoreAbove,
                         double accuracyDropAbove, String mlflowNamespace, String mlflowDeployment,
                         int mlflowCachedModelMaxHours, int oomScaleDownTo, int oomScaleBackTo,
                         double modelLargeAboveBytes) {
}
