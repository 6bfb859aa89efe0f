package dev.runbook.decisions.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.runbook.decisions.support.TestKeys;

/** Payloads meant to exhaust or trick the parsers get a clean 4xx problem, quickly, and read nothing they name. */
@QuarkusTest
class HostileInputTest {

    @Test
    void deeplyNestedJsonIsRefused() {
        String nested = "{\"service\":\"x\",\"summary\":" + "[".repeat(500) + "]".repeat(500) + "}";
        given().contentType(ContentType.JSON).body(nested).when().post("/api/v1/decisions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("$")).body("errors[0].message", containsString("nesting depth"));
    }

    @Test
    void overlongStringsAreRefused() {
        given().contentType(ContentType.JSON).body("{\"service\":\"x\",\"summary\":\"" + "s".repeat(300_000) + "\"}")
                .when().post("/api/v1/decisions")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].message", containsString("length"));
    }

    @Test
    void dmnWithAnExternalEntityIsRefusedWithoutReadingTheFile() throws Exception {
        Path secret = Files.createTempFile("xxe-", ".txt");
        Files.writeString(secret, "PLANTED-FILE-CONTENT-4711");
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE definitions [<!ENTITY xxe SYSTEM "file://%s">]>
                <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="x" name="x" namespace="x">
                  <description>&xxe;</description>
                </definitions>
                """.formatted(secret.toAbsolutePath());
        given().contentType("application/xml").header("X-API-Key", dev.runbook.decisions.support.TestKeys.EDITOR).body(xxe)
                .when().post("/api/v1/models/validate")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].message", containsString("DOCTYPE"))
                .body(not(containsString("PLANTED-FILE-CONTENT")));
    }

    @Test
    void billionLaughsIsRefusedQuickly() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        dtd.append("<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">");
        for (int i = 2; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        String bomb = "<?xml version=\"1.0\"?>" + dtd + "]><definitions xmlns=\"https://www.omg.org/spec/DMN/20191111/MODEL/\">&lol9;</definitions>";
        Instant start = Instant.now();
        given().contentType("application/xml").body(bomb).when().post("/api/v1/models/validate")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].message", containsString("DOCTYPE"));
        assertTrue(Duration.between(start, Instant.now()).toSeconds() < 30, "refused before any expansion");
    }

    @Test
    void aValidDmnValidatesAndABrokenOneIsReported() throws Exception {
        given().contentType("application/xml").body(Files.readString(Path.of("dmn/severity.dmn")))
                .when().post("/api/v1/models/validate")
                .then().statusCode(200).body("valid", equalTo(true));
        String broken = Files.readString(Path.of("dmn/severity.dmn")).replace("<requiredInput href=\"#_severity_i_4\"/>", "<requiredInput href=\"#nothing\"/>");
        given().contentType("application/xml").body(broken).when().post("/api/v1/models/validate")
                .then().statusCode(200).body("valid", equalTo(false)).body("messages.severity", hasItem("ERROR"));
    }
}
