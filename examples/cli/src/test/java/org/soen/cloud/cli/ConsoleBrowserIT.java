package org.soen.cloud.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console's page in Debian's headless Chromium, driven through chromedriver, against the
 * {@code local} provider: every tab, submit to live log to chart points to stop, Save as Default
 * written and read back, a bad config's problems, and no secret anywhere. Saves a screenshot of
 * each tab to {@code target/console-screenshots/}, or, with {@code -Dscreenshots.update=true}, to
 * {@code docs/console/} for the README. Skipped where chromedriver is not installed.
 */
class ConsoleBrowserIT {
  static final String SECRET = "lambda-secret-77c1e0d2";
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path SHOTS =
      Boolean.getBoolean("screenshots.update")
          ? Path.of("").toAbsolutePath().resolve("../../docs/console").normalize()
          : Path.of("target", "console-screenshots").toAbsolutePath();

  @TempDir static Path dir;
  static ConsoleHarness console;
  static WebDriver browser;
  static Map<String, String> environment;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Files.isExecutable(DRIVER) && Files.isExecutable(CHROMIUM),
        "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)");
    environment = Map.of("LAMBDA_API_KEY", SECRET, "PATH", System.getenv("PATH"));
    console = ConsoleHarness.start(dir, environment);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium")), "--window-size=1280,960");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    browser.get(console.url);
    Files.createDirectories(SHOTS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (console != null) {
      console.close();
    }
  }

  private static WebDriverWait await() {
    return new WebDriverWait(browser, Duration.ofSeconds(40));
  }

  private static void open(String tab) {
    browser.get(console.base() + "/#" + tab);
    browser.navigate().refresh();
  }

  private static void screenshot(String name) throws Exception {
    byte[] png = ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(SHOTS.resolve(name + ".png"), png);
  }

  private static WebElement find(String css) {
    return await().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  @Test
  @DisplayName("submit on local: the log streams live, chart points appear, Stop stops it, Jobs lists it")
  void submit_streamsLogAndChart_thenStops() throws Exception {
    ConsoleHarness.write(console.work.resolve("train.yaml"), """
        training:
          epochs: 600
        cloud:
          provider: local
          project: console
          experiment: browser
          command: [sh, -c, 'echo "key %s"; i=1; while [ $i -le 600 ]; do awk -v i=$i ''BEGIN { printf "epoch %%d/600 loss=%%.4f accuracy=%%.4f\\n", i, 1.2/(i+1), 1-0.6/(i+1) }''; i=$((i+1)); sleep 0.2; done']
          instance:
            instance_type: ml.g5.xlarge
            max_runtime_hours: 0.25
        """.formatted(SECRET));
    open("submit");
    find("#config-path").clear();
    find("#config-path").sendKeys("train.yaml");
    find("#check-button").click();
    assertThat(find("#estimate").getText()).contains("The config is valid: local, ml.g5.xlarge")
        .contains("sagemaker");
    screenshot("submit");

    find("#submit-button").click();
    await().until(ExpectedConditions.urlContains("#job/soen-browser-"));
    String job = browser.getCurrentUrl().replaceAll(".*#job/", "");
    await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"), "epoch 3/600"));
    await().until(d -> Integer.parseInt(d.findElement(By.id("chart-points")).getAttribute("data-points")) >= 3);
    assertThat(find("#chart canvas").isDisplayed()).isTrue();
    assertThat(find("#log").getText()).contains("key ****").doesNotContain(SECRET);
    assertThat(find("#cost-so-far").getText()).contains("so far");
    screenshot("job");

    find("#stop-button").click();
    await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("job-state"), "STOPPED"));

    open("jobs");
    assertThat(find("#jobs-table").getText()).contains(job).contains("STOPPED").contains("local");
    screenshot("jobs");
    for (String path : List.of("/api/jobs", "/api/jobs/" + job, "/api/jobs/" + job + "/events")) {
      String body = console.get(path).body();
      assertThat(body).as(path).doesNotContain(SECRET);
      if (path.endsWith("events")) {
        assertThat(body).contains("event: metrics").contains("key ****");
      }
    }
  }

  @Test
  @DisplayName("a bad config's problems show exactly as the CLI prints them, file:line:col")
  void badConfig_showsTheCliProblems() throws Exception {
    ConsoleHarness.write(console.work.resolve("bad.yaml"), """
        cloud:
          provider: local
          command: [python, train.py]
          instance:
            instance_typo: ml.g5.xlarge
            max_runtime_hours: -1
        """);
    open("submit");
    find("#config-path").clear();
    find("#config-path").sendKeys("bad.yaml");
    find("#check-button").click();
    String shown = find("#problems").getText();

    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CliContext ctx = CliContext.builder().out(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
        .err(new PrintStream(err, true, StandardCharsets.UTF_8)).environment(environment).home(console.home)
        .workingDirectory(console.work).build();
    SoenCloudCli.run(new String[] {"train", "--config", "bad.yaml", "--estimate"}, ctx);
    List<String> cli = err.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("Try ")).map(String::strip)
        .collect(Collectors.toList());

    assertThat(shown.lines().map(String::strip).collect(Collectors.toList())).isEqualTo(cli);
    assertThat(shown).contains("bad.yaml:5:").contains("instance_typo");
  }

  @Test
  @DisplayName("Credentials: a default saved from the page is in cloud_config.yaml and shown as user_config on reload")
  void credentials_saveDefault_writtenAndReadBack() throws Exception {
    open("credentials");
    WebElement experiment = find("input.setting[data-key='experiment']");
    experiment.clear();
    experiment.sendKeys("from-console");
    find("#save-settings").click();
    await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("save-result"), "Saved experiment"));
    assertThat(Files.readString(console.home.resolve("cloud_config.yaml"))).contains("experiment: from-console");

    open("credentials");
    WebElement row = find("input.setting[data-key='experiment']").findElement(By.xpath("ancestor::tr"));
    assertThat(find("input.setting[data-key='experiment']").getAttribute("value")).isEqualTo("from-console");
    assertThat(row.getText()).contains("user_config");
    WebElement secretRow = find("table[data-owner='lambdalabs']").findElement(By.xpath(".//tr[td//span[text()='lambda.api_key']]"));
    assertThat(secretRow.getText()).contains("set").contains("environment variable LAMBDA_API_KEY");

    new Select(find("#doctor-provider")).selectByValue("local");
    find("#doctor-button").click();
    await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("doctor"), "All checks passed."));
    find("#save-default").click();
    await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("save-result"), " in "));
    assertThat(Files.readString(console.home.resolve("cloud_config.yaml"))).contains("experiment: from-console")
        .doesNotContain(SECRET);
    assertThat(browser.getPageSource()).doesNotContain(SECRET);
    assertThat(console.get("/api/settings").body()).doesNotContain(SECRET);
    screenshot("credentials");
  }

  @Test
  @DisplayName("Pricing: filtered by GPU, sorted by on-demand price, spot beside on-demand, source and date")
  void pricing_filtersAndSorts() throws Exception {
    open("pricing");
    assertThat(find("#pricing-table").getText()).contains("sagemaker").contains("lambdalabs").contains("Spot/h");
    find("#filter-gpu").sendKeys("A100");
    List<WebElement> rows = find("#pricing-table").findElements(By.cssSelector("tbody tr"));
    assertThat(rows).isNotEmpty().allSatisfy(r -> assertThat(r.getText()).contains("A100"));
    ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
        "const f = document.getElementById('filter-gpu'); f.value = ''; f.dispatchEvent(new Event('input'));");
    find("button[data-sort='on_demand_usd_per_hour']").click();
    List<Double> prices = find("#pricing-table").findElements(By.cssSelector("tbody tr td:nth-child(4)")).stream()
        .map(e -> Double.parseDouble(e.getText().replace("$", ""))).collect(Collectors.toList());
    assertThat(prices).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    assertThat(browser.getPageSource()).doesNotContain(SECRET);
    assertThat(console.get("/api/pricing").body()).doesNotContain(SECRET);
    screenshot("pricing");
  }
}
