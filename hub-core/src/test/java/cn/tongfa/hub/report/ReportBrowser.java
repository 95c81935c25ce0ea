package cn.tongfa.hub.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's headless Chromium through Debian's chromedriver (nothing downloaded); screenshots in target/screenshots. */
final class ReportBrowser {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private ReportBrowser() {
    }

    static ChromeDriver open() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String message = "Browser checks need " + CHROMIUM + " and " + CHROMEDRIVER;
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(message);
            }
            System.err.println("\n***** SKIPPED: " + message + " *****\n");
            Assumptions.abort(message);
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--window-size=1280,1000", "--lang=zh-CN");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "zh-CN,zh"));
        return new ChromeDriver(service, options);
    }

    /** Opens the report page from a file, checks it laid out all six sections and its tables, and captures it. */
    static Path renderAndCapture(Path html, String name) {
        ChromeDriver driver = open();
        try {
            driver.get(html.toAbsolutePath().toUri().toString());
            assertThat(driver.findElements(By.cssSelector("#report h2"))).hasSize(6);
            assertThat(driver.findElement(By.id("report-table3")).getSize().getHeight()).isGreaterThan(300);
            assertThat(driver.findElement(By.id("report-table4")).getText()).contains("复议后起诉");
            return screenshot(driver, name);
        } finally {
            driver.quit();
        }
    }

    static Path screenshot(ChromeDriver driver, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Dimension window = driver.manage().window().getSize();
            Number height = (Number) ((JavascriptExecutor) driver)
                    .executeScript("return document.documentElement.scrollHeight;");
            driver.manage().window().setSize(new Dimension(window.getWidth(),
                    Math.max(window.getHeight(), Math.min(height.intValue() + 140, 8000))));
            File shot = driver.getScreenshotAs(OutputType.FILE);
            driver.manage().window().setSize(window);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
