package dev.runbook.decisions.ui;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import dev.runbook.decisions.support.Api;
import dev.runbook.decisions.support.TestKeys;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The runbook owners' whole editing flow in a real headless Chromium, against the real API (docs/editing-the-runbook.md):
 * an editor changes the drift threshold in the KIE editor, saves a draft and reads its validation and sample report,
 * the diff and a what-if over decisions just recorded, publishes it acknowledging the changed sample, sees a decision
 * change, and rolls it back. And a table edited into an overlap shows the error beside its row and cannot be
 * published. The published models are left deciding as shipped. Screenshots of each page are taken on the way (see
 * {@link ConsoleBrowser}).
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EditingFlowBrowserTest {

    /**
     * The drift threshold: in symptomThresholdRows, the value cell of the row whose runbook annotation quotes
     * "drift score > 0.3".
     */
    private static final By DRIFT_CELL = By.xpath("//tr[.//span[contains(@class,'editable-cell-raw-value')][contains(.,'drift score > 0.3')]]"
            + "/td[.//span[contains(@class,'editable-cell-raw-value')][normalize-space(.)='0.3']]");
    private static final Pattern DRIFT_AT_0_25 = Pattern.compile("_symptomThresholdRows_3_value\">\\s*<text>0.25</text>");
    private static final Pattern VERSION_PAGE = Pattern.compile("#/models/[a-z-]+/versions/(\\d+)$");

    private static ConsoleBrowser chromium;

    @TestHTTPResource("/ui/")
    URL console;

    @AfterAll
    static void stopBrowser() throws IOException {
        if (chromium != null) {
            chromium.quit();
        }
    }

    @Test
    @Order(1)
    void anEditorChangesTheDriftThresholdTriesItPublishesItAndRollsItBack() throws IOException {
        int shipped = published("classification");
        String shippedSha256 = publishedSha256("classification");
        String service = Api.uniqueService("flow");
        ZonedDateTime beforeRecording = ZonedDateTime.now().minusMinutes(1);
        for (String drift : List.of("0.27", "0.28", "0.29", "0.1")) {
            assertNotEquals("DATA_DRIFT", incidentType(service, drift), drift + " is no drift under the shipped 0.3");
        }
        try {
            browser();
            chromium.editExpression(console + "#/models/classification", "symptomThresholdRows",
                    () -> chromium.editCell(chromium.waitFor(DRIFT_CELL), "0.25"));
            chromium.waitUntil("the editor's content never held the new threshold", d -> DRIFT_AT_0_25.matcher(chromium.editorContent()).find());

            int draft = saveAsDraft("Drift alerts from 0.25: the ML lead wants them earlier");
            assertEquals("✔ Valid", chromium.waitFor(By.id("validity")).getText());
            assertTrue(chromium.driver.findElements(By.cssSelector("li.finding.ERROR")).isEmpty());
            WebElement sample = chromium.waitFor(By.cssSelector("#sample-report tr[data-sample='boundary-drift-0.3']"));
            assertTrue(sample.getText().contains("incidentType: \"UNCLASSIFIED\" → \"DATA_DRIFT\""), sample.getText());
            assertEquals(1, chromium.driver.findElements(By.cssSelector("#sample-report tr[data-sample]")).size(), "only the drift sample changes");
            chromium.screenshot("console-draft-report", chromium.driver.findElement(By.id("validity")).findElement(By.xpath("ancestor::section")));

            chromium.driver.findElement(By.xpath("//form[.//input[@id='diff-against']]//button")).click();
            WebElement diff = chromium.waitFor(By.cssSelector("#diff .diff-table[data-decision='symptomThresholdRows']"));
            assertTrue(diff.getText().contains("value: 0.3 → 0.25") && diff.getText().contains("drift score > 0.3"), diff.getText());
            chromium.screenshot("console-diff", diff.findElement(By.xpath("ancestor::section")));

            // The window starts just before this test's decisions, so that only a handful are decided again.
            chromium.driver.findElement(By.id("whatif-from")).sendKeys(beforeRecording.format(DateTimeFormatter.ofPattern("MMddyyyy")),
                    Keys.TAB, beforeRecording.format(DateTimeFormatter.ofPattern("hhmma", Locale.US)));
            chromium.driver.findElement(By.xpath("//form[.//input[@id='whatif-from']]//button")).click();
            WebElement summary = chromium.waitFor(By.id("whatif-summary"));
            List<WebElement> changed = chromium.driver.findElements(By.cssSelector("#whatif tr[data-service='" + service + "']"));
            assertEquals(3, changed.size(), "0.27, 0.28 and 0.29 would be drift; 0.1 would not: " + summary.getText());
            changed.forEach(row -> assertTrue(row.getText().contains("UNCLASSIFIED → DATA_DRIFT"), row.getText()));
            chromium.screenshot("console-what-if", summary.findElement(By.xpath("ancestor::section")));

            chromium.driver.findElement(By.id("publish-reason")).sendKeys("Drift alerts from 0.25, as the ML lead asked");
            chromium.driver.findElement(By.id("publish")).click();
            String refused = chromium.waitFor(By.cssSelector("#publish-problem .problem")).getText();
            assertTrue(refused.contains("422") && refused.contains("samples-not-acknowledged") && refused.contains("boundary-drift-0.3"), refused);
            chromium.driver.findElement(By.cssSelector("input.ack-sample[value='boundary-drift-0.3']")).click();
            chromium.screenshot("console-publish", chromium.driver.findElement(By.id("publish-form")).findElement(By.xpath("ancestor::section")));
            chromium.driver.findElement(By.id("publish")).click();
            chromium.waitFor(By.cssSelector("tr[data-version='" + draft + "'][data-state='PUBLISHED']"));
            assertEquals("DATA_DRIFT", incidentType(service, "0.27"), "published: 0.27 is drift now");

            new Select(chromium.driver.findElement(By.id("rollback-version"))).selectByValue(String.valueOf(shipped));
            chromium.driver.findElement(By.id("rollback-reason")).sendKeys("Too many drift tickets: back to the runbook's 0.3");
            chromium.driver.findElement(By.id("rollback-submit")).click();
            WebElement rolledBack = chromium.waitFor(By.xpath("//tr[@data-state='PUBLISHED'][contains(., 'rollback to version " + shipped + "')]"));
            assertEquals(draft + 1, Integer.parseInt(rolledBack.getAttribute("data-version")));
            chromium.waitFor(By.cssSelector("tr[data-version='" + draft + "'][data-state='RETIRED']"));
            chromium.screenshot("console-history");
            assertNotEquals("DATA_DRIFT", incidentType(service, "0.27"), "rolled back: 0.27 is no drift again");
        } finally {
            if (!shippedSha256.equals(publishedSha256("classification"))) {
                given().contentType(ContentType.JSON).body("{\"toVersion\": " + shipped + ", \"reason\": \"test done\"}")
                        .when().post("/api/v1/models/classification/rollback").then().statusCode(200);
            }
        }
    }

    @Test
    @Order(2)
    void aTableEditedIntoAnOverlapShowsTheErrorBesideItsRowAndCannotBePublished() throws IOException {
        browser();
        chromium.editExpression(console + "#/models/severity", "responseTimeMinutes", () -> {
            // Row 3 (P3, "1 hour") answers for P2 as row 2 does: two rows of a UNIQUE table match P2.
            chromium.editCell(chromium.waitFor(By.xpath("//tr[.//span[contains(@class,'editable-cell-raw-value')][contains(.,'1 hour')]]"
                    + "/td[.//span[contains(@class,'editable-cell-raw-value')][normalize-space(.)='\"P3\"']]")), "\"P2\"");
        });
        int draft = saveAsDraft("P3 answered as fast as P2");
        try {
            assertTrue(chromium.waitFor(By.id("validity")).getText().startsWith("✘ Not valid"));
            WebElement error = chromium.waitFor(By.cssSelector("li.finding.ERROR[data-decision='responseTimeMinutes'][data-row='2']"));
            // Beside the row it names: its cells and its runbook quote.
            assertTrue(error.getText().contains("row 2") && error.getText().contains("\"P2\" | → | 15")
                    && error.getText().contains("15 minutes") && error.getText().contains("Overlap"), error.getText());
            assertTrue(chromium.waitFor(By.id("not-publishable")).isDisplayed());
            assertTrue(chromium.driver.findElements(By.id("publish")).isEmpty(), "no publish is offered");
            given().header("X-API-Key", TestKeys.EDITOR).contentType(ContentType.JSON)
                    .body("{\"reason\": \"anyway\", \"acknowledgedSampleChanges\": []}")
                    .when().post("/api/v1/models/severity/versions/" + draft + "/publish")
                    .then().statusCode(422).contentType("application/problem+json")
                    .body("type", endsWith("/invalid-draft"));
        } finally {
            given().when().delete("/api/v1/models/severity/versions/" + draft).then().statusCode(204);
        }
    }

    /** The browser, signed in as an editor; started by the first test that needs it. */
    private WebDriver browser() throws IOException {
        if (chromium == null) {
            chromium = ConsoleBrowser.start();
            chromium.driver.get(console.toString());
            chromium.signIn(TestKeys.EDITOR);
        }
        return chromium.driver;
    }

    /** Types the reason and saves the editor's content as a draft; answers the draft's version from the page it opens. */
    private int saveAsDraft(String reason) {
        String opened = chromium.driver.getCurrentUrl();
        chromium.driver.findElement(By.id("draft-reason")).sendKeys(reason);
        chromium.driver.findElement(By.id("save-draft")).click();
        String page = chromium.waitUntil("the draft's page never opened", d -> !d.getCurrentUrl().equals(opened)
                && !d.findElements(By.id("validity")).isEmpty() ? d.getCurrentUrl() : null);
        Matcher version = VERSION_PAGE.matcher(page);
        assertTrue(version.find());
        return Integer.parseInt(version.group(1));
    }

    /** The incident type decided now for {@code service}'s facts with drift score {@code drift} and normal traffic. */
    private static String incidentType(String service, String drift) {
        return Api.decide("{\"service\":\"" + service + "\",\"driftScore\":" + drift + ",\"trafficNormal\":true}").getString("incidentType");
    }

    private static int published(String model) {
        return Api.get("/api/v1/models/" + model + "/versions").getInt("published");
    }

    private static String publishedSha256(String model) {
        return Api.get("/api/v1/models/" + model + "/versions").getString("versions.find { it.state == 'PUBLISHED' }.sha256");
    }
}
