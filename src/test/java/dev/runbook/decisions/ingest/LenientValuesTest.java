package dev.runbook.decisions.ingest;

import java.math.BigDecimal;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LenientValuesTest {

    @ParameterizedTest(name = "{0} = ''{1}'' reads as {2}")
    @CsvSource({
            "errorRate, 12%, 0.12",
            "errorRate, 0.12, 0.12",
            "errorRate, 1.2e-01, 0.12",
            "errorRate, ' 7 % ', 0.07",
            "latencyP95Seconds, 1.4s, 1.4",
            "latencyP95Seconds, 1.4, 1.4",
            "latencyP95Seconds, 500ms, 0.5",
            "inferenceMillis, 1.2s, 1200",
            "inferenceMillis, 650, 650",
            "inferenceMillis, 650ms, 650",
            "mlflowDownMinutes, 2h, 120",
            "mlflowDownMinutes, 90, 90",
            "mlflowDownMinutes, 30s, 0.5",
            "modelSizeBytes, 2Gi, 2147483648",
            "modelSizeBytes, 1.5GB, 1500000000",
            "batchSize, 150, 150",
            "exitCode, 137, 137"})
    void numbersAreReadInTheUnitOfTheirFact(String fact, String text, String expected) {
        assertEquals(0, new BigDecimal(expected).compareTo(LenientValues.read(fact, text).orElseThrow().decimalValue()));
    }

    @ParameterizedTest(name = "{0} = ''{1}''")
    @CsvSource({"errorRate, 12 percent", "errorRate, 12s", "latencyP95Seconds, fast", "modelSizeBytes, 2 parsecs",
            "batchSize, 10ms", "oomKilled, maybe"})
    void textThatIsNotAValueInTheUnitIsNotRead(String fact, String text) {
        assertTrue(LenientValues.read(fact, text).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"yes, true", "TRUE, true", "1, true", "off, false", "no, false"})
    void flagsAcceptTheUsualWords(String text, boolean expected) {
        Optional<JsonNode> value = LenientValues.read("oomKilled", text);
        assertEquals(expected, value.orElseThrow().booleanValue());
    }
}
