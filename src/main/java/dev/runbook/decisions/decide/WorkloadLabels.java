package dev.runbook.decisions.decide;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who an alert is about, as dmn/alert-workload-labels.dmn says: the labels tried in its order, each read as its row
 * says, and the exporters whose names are never a workload. Read once when the models load; a row the Java cannot
 * read stops the start.
 */
final class WorkloadLabels {

    static final String MODEL = "alert-workload-labels";

    /** How a label's value is read: as it is, or as a pod's name (the workload that owns the pod). */
    enum Reading {
        NAME("name"), POD_NAME("pod name");

        private final String text;

        Reading(String text) {
            this.text = text;
        }

        static Reading of(String text) {
            for (Reading reading : values()) {
                if (reading.text.equals(text)) {
                    return reading;
                }
            }
            throw new IllegalStateException("dmn/" + MODEL + ".dmn: reading '" + text + "' is neither 'name' nor 'pod name'");
        }
    }

    /** One row: the label, how it is read, and the row (with its annotation) that says so. */
    record Label(String key, Reading reading, Explanation row) {
    }

    /** The service an alert is about, the label it came from and the row of that label. */
    record Found(String service, String label, Explanation row) {
    }

    private final List<Label> labels;
    private final List<String> exporters;

    private WorkloadLabels(List<Label> labels, List<String> exporters) {
        this.labels = labels;
        this.exporters = exporters;
    }

    static WorkloadLabels from(DmnModel model) {
        ModelResult result = model.evaluate(Map.of());
        if (!result.errors().isEmpty() || !(result.decisions().get("workloadLabels") instanceof List<?> rows)
                || !(result.decisions().get("exporterNames") instanceof List<?> names)) {
            throw new IllegalStateException("dmn/" + MODEL + ".dmn must decide workloadLabels (a table) and exporterNames (a list): "
                    + result.errors());
        }
        List<Explanation> explained = result.rows();
        if (explained.size() != rows.size()) {
            throw new IllegalStateException("dmn/" + MODEL + ".dmn: workloadLabels must be a table whose every row applies (hit policy RULE ORDER)");
        }
        List<Label> labels = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Map<?, ?> row = (Map<?, ?>) rows.get(i);
            if (!(row.get("label") instanceof String key) || key.isBlank()) {
                throw new IllegalStateException("dmn/" + MODEL + ".dmn: row " + (i + 1) + " names no label");
            }
            labels.add(new Label(key, Reading.of(String.valueOf(row.get("reading"))), explained.get(i)));
        }
        return new WorkloadLabels(List.copyOf(labels), names.stream().map(String::valueOf).toList());
    }

    /**
     * The first label present whose value, once read, is a Kubernetes name that names no exporter. What was passed
     * over, and why, is added to {@code notes}; a value that had to be normalised is noted too.
     */
    Optional<Found> find(Map<String, String> alertLabels, List<String> notes) {
        for (Label label : labels) {
            String value = alertLabels.get(label.key());
            if (value == null || value.isBlank()) {
                continue;
            }
            Optional<String> name = KubernetesNames.name(value);
            if (name.isEmpty()) {
                notes.add("label " + label.key() + " = '" + value + "' is no Kubernetes name: next label tried");
                continue;
            }
            String service = label.reading() == Reading.POD_NAME ? KubernetesNames.workloadOfPod(name.get()) : name.get();
            Optional<String> exporter = exporters.stream().filter(e -> KubernetesNames.namedAfter(service, e)).findFirst();
            if (exporter.isPresent()) {
                notes.add("label " + label.key() + " = '" + value + "' names the exporter " + exporter.get() + ", not the workload: next label tried");
                continue;
            }
            if (!name.get().equals(value)) {
                notes.add("label " + label.key() + " = '" + value + "' is not a Kubernetes name: read as '" + name.get() + "'");
            }
            return Optional.of(new Found(service, label.key(), label.row()));
        }
        return Optional.empty();
    }

    /** The labels tried, in order, for a rejection's reason. */
    List<String> tried() {
        return labels.stream().map(Label::key).toList();
    }
}
