package dev.runbook.decisions.decide;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.runbook.decisions.support.Samples;

/** dmn/improvement.dmn over samples/improvement: two evaluations' facts in, "improving" and why out. */
class ImprovementModelTest {

    private static final ImprovementModel MODEL = new ImprovementModel(new ModelRegistry());

    static List<Path> samples() throws IOException {
        try (Stream<Path> files = Files.list(Samples.DIR.resolve("improvement"))) {
            return files.sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void answersAsTheSampleExpects(Path sample) throws IOException {
        JsonNode cases = new ObjectMapper().readTree(sample.toFile());
        ImprovementModel.Judgement verdict = MODEL.judge(cases.get("previous"), cases.get("latest"));
        assertEquals(cases.at("/expected/improving").asBoolean(), verdict.improving());
        assertEquals(cases.at("/expected/why").asText(), verdict.why());
    }

    /** The rows each sample matches, for the coverage test. */
    static List<Explanation> rowsOf(Path sample) throws IOException {
        JsonNode cases = new ObjectMapper().readTree(sample.toFile());
        return MODEL.evaluate(cases.get("previous"), cases.get("latest")).rows();
    }
}
