package io.clothify.function.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clothify.function.testing.LocalWebServer;
import io.clothify.function.testing.TestImages;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in a real browser: {@code serve} with no options (the shipped clothing model) on 127.0.0.1, headless
 * Debian Chromium driven through its own chromedriver, a committed photo uploaded through the page's file input.
 * The label the page shows must be the API's answer for the same bytes. Screenshots of the answer, at desktop and
 * at phone width, go to {@code target/screenshots/} (the README shows copies from {@code function/docs/}).
 *
 * <p>Needs the {@code chromium} and {@code chromium-driver} packages ({@code .ci/run} installs them): with
 * {@code CI=true} a missing browser fails the test, elsewhere it skips it.
 */
class PageBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path PHOTO = Path.of("src/test/resources/images/t-shirt.jpg");
    static final Path SCREENSHOTS = Path.of("target/screenshots");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static ServeCommand.Serving serving;
    private static ChromeDriver browser;

    @BeforeAll
    static void start(@TempDir Path profile) throws Exception {
        requireChromium();
        // Loopback image URLs are allowed only so that the URL form can be tried against a local web server.
        serving = ServeCommand.start(List.of("--port", "0", "--allow-loopback-urls"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + profile, "--window-size=1280,900");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        // An explicit driver executable and browser binary: Selenium Manager is never asked to download anything.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (serving != null) {
            serving.close();
        }
    }

    @Test
    void showsTheApisAnswerForAnUploadedPhotoWithEveryClassAndTheModel() throws Exception {
        JsonNode expected = predict(Files.readAllBytes(PHOTO));
        JsonNode health = JSON.readTree(get("health").body());
        policyViolations(); // drains what earlier tests logged (the URL test's http image is blocked on purpose)
        browser.get(serving.server().url().toString());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("model"),
                health.at("/model/version").asText()));
        assertTrue(browser.findElement(By.id("model")).getText().contains(health.at("/model/name").asText()));

        browser.findElement(By.id("file")).sendKeys(PHOTO.toAbsolutePath().toString());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("result")));

        assertEquals(expected.get("label").asText(), browser.findElement(By.id("label")).getText());
        List<WebElement> bars = browser.findElements(By.cssSelector("#bars li"));
        assertEquals(expected.get("predictions").size(), bars.size(), "one bar per class");
        for (int i = 0; i < bars.size(); i++) {
            JsonNode p = expected.get("predictions").get(i);
            String percent = String.format(java.util.Locale.ROOT, "%.1f%%", p.get("probability").asDouble() * 100);
            assertEquals(p.get("label").asText() + " " + percent, bars.get(i).getText().replace('\n', ' '));
        }
        double top = bars.get(0).findElement(By.className("fill")).getSize().getWidth();
        double last = bars.get(bars.size() - 1).findElement(By.className("fill")).getSize().getWidth();
        assertTrue(top > last, "bars are drawn to scale (the CSP lets the script size them): " + top + " vs " + last);
        long shownWidth = (Long) ((JavascriptExecutor) browser)
                .executeScript("return document.getElementById('photo').naturalWidth");
        assertEquals(expected.at("/image/width").asLong(), shownWidth, "the page shows the photo it sent");

        screenshot("page-desktop.png", 1280);
        screenshot("page-phone.png", 390);
        browser.manage().window().setSize(new Dimension(1280, 900));
        assertEquals(List.of(), policyViolations(), "nothing on the page breaks its Content-Security-Policy");
    }

    @Test
    void showsAPhoneStylePhotoTurnedByItsExifOrientation(@TempDir Path dir) throws Exception {
        byte[] sideways = withExifOrientation6(Files.readAllBytes(PHOTO));
        Path file = Files.write(dir.resolve("sideways.jpg"), sideways);
        JsonNode expected = predict(sideways);

        browser.get(serving.server().url().toString());
        browser.findElement(By.id("file")).sendKeys(file.toAbsolutePath().toString());
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("result")));
        assertEquals(expected.get("label").asText(), browser.findElement(By.id("label")).getText());
        JavascriptExecutor js = browser;
        Object size = js.executeScript("const p = document.getElementById('photo');"
                + " return [p.naturalWidth, p.naturalHeight, p.width < p.height];");
        // 400x424 stored, orientation 6 (turn 90 degrees clockwise): the page shows it 424 wide, 400 high.
        assertEquals(List.of(424L, 400L, false), size);
    }

    @Test
    void classifiesAnImageUrlGivenInTheForm() throws Exception {
        try (LocalWebServer web = new LocalWebServer().bytes("/pants.jpg", "image/jpeg", TestImages.photo("pants.jpg"))) {
            String url = web.url("/pants.jpg");
            HttpResponse<String> direct = HTTP.send(HttpRequest.newBuilder(serving.server().url().resolve("predict"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("url", url).toString()))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, direct.statusCode(), direct.body());

            browser.get(serving.server().url().toString());
            browser.findElement(By.id("url")).sendKeys(url + Keys.ENTER);
            new WebDriverWait(browser, Duration.ofSeconds(30))
                    .until(ExpectedConditions.visibilityOfElementLocated(By.id("result")));
            assertEquals(JSON.readTree(direct.body()).get("label").asText(),
                    browser.findElement(By.id("label")).getText());
            assertEquals(2, web.hits("/pants.jpg"), "the server fetched the image, once per call");
            // The policy shows https: images only; this plain-http one is refused, which proves violations are seen.
            assertTrue(policyViolations().stream().anyMatch(v -> v.contains(url)), "the http image was refused");
        }
    }

    @Test
    void showsTheApisErrorMessageForAFileThatIsNotAPhoto(@TempDir Path dir) throws Exception {
        byte[] text = "these are not the pixels you are looking for".getBytes();
        Path file = Files.write(dir.resolve("not-a-photo.jpg"), text);
        HttpResponse<String> refusal = HTTP.send(HttpRequest.newBuilder(serving.server().url().resolve("predict"))
                .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(text))
                .build(), HttpResponse.BodyHandlers.ofString());
        JsonNode error = JSON.readTree(refusal.body());

        browser.get(serving.server().url().toString());
        browser.findElement(By.id("file")).sendKeys(file.toAbsolutePath().toString());
        WebElement shown = new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        assertEquals(error.get("message").asText() + " (" + error.get("error").asText() + ", HTTP "
                + refusal.statusCode() + ").", shown.getText());
        assertTrue(!browser.findElement(By.id("result")).isDisplayed(), "no stale answer next to the error");
    }

    @Test
    void theFileChooserIsTheFirstControlReachedWithTheKeyboard() {
        browser.get(serving.server().url().toString());
        browser.findElement(By.tagName("body")).sendKeys(Keys.TAB);
        assertEquals("file", browser.switchTo().activeElement().getAttribute("id"));
        String label = browser.findElement(By.cssSelector("label[for=file]")).getText();
        assertEquals("Choose a photo", label);
    }

    private static void requireChromium() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "true".equals(System.getenv("CI"))) {
            fail("CI needs " + CHROMIUM + " and " + CHROMEDRIVER + ": apt-get install chromium chromium-driver");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(present, "Chromium is not installed; skipping the browser test");
    }

    /** A screenshot of the whole page at this width; the page must not scroll sideways. */
    private static void screenshot(String name, int width) throws Exception {
        browser.manage().window().setSize(new Dimension(width, 900));
        JavascriptExecutor js = browser;
        long height = (Long) js.executeScript("return document.documentElement.scrollHeight"
                + " + window.outerHeight - window.innerHeight");
        browser.manage().window().setSize(new Dimension(width, (int) height));
        long scrollWidth = (Long) js.executeScript("return document.documentElement.scrollWidth");
        long innerWidth = (Long) js.executeScript("return window.innerWidth");
        assertTrue(scrollWidth <= innerWidth, name + ": the page is " + scrollWidth + " px wide in a " + innerWidth
                + " px window");
        Files.createDirectories(SCREENSHOTS);
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static List<String> policyViolations() {
        List<String> violations = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            if (entry.getMessage().contains("Content Security Policy")) {
                violations.add(entry.getMessage());
            }
        }
        return violations;
    }

    /** The JPEG with an EXIF APP1 segment (Orientation = 6, as phones store portrait photos) after its APP0. */
    static byte[] withExifOrientation6(byte[] jpeg) {
        byte[] tiff = {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0};
        byte[] exif = new byte[6 + tiff.length];
        System.arraycopy("Exif\0\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, exif, 0, 6);
        System.arraycopy(tiff, 0, exif, 6, tiff.length);
        int app0End = 4 + (((jpeg[4] & 0xff) << 8) | (jpeg[5] & 0xff)); // SOI, then APP0's marker and length
        var out = new java.io.ByteArrayOutputStream();
        out.write(jpeg, 0, app0End);
        out.write(0xff);
        out.write(0xe1);
        out.write((exif.length + 2) >> 8);
        out.write((exif.length + 2) & 0xff);
        out.writeBytes(exif);
        out.write(jpeg, app0End, jpeg.length - app0End);
        return out.toByteArray();
    }

    private static JsonNode predict(byte[] photo) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(serving.server().url().resolve("predict"))
                .header("Content-Type", "image/jpeg").POST(HttpRequest.BodyPublishers.ofByteArray(photo)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(serving.server().url().resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
