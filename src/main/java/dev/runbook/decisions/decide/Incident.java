package dev.runbook.decisions.decide;

/**
 * The incident as the remediation rules see it: the normalised facts plus what the DMN models already decided
 * (incident type, severity, latency bottleneck). A bean with getters because DRL constraints read properties. Every
 * property must be an incident fact or a decision of a model: {@link ModelContract} checks it when models load.
 */
public class Incident {
    private String service;
    private String namespace;
    private String environment;
    private String modelName;
    private String incidentType;
    private String severity;
    private String latencyBottleneck;
    private Double errorRate;
    private String errorType;
    private String errorMessage;
    private Double latencyP95Seconds;
    private Double inferenceMillis;
    private Double cpuUtilization;
    private Double memoryUtilization;
    private Double batchSize;
    private Double accuracyDrop;
    private Boolean modelLoadFailed;
    private Boolean previousVersionHealthy;
    private Double driftScore;
    private Boolean trafficNormal;
    private String driftSource;
    private Double mlflowDownMinutes;
    private String mlflowImpactPhase;
    private Boolean memoryGrowing;
    private Double modelSizeBytes;

    public String getService() { return service; }
    public void setService(String service) { this.service = service; }
    public String getNamespace() { return namespace; }
    public void setNamespace(String namespace) { this.namespace = namespace; }
    public String getEnvironment() { return environment; }
    public void setEnvironment(String environment) { this.environment = environment; }
    public String getModelName() { return modelName; }
    public void setModelName(String modelName) { this.modelName = modelName; }
    public String getIncidentType() { return incidentType; }
    public void setIncidentType(String incidentType) { this.incidentType = incidentType; }
    public String getSeverity() { return severity; }
    public void setSeverity(String severity) { this.severity = severity; }
    public String getLatencyBottleneck() { return latencyBottleneck; }
    public void setLatencyBottleneck(String latencyBottleneck) { this.latencyBottleneck = latencyBottleneck; }
    public Double getErrorRate() { return errorRate; }
    public void setErrorRate(Double errorRate) { this.errorRate = errorRate; }
    public String getErrorType() { return errorType; }
    public void setErrorType(String errorType) { this.errorType = errorType; }
    public String getErrorMessage() { return errorMessage; }
    public void setErrorMessage(String errorMessage) { this.errorMessage = errorMessage; }
    public Double getLatencyP95Seconds() { return latencyP95Seconds; }
    public void setLatencyP95Seconds(Double latencyP95Seconds) { this.latencyP95Seconds = latencyP95Seconds; }
    public Double getInferenceMillis() { return inferenceMillis; }
    public void setInferenceMillis(Double inferenceMillis) { this.inferenceMillis = inferenceMillis; }
    public Double getCpuUtilization() { return cpuUtilization; }
    public void setCpuUtilization(Double cpuUtilization) { this.cpuUtilization = cpuUtilization; }
    public Double getMemoryUtilization() { return memoryUtilization; }
    public void setMemoryUtilization(Double memoryUtilization) { this.memoryUtilization = memoryUtilization; }
    public Double getBatchSize() { return batchSize; }
    public void setBatchSize(Double batchSize) { this.batchSize = batchSize; }
    public Double getAccuracyDrop() { return accuracyDrop; }
    public void setAccuracyDrop(Double accuracyDrop) { this.accuracyDrop = accuracyDrop; }
    public Boolean getModelLoadFailed() { return modelLoadFailed; }
    public void setModelLoadFailed(Boolean modelLoadFailed) { this.modelLoadFailed = modelLoadFailed; }
    public Boolean getPreviousVersionHealthy() { return previousVersionHealthy; }
    public void setPreviousVersionHealthy(Boolean previousVersionHealthy) { this.previousVersionHealthy = previousVersionHealthy; }
    public Double getDriftScore() { return driftScore; }
    public void setDriftScore(Double driftScore) { this.driftScore = driftScore; }
    public Boolean getTrafficNormal() { return trafficNormal; }
    public void setTrafficNormal(Boolean trafficNormal) { this.trafficNormal = trafficNormal; }
    public String getDriftSource() { return driftSource; }
    public void setDriftSource(String driftSource) { this.driftSource = driftSource; }
    public Double getMlflowDownMinutes() { return mlflowDownMinutes; }
    public void setMlflowDownMinutes(Double mlflowDownMinutes) { this.mlflowDownMinutes = mlflowDownMinutes; }
    public String getMlflowImpactPhase() { return mlflowImpactPhase; }
    public void setMlflowImpactPhase(String mlflowImpactPhase) { this.mlflowImpactPhase = mlflowImpactPhase; }
    public Boolean getMemoryGrowing() { return memoryGrowing; }
    public void setMemoryGrowing(Boolean memoryGrowing) { this.memoryGrowing = memoryGrowing; }
    public Double getModelSizeBytes() { return modelSizeBytes; }
    public void setModelSizeBytes(Double modelSizeBytes) { this.modelSizeBytes = modelSizeBytes; }

    /** The model a rollback targets: the runbook's model, or the service itself when the caller named none. */
    public String getRollbackModel() {
        return modelName != null ? modelName : service;
    }
}
