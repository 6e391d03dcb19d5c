package awards.local.lifecycle;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's headless Chromium and ChromeDriver (installed by .ci/run), never a downloaded browser. */
public final class Browser {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private Browser() {}

    /** axe-core, installed from tools/package-lock.json (the build runs npm ci there when it is missing). */
    private static final Path AXE = Path.of("../tools/node_modules/axe-core/axe.min.js");
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * The page's accessibility violations as axe-core finds them against WCAG 2.2 A and AA (the
     * level GOV.UK services must meet), one line each: rule, impact, what it asks, where.
     */
    public static java.util.List<String> axe(org.openqa.selenium.WebDriver driver) throws java.io.IOException {
        if (!Files.exists(AXE)) {
            throw new IllegalStateException(AXE + " is missing: run (cd tools && npm ci)");
        }
        var js = (org.openqa.selenium.JavascriptExecutor) driver;
        js.executeScript(Files.readString(AXE));
        Object result = js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})
                  .then(r => done(JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                      where: v.nodes.map(n => n.target.join(' ')).slice(0, 5)})))))
                  .catch(e => done('axe failed: ' + e));""");
        String text = String.valueOf(result);
        if (text.startsWith("axe failed")) {
            throw new IllegalStateException(text);
        }
        java.util.List<String> out = new java.util.ArrayList<>();
        for (var v : JSON.readTree(text)) {
            out.add(v.path("id").asText() + " (" + v.path("impact").asText() + "): " + v.path("help").asText() + " at " + v.path("where"));
        }
        return out;
    }

    public static ChromeDriver start(int width, int height) {
        return start(width, height, true);
    }

    /** {@code javascript} false: as a browser with JavaScript turned off (the pages must work without it). */
    public static ChromeDriver start(int width, int height, boolean javascript) {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "Chromium and ChromeDriver are not installed (apt-get install chromium chromium-driver)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=" + width + "," + height);
        if (!javascript) {
            options.setExperimentalOption("prefs", java.util.Map.of("profile.managed_default_content_settings.javascript", 2));
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
        return new ChromeDriver(service, options);
    }
}
