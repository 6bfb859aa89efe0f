package dev.runbook.decisions.decide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract between dmn/ and the Java that reads it, on the real files (no Quarkus): the order the fact models
 * run in is derived from what each reads, and a model changed so that Java would read a null instead of a value
 * fails the check that runs when the models load.
 */
class ModelContractTest {

    private static Map<String, byte[]> files;
    private static Map<String, DmnModel> models;

    @BeforeAll
    static void compile() {
        files = ClasspathFolder.read("dmn", ".dmn");
        models = compileAll(files);
    }

    @Test
    void factModelsRunInTheOrderOfWhatTheyRead() {
        assertEquals(List.of("classification", "severity", "communication", "escalation", "recovery", "remediation-thresholds"),
                ModelContract.check(models).names());
    }

    @Test
    void everyFactModelRunsAfterTheModelsWhoseDecisionsItReads() {
        List<String> order = ModelContract.check(models).names();
        for (String reader : order) {
            for (String input : models.get(reader).inputNames()) {
                order.stream().filter(owner -> models.get(owner).decisionNames().contains(input))
                        .forEach(owner -> assertTrue(order.indexOf(owner) < order.indexOf(reader), reader + " reads " + input + " of " + owner));
            }
        }
    }

    @Test
    void aRenamedDecisionThatJavaReadsFailsTheCheck() {
        Map<String, DmnModel> changed = with("classification.dmn",
                dmn -> dmn.replace("name=\"latencyBottleneck\"", "name=\"bottleneck\""));
        fails(IllegalStateException.class, changed,
                "Java reads the decision 'latencyBottleneck' (java.lang.String), which no model in dmn/ decides",
                "The input 'latencyBottleneck' of escalation is neither an incident fact nor a decision of another model");
    }

    @Test
    void aRenamedThresholdComponentFailsTheCheck() {
        Map<String, DmnModel> changed = with("remediation-thresholds.dmn", dmn -> dmn.replace("cpuAbove", "cpuOver"));
        fails(IllegalStateException.class, changed, "The decision 'remediationThresholds' of remediation-thresholds has the components",
                "cpuOver=number", "but Java reads it as Thresholds");
    }

    @Test
    void aThresholdRowNamedOutsideItsTypeFailsTheCheck() {
        Map<String, DmnModel> changed = with("remediation-thresholds.dmn", dmn -> dmn.replace("<text>\"cpuAbove\"</text>", "<text>\"cpuOver\"</text>"));
        fails(ModelEvaluationException.class, changed, "remediationThresholds", "tRemediationThresholds");
    }

    @Test
    void aReaderOfAComponentItsOwnerDoesNotDeclareFailsTheCheck() {
        Map<String, DmnModel> changed = with("classification.dmn", dmn -> dmn.replace("latencyP95SecondsAbove", "latencyAbove"));
        fails(IllegalStateException.class, changed,
                "recovery reads 'symptomThresholds.latencyP95SecondsAbove', which classification does not declare");
    }

    private static void fails(Class<? extends RuntimeException> type, Map<String, DmnModel> changed, String... messages) {
        String message = assertThrows(type, () -> ModelContract.check(changed)).getMessage();
        for (String expected : messages) {
            assertTrue(message.contains(expected), "expected '" + expected + "' in: " + message);
        }
    }

    /** The real models, with one file changed by {@code change}. */
    private static Map<String, DmnModel> with(String file, UnaryOperator<String> change) {
        Map<String, byte[]> changed = new TreeMap<>(files);
        String before = new String(files.get(file), StandardCharsets.UTF_8);
        String after = change.apply(before);
        assertNotEquals(before, after, "the change applies to " + file);
        changed.put(file, after.getBytes(StandardCharsets.UTF_8));
        return compileAll(changed);
    }

    private static Map<String, DmnModel> compileAll(Map<String, byte[]> dmnFiles) {
        Map<String, DmnModel> compiled = new TreeMap<>();
        dmnFiles.forEach((name, content) -> {
            DmnModel model = DmnModel.compile(name, content, 1);
            compiled.put(model.name(), model);
        });
        return compiled;
    }
}
