package dev.runbook.decisions.decide;

import java.util.List;
import java.util.Map;

import dev.runbook.decisions.ingest.IncidentFacts;

/**
 * An alert turned into incident facts, with what was left out and why ({@code warnings}) and the rows that matched
 * (alert-routing, alert-severity, and the alert-workload-labels row of the label the service came from); or, when no
 * incident can be made of it, {@code facts} null and the {@code rejection} reason.
 *
 * @param serviceLabel the label the service came from (for example "inferenceservice" or "pod"); null if none
 * @param factSources  fact name to where it came from, in the order the facts were read: "label:&lt;key&gt;",
 *                     "annotation:&lt;key&gt;", "value:&lt;key&gt;" (Grafana values) or "routing:&lt;model&gt;#&lt;row&gt;"
 *                     for facts a routing table added. The incident key (dedupKey) is the sender's and has none.
 */
public record MappedAlert(IncidentFacts facts, List<String> warnings, List<Explanation> routing, String rejection,
                          String serviceLabel, Map<String, String> factSources) {
}
