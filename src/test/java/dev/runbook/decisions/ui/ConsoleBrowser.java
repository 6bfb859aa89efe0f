package dev.runbook.decisions.ui;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium on the /ui console (Debian's chromium and chromedriver; a test that starts one is skipped where
 * they are not installed), and the steps the console's browser tests share: signing in, waiting, screenshots, and
 * driving the KIE DMN editor inside its iframe as an owner does.
 */
final class ConsoleBrowser {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Where screenshots go: target/ on every run; docs/images (the docs') with -Dconsole.screenshots=docs/images. */
    private static final Path IMAGES = Path.of(System.getProperty("console.screenshots", "target/console-screenshots"));
    /** Generous: the machine running the tests may be busy with other work, and the editor's bundle is 11.7 MB. */
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Well past any double-click interval (Chromium's is 500 ms). */
    private static final Duration CLICK_AGAIN = Duration.ofSeconds(2);
    /** openExpression's tries, each from a fitted view: as long in all as any other wait. */
    private static final Duration OPEN_ROUND = Duration.ofSeconds(15);
    private static final int OPEN_ROUNDS = 2;

    final WebDriver driver;
    private final Path profile;

    private ConsoleBrowser(WebDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static ConsoleBrowser start() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs Debian's chromium and chromium-driver at /usr/bin");
        Path profile = Files.createTempDirectory("console-chromium");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        // en-US: the tests type dates into datetime-local fields, whose order of fields follows the language.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1440,1000", "--lang=en-US", "--user-data-dir=" + profile);
        // The driver is named, so Selenium Manager never looks for (or downloads) one.
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return new ConsoleBrowser(driver, profile);
    }

    void quit() throws IOException {
        driver.quit();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Signs in on the login page the console shows (a fresh tab, or one whose key was cleared). */
    void signIn(String key) {
        waitFor(By.id("api-key")).sendKeys(key);
        driver.findElement(By.cssSelector("#login button[type=submit]")).click();
        waitFor(By.id("who-name"));
    }

    WebElement waitFor(By what) {
        return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(what));
    }

    /** Waits for {@code condition}; an element the page redrew meanwhile (stale) counts as not yet. */
    <T> T waitUntil(String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).withMessage(what).ignoring(StaleElementReferenceException.class).until(condition);
    }

    Object script(String javascript, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(javascript, args);
    }

    void screenshot(String name) {
        try {
            Files.createDirectories(IMAGES);
            Files.write(IMAGES.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A screenshot of the page scrolled to {@code element}, which is then at the top of the window. */
    void screenshot(String name, WebElement element) {
        script("arguments[0].scrollIntoView({block: 'start'})", element);
        screenshot(name);
    }

    /** Runs {@code steps} inside the open DMN editor's iframe. */
    void inEditor(Runnable steps) {
        driver.switchTo().frame(waitFor(By.cssSelector("#editor iframe")));
        try {
            steps.run();
        } finally {
            driver.switchTo().defaultContent();
        }
    }

    /**
     * Opens the model of console page {@code page} in the editor, {@code decision}'s expression in it (see
     * {@link #openExpression}), and runs {@code steps} in the editor. If the expression never opens, all of it is done
     * once more from the page loaded afresh; a failure of {@code steps} is not retried. In stop 21's CI the severity
     * editor, opened in the same page after the classification editor, drew its node without React Flow's
     * "selectable" class and a click at the node's centre reached the pane beneath ({@link #editorState} said so) in
     * every round; the cause inside the editor is not known.
     */
    void editExpression(String page, String decision, Runnable steps) {
        for (int attempt = 1; ; attempt++) {
            driver.get(page);
            if (attempt > 1) {
                driver.navigate().refresh();
            }
            waitFor(By.linkText("open it in the editor")).click();
            driver.switchTo().frame(waitFor(By.cssSelector("#editor iframe")));
            try {
                try {
                    openExpression(decision);
                } catch (TimeoutException e) {
                    if (attempt == 2) {
                        throw e;
                    }
                    continue;
                }
                steps.run();
                return;
            } finally {
                driver.switchTo().defaultContent();
            }
        }
    }

    /**
     * In the editor (see {@link #inEditor}): fits the diagram to the view (nodes outside it are not drawn), selects
     * {@code decision}'s node and opens its expression with the node's "Edit".
     */
    void openExpression(String decision) {
        By fitView = By.cssSelector("button.react-flow__controls-fitview");
        waitFor(fitView).click();
        String node = "//div[contains(concat(' ', normalize-space(@class), ' '), ' react-flow__node ')]";
        By unselected = By.xpath(node + "[normalize-space(.)='" + decision + "']");
        // Only the selected node shows "Edit", inside it beside the name.
        By edit = By.xpath(node + "[.//text()[normalize-space(.)='" + decision + "']]"
                + "//span[contains(@class,'pf-v5-c-label')][normalize-space(.)='Edit']");
        waitFor(unselected);
        // Each try finds things afresh: the editor redraws the node when it is selected, and a click while the view
        // still moves (fit view animates) may miss, so an unselected node is clicked again. Not sooner than
        // CLICK_AGAIN: two clicks closer than the double-click interval (a busy machine slow to draw the selection)
        // open the node's name for editing, where neither it nor "Edit" is found; Return leaves the name as it was,
        // selected. A round that still fails starts over from Escape and a fitted view, in case a stray click left
        // the editor in a state none of this recognises.
        for (int round = 1; ; round++) {
            if (round > 1) {
                new Actions(driver).sendKeys(Keys.ESCAPE).perform();
                waitFor(fitView).click();
            }
            Instant[] clicked = {Instant.MIN};
            try {
                new WebDriverWait(driver, OPEN_ROUND).ignoring(StaleElementReferenceException.class)
                        .until(d -> tryToOpen(d, decision, unselected, edit, clicked));
                return;
            } catch (TimeoutException e) {
                if (round == OPEN_ROUNDS) {
                    screenshot("failed-to-open-" + decision);
                    throw new TimeoutException(decision + " never offered 'Edit' in " + OPEN_ROUNDS + " rounds of "
                            + OPEN_ROUND.toSeconds() + " s; the editor then: " + editorState(decision), e);
                }
            }
        }
    }

    /** One try of {@link #openExpression}: true once "Edit" was clicked, null to try again. */
    private Boolean tryToOpen(WebDriver d, String decision, By unselected, By edit, Instant[] clicked) {
        try {
            List<WebElement> found = d.findElements(edit);
            if (!found.isEmpty()) {
                try {
                    found.get(0).click();
                } catch (ElementClickInterceptedException covered) {
                    // Something drawn over the label (a tooltip, the view still moving): the label's own click.
                    script("arguments[0].click()", found.get(0));
                }
                return true;
            }
            if (Boolean.TRUE.equals(script("return document.activeElement?.tagName === 'INPUT' && document.activeElement.value === arguments[0]", decision))) {
                new Actions(d).sendKeys(Keys.RETURN).perform();
            } else if (Instant.now().isAfter(clicked[0].plus(CLICK_AGAIN))) {
                d.findElements(unselected).stream().findFirst().ifPresent(WebElement::click);
                clicked[0] = Instant.now();
            }
        } catch (ElementClickInterceptedException | StaleElementReferenceException e) {
            // tried again on the next poll
        }
        return null;
    }

    /** What a failed {@link #openExpression} saw: the node, what covers its centre, where the focus is. */
    private String editorState(String decision) {
        return String.valueOf(script("""
                const nodes = [...document.querySelectorAll('.react-flow__node')];
                const node = nodes.find(n => n.textContent.includes(arguments[0]));
                let state = nodes.length + ' nodes';
                if (node) {
                    const box = node.getBoundingClientRect();
                    const top = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
                    state += `; the node: class "${node.className}", text "${node.textContent.trim().slice(0, 80)}", at `
                        + `${Math.round(box.x)},${Math.round(box.y)} size ${Math.round(box.width)}x${Math.round(box.height)}; `
                        + `at its centre: ${top ? top.tagName + '.' + top.className : 'nothing'}`;
                } else {
                    state += '; no node holds the name';
                }
                const focus = document.activeElement;
                return state + `; focus: ${focus ? focus.tagName + (focus.value !== undefined ? ' "' + focus.value + '"' : '') : 'none'}`
                    + `; window ${innerWidth}x${innerHeight}`;
                """, decision));
    }

    /**
     * In an open decision table (see {@link #openExpression}): double-clicks {@code cell}, replaces its text with
     * {@code text} and commits it with Return. Return, not Enter: WebDriver's Enter key is the keypad's
     * ("NumpadEnter"), which the editor takes for a new line in the cell.
     */
    void editCell(WebElement cell, String text) {
        String before = cell.findElement(By.cssSelector(".editable-cell-raw-value")).getAttribute("textContent");
        new Actions(driver).doubleClick(cell).perform();
        // Typed before the cell's FEEL editor (Monaco) has the focus, the keys would be lost.
        waitUntil("the cell's editor never took the focus", d -> Boolean.TRUE.equals(script(
                "return document.activeElement?.closest('.editable-cell--edit-mode') != null")));
        new Actions(driver).sendKeys(Keys.chord(Keys.CONTROL, Keys.END)).sendKeys(Keys.BACK_SPACE.toString().repeat(before.length()))
                .sendKeys(text).sendKeys(Keys.RETURN).perform();
        waitUntil("the cell never left edit mode", d -> d.findElements(By.cssSelector(".editable-cell--edit-mode")).isEmpty());
    }

    /** The open editor's DMN XML, as "Save as draft" sends it; null until an editor is open. */
    String editorContent() {
        return (String) ((JavascriptExecutor) driver).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "window.runbookConsole.editorContent().then(done, e => done('failed: ' + e));");
    }
}
