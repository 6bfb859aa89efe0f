package dev.runbook.decisions.decide;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Each runbook number is written in exactly one decision-table cell of dmn/; a table that needs a number another
 * table owns reads that table's decision. The test reads every number literal in every input and output entry of
 * every decision table (outside string literals; plan ranks and 0 excepted) and holds the whole list to the one
 * below, which names the runbook line of each. A new number in dmn/ needs its line here; a second cell for a number
 * already listed fails, naming the cell that owns it.
 */
class RunbookNumbersTest {

    private static final String DMN_NS = "https://www.omg.org/spec/DMN/20191111/MODEL/";
    /** Identifiers (qualified names included) are skipped whole, so a digit inside a name is no number. */
    private static final Pattern TOKEN = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|[A-Za-z_][\\w.]*|(\\d+(?:\\.\\d+)?)");

    /** Where each number is (model:decision[row name] in named-value tables, model:decision#row:column elsewhere). */
    private static final List<RunbookNumber> NUMBERS = List.of(
            n("severity:severityThresholdRows[criticalErrorRateAbove]", "0.10",
                    "| P1 (Critical) | Production outage, > 10% error rate |; also P1 (> 10% errors): Immediate rollback"),
            n("severity:severityThresholdRows[highErrorRateFrom]", "0.02", "| P2 (High) | Partial degradation, 2-10% error rate |"),
            n("severity:responseTimeMinutes#1:responseTimeMinutes", "5", "| P1 (Critical) | ... | Immediate (< 5 min) |"),
            n("severity:responseTimeMinutes#2:responseTimeMinutes", "15", "| P2 (High) | ... | 15 minutes |"),
            n("severity:responseTimeMinutes#3:responseTimeMinutes", "60", "| P3 (Medium) | ... | 1 hour |"),
            n("severity:responseTimeMinutes#4:responseTimeMinutes", "1440", "| P4 (Low) | ... | 24 hours |"),
            n("severity:postmortem#1:withinHours", "24", "Schedule postmortem: For P1/P2 incidents: within 24 hours"),
            n("classification:symptomThresholdRows[errorRateAbove]", "0.05",
                    "High Error Rate. Symptoms: > 5% prediction errors; also P2 (5-10% errors), P3 (< 5% errors)"),
            n("classification:symptomThresholdRows[latencyP95SecondsAbove]", "1.0",
                    "High Latency. Symptoms: > 1 second (p95); also Verify latency is back within SLA (p95 < 1.0s)"),
            n("classification:symptomThresholdRows[driftScoreAbove]", "0.3", "drift score > 0.3; also If drift detected (score > 0.3)"),
            n("classification:symptomThresholdRows[accuracyDropAbove]", "0.05", "Yes (Accuracy down > 5%); also If accuracy drop > 5%"),
            n("classification:incidentType#3:exitCode", "137", "Out of Memory Errors. Symptoms: pod OOMKilled (code 137)"),
            n("recovery:recovery#1:errorRateBelow", "0.005", "Check error rate has returned to normal (< 0.5%)"),
            n("recovery:recovery#1:monitorMinutes", "15",
                    "Watch metrics for 15 minutes after recovery; also the MONITOR steps without a duration"),
            n("escalation:escalationSteps#2:afterMinutes", "5", "P1 ├─ Page tech lead after 5 min if not improving"),
            n("escalation:escalationSteps#3:afterMinutes", "15", "P1 └─ Page VP Engineering after 15 min if not resolved"),
            n("escalation:escalationSteps#5:afterMinutes", "5", "P2 ├─ If no response in 5 min: Page on-call"),
            // One runbook number in two cells of one row: docs/facts-and-decisions.md settles "every 15 minutes" as a
            // first update at 15 and a repeat every 15; the escalation timer needs both columns.
            n("escalation:escalationSteps#6:afterMinutes", "15", "P2 └─ Update tech lead every 15 minutes (the first update)"),
            n("escalation:escalationSteps#6:repeatEveryMinutes", "15", "P2 └─ Update tech lead every 15 minutes (the repeat)"),
            n("communication:communicationActions#1:updateEveryMinutes", "10", "[ ] Posted updates every 10 minutes during active incident"),
            n("improvement:improvement#1:errorRateFall", "0.1", "not a runbook number: 'if not improving' read as a fall of 10 %"),
            n("improvement:improvement#2:latencyFall", "0.1", "not a runbook number: 'if not improving' read as a fall of 10 %"),
            n("remediation-thresholds:remediationThresholdRows[cpuAbove]", "0.8", "If CPU > 80% or memory > 90%: Scale up"),
            n("remediation-thresholds:remediationThresholdRows[memoryAbove]", "0.9", "If CPU > 80% or memory > 90%: Scale up"),
            n("remediation-thresholds:remediationThresholdRows[scaleUpReplicas]", "5", "kubectl scale deployment ml-model-api --replicas=5"),
            n("remediation-thresholds:remediationThresholdRows[autoscaleMinReplicas]", "3", "kubectl autoscaling set ... --min=3"),
            n("remediation-thresholds:remediationThresholdRows[autoscaleMaxReplicas]", "10", "kubectl autoscaling set ... --max=10"),
            n("remediation-thresholds:remediationThresholdRows[autoscaleCpuPercent]", "70", "kubectl autoscaling set ... --cpu-percent=70"),
            n("remediation-thresholds:remediationThresholdRows[batchSizeAbove]", "100", "If processing large batches (> 100)"),
            n("remediation-thresholds:remediationThresholdRows[batchReduceTo]", "50", "kubectl set env deployment/ml-model-api MAX_BATCH_SIZE=50"),
            n("remediation-thresholds:remediationThresholdRows[inferenceSlowAboveMillis]", "500", "If > 500ms: Model is slow"),
            n("remediation-thresholds:remediationThresholdRows[rollbackMonitorMinutes]", "5", "Monitor error rate for 5 minutes"),
            n("remediation-thresholds:remediationThresholdRows[mlflowCachedModelMaxHours]", "2",
                    "acceptable for up to 2 hours while MLflow is restored; also Extended Resolution (> 2 hours down)"),
            n("remediation-thresholds:remediationThresholdRows[oomScaleDownTo]", "1", "kubectl scale deployment ml-model-api --replicas=1"),
            n("remediation-thresholds:remediationThresholdRows[oomScaleBackTo]", "3",
                    "Then scale back up after stabilization: --replicas=3; also the steady count below which a SCALE is a scale-down"),
            n("remediation-thresholds:remediationThresholdRows[modelLargeAboveBytes]", "1073741824", "If > 1GB: Consider model quantization"));

