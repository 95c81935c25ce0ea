package cn.tongfa.hub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import cn.tongfa.hub.TongfaHubApplication;
import cn.tongfa.hub.support.FreePort;
import cn.tongfa.hub.support.HubClient;

/**
 * The embedded default as an operator sees it: every metric the Grafana boards and the alert rules of
 * {@code dashboards/} query is on {@code /actuator/prometheus}, and the built-in operations page (/ops) shows the
 * live figures in a real headless Chromium. One hub for both (two cores are shared).
 */
class OperationsIT {

    private static final String PASSWORD = "operations-secret";
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    static Path home;

    private static ConfigurableApplicationContext hub;
    private static HubClient api;
    private static String base;

    @BeforeAll
    static void startHub() {
        int port = FreePort.find();
        base = "http://localhost:" + port;
        hub = new SpringApplicationBuilder(TongfaHubApplication.class).run(
                "--server.port=" + port,
                "--spring.datasource.url=jdbc:h2:file:" + home.resolve("db/tongfa")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "--tongfa.kafka.embedded.data-dir=" + home.resolve("kafka"),
                "--tongfa.kafka.embedded.port=" + FreePort.find(),
                "--tongfa.kafka.embedded.controller-port=" + FreePort.find(),
                "--tongfa.connectors.portal.root=" + home.resolve("portal"),
                "--tongfa.agencies[0].id=demo", "--tongfa.agencies[0].name=示范市信访局",
                "--tongfa.agencies[0].org-code=11340000MB1234567X", "--tongfa.agencies[0].review-chain=",
                "--tongfa.demo.users[0].username=yunwei", "--tongfa.demo.users[0].password=" + PASSWORD,
                "--tongfa.demo.users[0].agency=demo", "--tongfa.demo.users[0].roles=OPERATOR",
                "--tongfa.ops.refresh-interval=1s", "--tongfa.ops.sample-interval=1s",
                "--TONGFA_ADMIN_PASSWORD=" + PASSWORD);
        api = new HubClient(base, "admin", PASSWORD);
        publish("运维指标测试");
    }

    @AfterAll
    static void stopHub() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void everyMetricTheDashboardsAndRulesQueryIsExposed() {
        Map<String, Set<String>> queried = QueriedMetrics.queried();
        assertThat(queried).hasSizeGreaterThan(10);
        // The ledger gauges are refreshed every second; the first delivery's figures appear within a few.
        String scrape = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> api.anonymous().get("/actuator/prometheus").body(),
                        body -> QueriedMetrics.missing(body).isEmpty());
        assertThat(QueriedMetrics.missing(scrape)).isEmpty();
        System.out.println("[operations] queried metrics, all exposed: " + queried.keySet());

        // And the comparison notices a metric the hub stops exposing.
        for (String name : queried.keySet()) {
            String family = name.replaceAll("_(bucket|count|sum|total)$", "");
            assertThat(QueriedMetrics.missing(QueriedMetrics.without(scrape, family))).as("without " + family)
                    .containsKey(name);
        }
    }

    @Test
    void operationsPageShowsLiveFiguresInChromium() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String message = "Browser tests need " + CHROMIUM + " and " + CHROMEDRIVER;
            if ("true".equals(System.getenv("CI"))) {
                fail(message);
            }
            System.err.println("\n***** SKIPPED: " + message + " *****\n");
            Assumptions.abort(message);
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--window-size=1400,1100", "--lang=zh-CN");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "zh-CN,zh"));
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60), Duration.ofMillis(250));
            // htmx swaps the figures every few seconds: an element found a moment ago may be gone by the time it
            // is read. Every read of a live figure therefore goes through the wait, which looks it up again.
            wait.ignoring(StaleElementReferenceException.class);
            driver.get(base + "/login");
            driver.findElement(By.id("username")).sendKeys("yunwei");
            driver.findElement(By.id("password")).sendKeys(PASSWORD);
            driver.findElement(By.id("login-submit")).click();
            wait.until(d -> !d.findElements(By.id("who-name")).isEmpty());
            driver.get(base + "/ops");
            wait.until(d -> Long.parseLong(d.findElement(By.id("ops-delivered")).getText()) >= 4);
            long before = wait.until(d -> Long.parseLong(d.findElement(By.id("ops-delivered")).getText()));

            // Live: another item's four deliveries appear without reloading the page (htmx polls /ops/figures).
            publish("运维页面实时刷新");
            wait.until(d -> Long.parseLong(d.findElement(By.id("ops-delivered")).getText()) >= before + 4);
            wait.until(d -> !d.findElement(By.cssSelector("#chart-throughput polyline")).getAttribute("points")
                    .isBlank());
            int channelRows = wait.until(d -> d.findElements(By.cssSelector("#ops-channels tr.ops-channel")).size());
            assertThat(channelRows).isEqualTo(4);
            String portalLatency = wait.until(d -> d.findElement(
                    By.cssSelector("tr.ops-channel[data-channel=portal] .ops-latency")).getText());
            assertThat(portalLatency).endsWith(" s");
            assertThat(driver.findElements(By.cssSelector("script[src^=http]"))).as("no CDN").isEmpty();
            assertThat(driver.findElement(By.cssSelector("h1")).getText()).isEqualTo("运维");

            Path shots = Path.of("target", "screenshots");
            Files.createDirectories(shots);
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), shots.resolve("ops.png"), StandardCopyOption.REPLACE_EXISTING);
        } finally {
            driver.quit();
            service.stop();
        }

        // Without a login there are no figures.
        HubClient.Response refused = new HubClient(base, "admin", PASSWORD).anonymous().get("/ops/figures");
        assertThat(refused.status()).isNotEqualTo(200);
    }

    private static void publish(String title) {
        HubClient.Response created = api.post("/api/v1/items", Map.of("agency", "demo", "title", title,
                "summary", "运维", "bodyHtml", "<p>正文</p>", "category", "业务工作"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(api.post("/api/v1/items/" + id + "/publish", "").status()).isEqualTo(200);
    }
}
