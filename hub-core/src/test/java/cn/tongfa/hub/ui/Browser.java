package cn.tongfa.hub.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, both named explicitly so that Selenium
 * never downloads a browser or a driver. Screenshots go to {@code target/screenshots}.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final String base;
    private final ChromeDriverService service;
    final ChromeDriver driver;

    /** On a build machine (CI=true) a missing browser fails the build; elsewhere the tests are skipped, loudly. */
    static void requireChromium() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        String message = "Browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                + " (Debian: apt-get install -y chromium chromium-driver)";
        if ("true".equals(System.getenv("CI"))) {
            fail(message);
        }
        System.err.println("\n***** SKIPPED: " + message + " *****\n");
        Assumptions.abort(message);
    }

    Browser(String base) {
        this.base = base;
        this.service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--lang=zh-CN");
        // What a browser set up in China sends: the hub answers in Chinese without a language cookie.
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "zh-CN,zh"));
        this.driver = new ChromeDriver(service, options);
    }

    void open(String path) {
        driver.get(base + path);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    WebElement await(String css) {
        return waiting(Duration.ofSeconds(20)).until(driver -> visible(driver, css));
    }

    /**
     * The text of the visible element, read inside the wait: an element that htmx swaps between the wait and the
     * read would otherwise be read detached.
     */
    String awaitText(String css) {
        return waiting(Duration.ofSeconds(20)).until(driver -> {
            WebElement element = visible(driver, css);
            return element == null ? null : element.getText();
        });
    }

    /**
     * The element if it is there and visible, else null; also null when it was detached while being looked at,
     * which Chromium reports either as a stale element or as "Node with given id does not belong to the document".
     */
    private static WebElement visible(org.openqa.selenium.WebDriver driver, String css) {
        try {
            WebElement element = driver.findElement(By.cssSelector(css));
            return element.isDisplayed() ? element : null;
        } catch (org.openqa.selenium.NoSuchElementException | org.openqa.selenium.StaleElementReferenceException e) {
            return null;
        } catch (org.openqa.selenium.WebDriverException e) {
            if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                return null;
            }
            throw e;
        }
    }

    WebDriverWait waiting(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(200));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    void type(String css, String text) {
        WebElement field = find(css);
        field.clear();
        field.sendKeys(text);
    }

    /** Sets a field's value directly: date inputs take their value in the browser's locale format otherwise. */
    void setValue(String css, String value) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1];", find(css), value);
    }

    /** The body editor, once TinyMCE has started on the compose page. */
    void awaitEditor() {
        waiting(Duration.ofSeconds(20)).until(driver -> Boolean.TRUE.equals(script(
                "return !!(window.tinymce && tinymce.get('bodyHtml') && tinymce.get('bodyHtml').initialized);")));
    }

    /** Replaces the body in the editor, as if typed; the form takes it on submit. */
    void setBody(String html) {
        awaitEditor();
        script("var e = tinymce.get('bodyHtml'); e.setContent(arguments[0]); e.undoManager.add(); e.fire('change');",
                html);
    }

    String body() {
        awaitEditor();
        return (String) script("return tinymce.get('bodyHtml').getContent();");
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    void login(String username, String password) {
        open("/login");
        type("#username", username);
        type("#password", password);
        find("#login-submit").click();
        await("#who-name");
        assertThat(find("#who-name").getText()).isEqualTo(username);
    }

    void logout() {
        find("#logout").click();
        await("#login-logout");
    }

    /** A screenshot of the whole page, not only of the window. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Dimension window = driver.manage().window().getSize();
            Number height = (Number) ((JavascriptExecutor) driver)
                    .executeScript("return document.documentElement.scrollHeight;");
            driver.manage().window().setSize(new Dimension(window.getWidth(),
                    Math.max(window.getHeight(), Math.min(height.intValue() + 140, 6000))));
            File shot = driver.getScreenshotAs(OutputType.FILE);
            driver.manage().window().setSize(window);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