    @Test
    void everyNumberInADecisionTableIsOneListedRunbookNumber() throws Exception {
        Map<String, BigDecimal> expected = new TreeMap<>();
        for (RunbookNumber number : NUMBERS) {
            assertEquals(null, expected.put(number.cell(), number.value()), "listed twice: " + number.cell());
        }
        Map<String, List<BigDecimal>> found = numbersInCells();
        List<String> problems = new ArrayList<>();
        found.forEach((cell, values) -> {
            BigDecimal value = values.get(0);
            if (values.size() > 1) {
                problems.add(cell + " holds several numbers " + values + "; one of them is another cell's to own");
            } else if (!expected.containsKey(cell)) {
                List<String> owners = NUMBERS.stream().filter(n -> n.value().compareTo(value) == 0)
                        .map(n -> n.cell() + " (" + n.runbookLine() + ")").toList();
                problems.add(cell + " holds " + value.toPlainString() + (owners.isEmpty() ? ", a number not listed here"
                        : "; if it is the runbook number of " + owners + ", read it from there"));
            } else if (expected.get(cell).compareTo(value) != 0) {
                problems.add(cell + " holds " + value.toPlainString() + ", listed here as " + expected.get(cell).toPlainString());
            }
        });
        expected.keySet().stream().filter(cell -> !found.containsKey(cell)).forEach(cell -> problems.add(cell + " holds no number any more"));
        assertEquals(List.of(), problems);
    }

    /** Cell to the numbers written in it, over every decision table of every dmn/ file. */
    private static Map<String, List<BigDecimal>> numbersInCells() throws Exception {
        Map<String, List<BigDecimal>> found = new TreeMap<>();
        for (Map.Entry<String, byte[]> file : ClasspathFolder.read("dmn", ".dmn").entrySet()) {
            String model = file.getKey().substring(0, file.getKey().length() - ".dmn".length());
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Document dmn = factory.newDocumentBuilder().parse(new ByteArrayInputStream(file.getValue()));
            NodeList tables = dmn.getElementsByTagNameNS(DMN_NS, "decisionTable");
            for (int t = 0; t < tables.getLength(); t++) {
                Element table = (Element) tables.item(t);
                readTable(model + ":" + owningNode(table).getAttribute("name"), table, found);
            }
        }
        return found;
    }

    private static void readTable(String node, Element table, Map<String, List<BigDecimal>> found) {
        List<String> columns = new ArrayList<>();
        children(table, "input").forEach(input -> columns.add(input.getAttribute("label")));
        List<Element> outputs = children(table, "output");
        outputs.forEach(output -> columns.add(output.getAttribute("name").isEmpty() ? table.getAttribute("outputLabel") : output.getAttribute("name")));
        boolean namedValues = outputs.size() == 2 && "name".equals(outputs.get(0).getAttribute("name"));
        List<Element> rules = children(table, "rule");
        for (int r = 0; r < rules.size(); r++) {
            List<Element> entries = new ArrayList<>(children(rules.get(r), "inputEntry"));
            entries.addAll(children(rules.get(r), "outputEntry"));
            String row = namedValues ? "[" + text(entries.get(entries.size() - 2)).replace("\"", "") + "]" : "#" + (r + 1) + ":";
            for (int c = 0; c < entries.size(); c++) {
                if ("rank".equals(columns.get(c))) {
                    continue; // a place in the plan, not a runbook number
                }
                Matcher tokens = TOKEN.matcher(text(entries.get(c)));
                while (tokens.find()) {
                    if (tokens.group(1) != null && new BigDecimal(tokens.group(1)).signum() != 0) {
                        String cell = node + row + (namedValues ? "" : columns.get(c));
                        found.computeIfAbsent(cell, k -> new ArrayList<>()).add(new BigDecimal(tokens.group(1)));
                    }
                }
            }
        }
    }

    private static Element owningNode(Element table) {
        Element node = (Element) table.getParentNode();
        while (!"decision".equals(node.getLocalName()) && !"businessKnowledgeModel".equals(node.getLocalName())) {
            node = (Element) node.getParentNode();
        }
        return node;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> children = new ArrayList<>();
        for (org.w3c.dom.Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && name.equals(element.getLocalName())) {
                children.add(element);
            }
        }
        return children;
    }

    private static String text(Element entry) {
        return children(entry, "text").get(0).getTextContent();
    }

    private static RunbookNumber n(String cell, String value, String runbookLine) {
        return new RunbookNumber(cell, new BigDecimal(value), runbookLine);
    }

    private record RunbookNumber(String cell, BigDecimal value, String runbookLine) {
    }
}
