package dev.runbook.decisions.decide;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.runbook.decisions.ingest.AlertEvent;
import dev.runbook.decisions.ingest.AlertSender;
import dev.runbook.decisions.ingest.FactsParser;
import dev.runbook.decisions.ingest.IncidentFacts;

/**
 * The regression suite shipped in samples/: incident facts, each with the parts of its decision that
 * samples/expected/ pins, and each sender's alert payloads (samples/alertmanager, grafana, pagerduty). A draft is run
 * on every sample beside the published models, and every pinned field that decides differently is named, down to the
 * element that changed ({@code escalation[0].contact}). A firing alert is compared whole: the facts its mapping makes
 * (or why it is rejected) and every part of its decision, so drafts of the alert-mapping models are tested too.
 */
@Singleton
public class SampleSuite {

    /** What an alert sample's comparison covers: everything but the decision's id, time and explanation. */
    private static final List<String> ALERT_FIELDS = List.of("rejection", "facts", "incidentType", "severity",
            "responseTimeMinutes", "escalation", "actions", "checklist", "recovery", "postmortem");

    private final Map<String, IncidentFacts> facts = new TreeMap<>();
    private final Map<String, JsonNode> pinned = new TreeMap<>();
    private final Map<String, AlertEvent> alerts = new TreeMap<>();
    private final DecisionService decisions;
    private final AlertRouting routing;
    private final ObjectMapper json;

    public SampleSuite(DecisionService decisions, AlertRouting routing, ObjectMapper json) {
        this.decisions = decisions;
        this.routing = routing;
        this.json = json;
        for (AlertSender sender : AlertSender.values()) {
            ClasspathFolder.read("samples/" + sender.path(), ".json").forEach((file, content) -> {
                List<AlertEvent> events = sender.parse(content).events();
                for (int i = 0; i < events.size(); i++) {
                    if (events.get(i).action() == AlertEvent.Action.FIRING) {
                        alerts.put(sender.path() + "/" + file + "#" + (i + 1), events.get(i));
                    }
                }
            });
        }
        Map<String, byte[]> expected = ClasspathFolder.read("samples/expected", ".json");
        ClasspathFolder.read("samples", ".json").forEach((file, content) -> {
            byte[] pin = expected.get(file);
            if (pin != null) {
                String name = file.substring(0, file.length() - ".json".length());
                facts.put(name, FactsParser.parse(content));
                pinned.put(name, read(pin));
            }
        });
    }

    /** How many samples the suite holds: incidents and firing alerts. */
    public int size() {
        return facts.size() + alerts.size();
    }

    /** Every sample that {@code draft} decides differently from {@code published}, field by pinned field. */
    public Report compare(ModelSet published, ModelSet draft) {
        List<ChangedSample> changed = new ArrayList<>();
        facts.forEach((name, sample) -> {
            JsonNode before = json.valueToTree(decisions.decide(published, sample));
            JsonNode after = json.valueToTree(decisions.decide(draft, sample));
            List<Difference> differences = new ArrayList<>();
            pinned.get(name).fieldNames().forEachRemaining(field -> differ(field, before.path(field), after.path(field), differences));
            if (!differences.isEmpty()) {
                changed.add(new ChangedSample(name, differences));
            }
        });
        alerts.forEach((name, alert) -> {
            JsonNode before = alertOutcome(published, alert);
            JsonNode after = alertOutcome(draft, alert);
            List<Difference> differences = new ArrayList<>();
            ALERT_FIELDS.forEach(field -> differ(field, before.path(field), after.path(field), differences));
            if (!differences.isEmpty()) {
                changed.add(new ChangedSample(name, differences));
            }
        });
        return new Report(size(), changed);
    }

    /** The alert's facts and decision as {@code models} make them, or why they reject it. */
    private JsonNode alertOutcome(ModelSet models, AlertEvent alert) {
        MappedAlert mapped = routing.map(models, alert);
        ObjectNode outcome = json.createObjectNode();
        if (mapped.facts() == null) {
            return outcome.put("rejection", mapped.rejection());
        }
        outcome.setAll((ObjectNode) json.valueToTree(decisions.decide(models, mapped.facts())));
        outcome.set("facts", json.valueToTree(mapped.facts().values()));
        return outcome;
    }

    /** Objects by key and lists of one length by position, so a difference names the smallest part that changed. */
    private static void differ(String path, JsonNode before, JsonNode after, List<Difference> found) {
        if (before.equals(after)) {
            return;
        }
        if (before.isObject() && after.isObject()) {
            TreeMap<String, Boolean> keys = new TreeMap<>();
            before.fieldNames().forEachRemaining(k -> keys.put(k, true));
            after.fieldNames().forEachRemaining(k -> keys.put(k, true));
            keys.keySet().forEach(k -> differ(path + "." + k, before.path(k), after.path(k), found));
        } else if (before.isArray() && after.isArray() && before.size() == after.size()) {
            Iterator<JsonNode> a = after.elements();
            int i = 0;
            for (JsonNode b : before) {
                differ(path + "[" + i++ + "]", b, a.next(), found);
            }
        } else {
            found.add(new Difference(path, before.isMissingNode() ? null : before, after.isMissingNode() ? null : after));
        }
    }

    private JsonNode read(byte[] content) {
        try {
            return json.readTree(content);
        } catch (IOException e) {
            throw new IllegalStateException("samples/expected holds a file that is not JSON", e);
        }
    }

    /** {@code samples}: how many ran; {@code changed}: those that decide differently, in name order. */
    public record Report(int samples, List<ChangedSample> changed) {

        public List<String> changedNames() {
            return changed.stream().map(ChangedSample::sample).toList();
        }
    }

    public record ChangedSample(String sample, List<Difference> differences) {
    }

    /** {@code field}: the path in the decision; {@code before}/{@code after}: the values, null where absent. */
    public record Difference(String field, JsonNode before, JsonNode after) {
    }
}
