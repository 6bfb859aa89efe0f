package dev.runbook.decisions.flow;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.runbook.decisions.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What a release does to the published models at start-up: a shipped file that differs from what `deploy` last
 * published becomes a new published version by `deploy`; an unchanged one leaves an editor's later version alone.
 */
@QuarkusTest
class ShippedModelsTest {

    private static final String MODEL = "recovery";

    @Inject
    PublishedModels published;

    private static JsonPath versions() {
        return Api.get("/api/v1/models/" + MODEL + "/versions");
    }

    @Test
    void aChangedShippedFileIsPublishedByDeployAndAnUnchangedOneLeavesEditorsAlone() throws Exception {
        byte[] shipped = Files.readAllBytes(Path.of("dmn", MODEL + ".dmn"));
        byte[] released = new String(shipped, StandardCharsets.UTF_8)
                .replace("</definitions>", "<!-- a later release -->\n</definitions>").getBytes(StandardCharsets.UTF_8);
        int before = versions().getInt("published");

        published.deployShipped(MODEL, shipped);
        assertEquals(before, versions().getInt("published"), "the file deploy published last is not published again");

        published.deployShipped(MODEL, released);
        published.refresh();
        JsonPath after = versions();
        int release = after.getInt("published");
        assertEquals(before + 1, release);
        assertEquals("deploy", after.getString("versions[0].author"));
        assertEquals("shipped in dmn/" + MODEL + ".dmn", after.getString("versions[0].reason"));
        assertEquals(release, Api.get("/api/v1/audit/records?kind=MODEL_PUBLISHED&limit=1").getInt("items[0].record.version"));

        given().contentType(ContentType.JSON).body("{\"toVersion\": " + before + ", \"reason\": \"an editor's choice\"}")
                .when().post("/api/v1/models/" + MODEL + "/rollback").then().statusCode(200);
        int editors = versions().getInt("published");
        published.deployShipped(MODEL, released);
        assertEquals(editors, versions().getInt("published"), "a restart with the same release keeps the editor's version");

        published.deployShipped(MODEL, shipped);
        published.refresh();
        assertEquals("deploy", versions().getString("versions[0].author"), "the shipped file back, as a release would put it");
    }
}
