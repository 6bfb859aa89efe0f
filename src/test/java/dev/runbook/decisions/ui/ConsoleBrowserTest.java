package dev.runbook.decisions.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.ScriptTimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.runbook.decisions.decide.DmnModel;
import dev.runbook.decisions.decide.ModelRegistry;
import dev.runbook.decisions.decide.Decision;
import dev.runbook.decisions.decide.DecisionService;
import dev.runbook.decisions.decide.ModelSet;
import dev.runbook.decisions.ingest.FactsParser;
import dev.runbook.decisions.ingest.IncidentFacts;
import dev.runbook.decisions.support.Api;
import dev.runbook.decisions.support.Http;
import dev.runbook.decisions.support.Samples;
import dev.runbook.decisions.support.TestKeys;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The /ui console in a real headless Chromium (Debian's chromium and chromedriver; skipped where they are not
 * installed): an editor signs in, lists the models, and every dmn/ file goes through the KIE DMN editor and back out
 * of it as "Save as draft" would send it. What comes back must compile and decide every sample as the shipped file
 * does. Screenshots of the main pages are taken on the way (see {@link #IMAGES}).
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

    /** The namespace the KIE editor writes on save: seeing it proves the content came out of the editor's marshaller. */
    private static final String SAVED_BY_EDITOR = "https://www.omg.org/spec/DMN/20240513/MODEL/";

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ConsoleBrowser chromium;
    private static WebDriver browser;

    @TestHTTPResource("/ui/")
    URL console;

    @Inject
    ModelRegistry registry;
    @Inject
    DecisionService decisions;
    @Inject
    ObjectMapper json;

    /** The browser, started for the first test that needs it; the tests that need one are skipped without Chromium. */
    private static WebDriver browser() throws IOException {
        if (chromium == null) {
            chromium = ConsoleBrowser.start();
            browser = chromium.driver;
        }
        return browser;
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (chromium != null) {
            chromium.quit();
        }
    }

    @Test
    @Order(0)
    void theConsoleAndSwaggerUiOpenWithoutAKeyWhileTheApiNeedsOne() throws Exception {
        HttpResponse<String> bare = Http.send("GET", "/ui", null, null, Map.of());
        assertEquals(301, bare.statusCode());
        assertTrue(bare.headers().firstValue("Location").orElse("").endsWith("/ui/"));
        assertTrue(Http.send("GET", "/ui/", null, null, Map.of()).body().contains("/ui/app.js"));
        for (String file : List.of("/ui/app.js", "/ui/app.css", "/ui/pages/version.js", "/ui/vendor/dmn-editor/index.js", "/q/swagger-ui/")) {
            assertEquals(200, Http.send("GET", file, null, null, Map.of()).statusCode(), file);
        }
        assertEquals(401, Http.send("GET", "/api/v1/models", null, null, Map.of()).statusCode());
    }

    @Test
    @Order(1)
    void anEditorSignsInAndSeesEveryModel() throws IOException {
        browser().get(console.toString());
        chromium.waitFor(By.id("api-key"));
        chromium.screenshot("console-login");
        chromium.signIn(TestKeys.EDITOR);
        List<WebElement> rows = chromium.waitFor(By.cssSelector("tr[data-model]")).findElements(By.xpath("//tr[@data-model]"));
        assertEquals(shippedModels(), rows.stream().map(r -> r.getAttribute("data-model")).sorted().toList());
        assertEquals("test-editor", browser.findElement(By.id("who-name")).getText());
        chromium.screenshot("console-models");
    }

    @Test
    @Order(2)
    void everyModelComesOutOfTheEditorDecidingEverySampleAsBefore() throws IOException {
        browser();
        List<String> failures = new ArrayList<>();
        for (String name : shippedModels()) {
            Path file = Path.of("dmn", name + ".dmn").toAbsolutePath();
            browser.get(console + "#/models/" + name + "/edit");
            // This model's page, not the one before it, whose file input may still be there for a moment.
            chromium.waitFor(By.xpath("//h2//a[normalize-space(.)='" + name + "']"));
            browser.findElement(By.id("open-file")).sendKeys(file.toString());
            String saved = savedContent(name);
            if ("severity".equals(name)) {
                chromium.screenshot("console-editor");
                openTableShowsItsRunbookColumn("baseSeverity", "P1 (Critical)");
                chromium.screenshot("console-decision-table");
            }
            DmnModel edited = DmnModel.compile(name + ".dmn", saved.getBytes(StandardCharsets.UTF_8), 1);
            assertEquals(DmnLogic.of(Files.readAllBytes(file)), DmnLogic.of(saved.getBytes(StandardCharsets.UTF_8)),
                    name + ": every table, row, annotation and expression survives the editor");
            failures.addAll(samplesDecidedDifferently(name, edited));
        }
        assertEquals(List.of(), failures);
    }

    @Test
    @Order(3)
    void anAuditorReadsDecisionsAndTheRowsBehindAnIncident() throws IOException {
        // Under a service of its own, so that no other test's incidents and decisions mix with these.
        String service = Api.uniqueService("console");
        String incident = null;
        for (String sample : List.of("high-error-rate-p1-out-of-memory", "data-drift-retrain", "mlflow-down-model-reload",
                "unclassified-minor", "high-latency-database-outage")) {
            ObjectNode facts = (ObjectNode) JSON.readTree(Samples.facts(sample));
            incident = Api.decide(facts.put("service", service).toString()).getString("incident.id");
        }
        browser().get(console.toString());
        ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
        chromium.signIn(TestKeys.AUDITOR);
        browser.get(console + "#/decisions?service=" + service);
        chromium.waitFor(By.cssSelector("a[href^='#/decisions/']"));
        assertEquals(5, browser.findElements(By.cssSelector("a[href^='#/decisions/']")).size(), "the five decisions just made are listed");
        chromium.screenshot("console-decisions");
        browser.get(console + "#/incidents/" + incident);
        WebElement why = chromium.waitFor(By.cssSelector("ol.timeline details"));
        why.findElement(By.tagName("summary")).click();
        assertTrue(why.getText().contains("baseSeverity"), "the incident shows the rows that decided it: " + why.getText());
        chromium.screenshot("console-incident");
    }

    /** The samples the published models and the set with the edited model in place decide differently, whole decisions compared. */
    private List<String> samplesDecidedDifferently(String name, DmnModel edited) {
        ModelSet published = registry.current();
        ModelSet withEdited = published.with(edited);
        List<String> failures = new ArrayList<>();
        for (String sample : Samples.names()) {
            IncidentFacts facts = FactsParser.parse(Samples.facts(sample));
            ObjectNode before = comparable(decisions.decide(published, facts));
            ObjectNode after = comparable(decisions.decide(withEdited, facts));
            if (!before.equals(after)) {
                failures.add(name + " / " + sample + ": " + before + " became " + after);
            }
        }
        return failures;
    }

    /** A decision without what differs on every evaluation (its id and time). */
    private ObjectNode comparable(Decision decision) {
        ObjectNode tree = json.valueToTree(decision);
        tree.remove(List.of("decisionId", "evaluatedAt"));
        return tree;
    }

    /**
     * Inside the editor's iframe, as an owner does it: select the decision on the diagram, "Edit" its expression,
     * and find the table's Runbook column quoting {@code annotation}.
     */
    private void openTableShowsItsRunbookColumn(String decision, String annotation) {
        chromium.inEditor(() -> {
            chromium.openExpression(decision);
            chromium.waitUntil(decision + "'s table never showed '" + annotation + "'",
                    driver -> driver.findElement(By.tagName("body")).getText().contains(annotation));
        });
    }

    /**
     * The open editor's content once the editor has re-written it (getContent answers null until an editor is open)
     * and it is model {@code name}'s.
     */
    private String savedContent(String name) {
        return new WebDriverWait(browser, Duration.ofSeconds(90)).ignoring(ScriptTimeoutException.class)
                .withMessage(name + ".dmn never came back out of the editor")
                .until(driver -> {
                    String text = chromium.editorContent();
                    return text != null && text.contains(SAVED_BY_EDITOR)
                            && Pattern.compile("<(\\w+:)?definitions[^>]*\\sname=\"" + Pattern.quote(name) + "\"").matcher(text).find()
                            ? text : null;
                });
    }

    private static List<String> shippedModels() {
        try (Stream<Path> files = Files.list(Path.of("dmn"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".dmn"))
                    .map(n -> n.substring(0, n.length() - ".dmn".length())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
