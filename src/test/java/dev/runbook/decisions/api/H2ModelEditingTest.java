package dev.runbook.decisions.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.runbook.decisions.support.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Editing models on the embedded default store, H2; and the GitOps script of deploy/gitops against it. */
@QuarkusTest
class H2ModelEditingTest extends ModelEditingContract {

    @Test
    void theGitOpsScriptPublishesOnlyWhatChangedAndOnlyWhenItsSampleChangesAreAccepted() throws Exception {
        int before = published(MODEL);
        rememberForRollback();
        Path repo = Files.createTempDirectory("gitops");
        try (Stream<Path> files = Files.list(Path.of("dmn"))) {
            for (Path file : files.toList()) {
                Files.copy(file, repo.resolve(file.getFileName()));
            }
        }
        Path classification = repo.resolve(MODEL + ".dmn");
        Files.writeString(classification, Files.readString(classification).replace(DRIFT_THRESHOLD, "<text>0.25</text></outputEntry>"));

        Script refused = script(repo);
        assertEquals(1, refused.exit(), refused.output());
        assertTrue(refused.output().contains("classification: sample boundary-drift-0.3: incidentType"), refused.output());
        assertTrue(refused.output().contains("severity: unchanged"), refused.output());
        assertTrue(refused.output().contains("Nothing was published."), refused.output());
        assertEquals(before, published(MODEL));

        Script accepted = script(repo, "--accept-sample-changes");
        assertEquals(0, accepted.exit(), accepted.output());
        int now = published(MODEL);
        assertTrue(now > before);
        assertTrue(accepted.output().contains("classification: published version " + now), accepted.output());
        assertEquals("drift earlier, from CI", io.restassured.RestAssured.given().when().get("/api/v1/models/" + MODEL + "/versions")
                .then().extract().jsonPath().getString("versions[0].reason"));
    }

    @Test
    void aDraftOfAnAlertMappingModelIsTestedOnTheAlertSamples() {
        String shipped = content("alert-severity", published("alert-severity"));
        String pageOnly = shipped.replace("<inputEntry id=\"_as_ue_21\"><text>\"critical\",\"page\"</text>",
                "<inputEntry id=\"_as_ue_21\"><text>\"page\"</text>");
        io.restassured.path.json.JsonPath draft = draft("alert-severity", pageOnly, TestKeys.EDITOR);
        assertTrue(draft.getBoolean("validation.valid"), draft.getString("validation"));
        List<String> changed = draft.getList("samples.changed.sample");
        assertTrue(!changed.isEmpty() && changed.stream().allMatch(s -> s.matches("(alertmanager|grafana|pagerduty)/.+\\.json#\\d+")), changed.toString());
        assertTrue(draft.getList("samples.changed[0].differences.field").contains("facts.userImpact"), draft.getString("samples"));
        io.restassured.RestAssured.given().when().delete("/api/v1/models/alert-severity/versions/" + draft.getInt("version.version"))
                .then().statusCode(204);
    }

    private record Script(int exit, String output) {
    }

    private static Script script(Path dir, String... extra) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3", "deploy/gitops/publish_models.py",
                "--url", "http://localhost:" + RestAssured.port, "--dir", dir.toString(), "--reason", "drift earlier, from CI"));
        command.addAll(List.of(extra));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("RUNBOOK_API_KEY", TestKeys.EDITOR);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Script(process.waitFor(), output);
    }
}
