package dev.runbook.decisions.ui;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.runbook.decisions.decide.DmnModel;
import dev.runbook.decisions.decide.ModelRegistry;
import dev.runbook.decisions.decide.ModelResult;
import dev.runbook.decisions.ingest.FactsParser;
import dev.runbook.decisions.support.Samples;
import dev.runbook.decisions.support.TestKeys;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The /ui console in a real headless Chromium (Debian's chromium and chromedriver; skipped where they are not
 * installed): an editor signs in, lists the models, and every dmn/ file goes through the KIE DMN editor and back out
 * of it as "Save as draft" would send it. What comes back must compile and decide every sample as the shipped file
 * does. Screenshots of the main pages land in docs/images/.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path IMAGES = Path.of("docs/images");
    /** The namespace the KIE editor writes on save: seeing it proves the content came out of the editor's marshaller. */
    private static final String SAVED_BY_EDITOR = "https://www.omg.org/spec/DMN/20240513/MODEL/";

    private static WebDriver browser;
    private static Path profile;

    @TestHTTPResource("/ui/")
    URL console;

    @Inject
    ModelRegistry registry;

    @BeforeAll
    static void startBrowser() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs Debian's chromium and chromium-driver at /usr/bin");
        profile = Files.createTempDirectory("console-chromium");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1440,1000", "--user-data-dir=" + profile);
        // The driver is named, so Selenium Manager never looks for (or downloads) one.
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void anEditorSignsInAndSeesEveryModel() {
        browser.get(console.toString());
        waitFor(By.id("api-key"));
        screenshot("console-login");
        signIn(TestKeys.EDITOR);
        List<WebElement> rows = waitFor(By.cssSelector("tr[data-model]")).findElements(By.xpath("//tr[@data-model]"));
        assertEquals(shippedModels(), rows.stream().map(r -> r.getAttribute("data-model")).sorted().toList());
        assertEquals("test-editor", browser.findElement(By.id("who-name")).getText());
        screenshot("console-models");
    }

    @Test
    @Order(2)
    void everyModelComesOutOfTheEditorDecidingEverySampleAsBefore() throws IOException {
        List<String> failures = new ArrayList<>();
        for (String name : shippedModels()) {
            Path file = Path.of("dmn", name + ".dmn").toAbsolutePath();
            browser.get(console + "#/models/" + name + "/edit");
            waitFor(By.id("open-file")).sendKeys(file.toString());
            String saved = savedContent(name);
            if ("severity".equals(name)) {
                screenshot("console-editor");
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
    void anAuditorReadsDecisionsAndTheRowsBehindAnIncident() {
        String incident = given().header("X-API-Key", TestKeys.ADMIN).contentType(ContentType.JSON)
                .body(Samples.facts("high-latency-database-outage"))
                .when().post("/api/v1/decisions").then().statusCode(200).extract().path("incident.id");
        browser.get(console.toString());
        signOut();
        signIn(TestKeys.AUDITOR);
        browser.get(console + "#/decisions?service=");
        waitFor(By.cssSelector("a[href^='#/decisions/']"));
        screenshot("console-decisions");
        browser.get(console + "#/incidents/" + incident);
        WebElement why = waitFor(By.cssSelector("ol.timeline details"));
        why.findElement(By.tagName("summary")).click();
        assertTrue(why.getText().contains("baseSeverity"), "the incident shows the rows that decided it: " + why.getText());
        screenshot("console-incident");
    }

    /** The sample decisions the shipped model and the edited one give differently, as "model / sample: what". */
    private List<String> samplesDecidedDifferently(String name, DmnModel edited) {
        DmnModel shipped = registry.current().required(name);
        List<String> failures = new ArrayList<>();
        for (String sample : Samples.names()) {
            Map<String, Object> context = registry.current().factModels().run(FactsParser.parse(Samples.facts(sample)).values()).context();
            ModelResult before = shipped.evaluate(context);
            ModelResult after = edited.evaluate(context);
            if (!before.decisions().equals(after.decisions()) || !before.rows().equals(after.rows())
                    || !before.errors().equals(after.errors())) {
                failures.add(name + " / " + sample + ": " + before + " became " + after);
            }
        }
        return failures;
    }

    /** The open editor's content once the editor has re-written it (getContent answers null until the editor is open). */
    private String savedContent(String name) {
        return new WebDriverWait(browser, Duration.ofSeconds(90)).ignoring(org.openqa.selenium.ScriptTimeoutException.class)
                .withMessage(name + ".dmn never came back out of the editor")
                .until(driver -> {
                    Object content = ((JavascriptExecutor) driver).executeAsyncScript(
                            "const done = arguments[arguments.length - 1];"
                                    + "window.runbookConsole.editorContent().then(done, e => done('failed: ' + e));");
                    return content instanceof String text && text.contains(SAVED_BY_EDITOR) ? text : null;
                });
    }

    private void signIn(String key) {
        waitFor(By.id("api-key")).sendKeys(key);
        browser.findElement(By.cssSelector("#login button[type=submit]")).click();
        waitFor(By.id("who-name"));
    }

    private void signOut() {
        waitFor(By.cssSelector("#who button")).click();
        waitFor(By.id("api-key"));
    }

    private WebElement waitFor(By what) {
        return new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(what));
    }

    private void screenshot(String name) {
        try {
            Files.createDirectories(IMAGES);
            Files.write(IMAGES.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> shippedModels() {
        try (Stream<Path> files = Files.list(Path.of("dmn"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".dmn"))
                    .map(n -> n.substring(0, n.length() - ".dmn".length())).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
