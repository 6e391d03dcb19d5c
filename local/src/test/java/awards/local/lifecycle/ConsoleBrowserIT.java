package awards.local.lifecycle;

import static awards.local.lifecycle.Workflow.kind;
import static org.assertj.core.api.Assertions.assertThat;

import awards.local.console.SampleEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real headless Chromium: a submitted nomination appears by itself, the clock
 * moves to the close, a judge's email is opened from the outbox and its link followed, the panel
 * decides, and the execution moves on the graph. Screenshots go to local/target/screenshots.
 */
class ConsoleBrowserIT {
    static final Path SHOTS = Path.of("target/screenshots");
    static Workflow w;
    static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        browser = Browser.start(1280, 1600);
        w = new Workflow(null);
        w.advanceTo(Instant.parse("2027-04-15T09:00:00Z"));
        w.putCycle(Workflow.demoCycle());
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (w != null) {
            w.close();
        }
    }

    static void shot(String name) throws Exception {
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Waits that look again when the page changes under them: the console replaces its tables every
     * two seconds, and a form post replaces the document mid-read.
     */
    static WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        wait.ignoring(org.openqa.selenium.WebDriverException.class);
        return wait;
    }

    /** Clicks, finding the element again if the page replaced it in between. */
    static void click(By by) {
        waiting().until(d -> {
            d.findElement(by).click();
            return true;
        });
    }

    static void accessible(String what) throws Exception {
        assertThat(Browser.axe(browser)).as("axe-core on " + what).isEmpty();
    }

    /** The inner box lies within the outer one (both SVG rects, in the same coordinates). */
    @Test
    void aJudgesWholeJourney_followedFromTheConsole() throws Exception {
        String console = w.runtime.endpoint("Console");
        // Signed out, the console sends the browser to sign in; the link the runtime printed signs it in.
        browser.get(console + "/#overview");
        assertThat(browser.getCurrentUrl()).startsWith(console + "/login");
        accessible("the sign-in page");
        browser.get(w.runtime.consoleSignInLink());
        browser.get(console + "/#overview");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Awards workflow console");
        assertThat(browser.findElements(By.cssSelector("nav[aria-label=Sections] a"))).hasSize(6);
        accessible("the console before any nomination");

        // A nomination submitted elsewhere appears without a reload.
        String reference = w.submit(SampleEvents.body(Workflow.ROOT, SampleEvents.MUTUAL_MENTORING)).path("reference").asText();
        waiting().until(d -> d.findElement(By.id("executions")).getText().contains(reference));
        assertThat(browser.findElement(By.id("executions")).getText()).contains("WaitForClose", "mentoring");
        shot("1-submitted");

        // The clock button moves to the close: the execution waits for its panel.
        assertThat(browser.findElement(By.id("next-milestone")).getText()).contains("Nominations close");
        click(By.id("advance"));
        waiting().until(d -> d.findElement(By.id("executions")).getText().contains("AwaitPanel"));
        waiting().until(d -> !d.findElements(By.cssSelector("#graph .badge[data-state=AwaitPanel]")).isEmpty());
        accessible("the executions view");
        shot("2-closed");

        // The outbox: open a judge's email (one per judge) as a mail client would show it, follow its
        // link to their list, open the nomination from it, decide.
        click(By.cssSelector("nav a[data-view=outbox]"));
        waiting().until(d -> d.findElement(By.id("messages")).getText().contains("Judging is open"));
        List<WebElement> invites = browser.findElements(By.xpath("//ul[@id='messages']//button[contains(., 'Judging is open')]"));
        assertThat(invites).hasSize(3);
        String[] links = new String[2];
        for (int i = 0; i < 2; i++) {
            click(By.cssSelector("nav a[data-view=outbox]"));
            waiting().until(d -> d.findElement(By.id("messages")).getText().contains("Judging is open"));
            click(By.xpath("(//ul[@id='messages']//button[contains(., 'Judging is open')])[" + (i + 1) + "]"));
            WebElement link = waiting().until(d -> d.findElement(By.cssSelector("#message a.mail-link")));
            assertThat(browser.findElement(By.cssSelector("#message iframe")).getAttribute("src")).endsWith("/html");
            if (i == 0) {
                Object sideways = ((JavascriptExecutor) browser).executeScript(
                        "const m = document.getElementById('messages'); return m.scrollWidth - m.clientWidth");
                assertThat(((Number) sideways).intValue()).as("the message list does not scroll sideways").isLessThanOrEqualTo(1);
                accessible("the outbox with a message open");
                shot("3-outbox");
            }
            links[i] = link.getAttribute("href");
            browser.get(links[i]);
            assertThat(browser.getTitle()).startsWith("Your nominations to judge");
            assertThat(browser.findElement(By.tagName("main")).getText()).contains("0 of 1 decided", "To do");
            if (i == 0) {
                accessible("a judge's list of nominations");
                shot("4-judge-list");
            }
            browser.findElement(By.linkText("Conversations: Connecting Diverse Voices")).click();
            assertThat(browser.getTitle()).isEqualTo("Judge a nomination");
            assertThat(browser.findElement(By.tagName("h2")).getText()).isEqualTo("Conversations: Connecting Diverse Voices");
            browser.findElement(By.cssSelector("input[name=decision][value=shortlist]")).click();
            browser.findElement(By.id("comment")).sendKeys("Evidence of lasting change across departments.");
            if (i == 0) {
                shot("4-judge-page");
            }
            browser.findElement(By.cssSelector("button[type=submit]")).click();
            waiting().until(d -> d.findElement(By.tagName("main")).getText().contains("You decided: shortlist"));
            browser.findElement(By.linkText("Back to your list of nominations")).click();
            waiting().until(d -> d.findElement(By.tagName("main")).getText().contains("1 of 1 decided"));
            assertThat(browser.findElement(By.tagName("main")).getText()).contains("Shortlist");
            browser.get(console + "/#outbox");
        }
        assertThat(links[0]).isNotEqualTo(links[1]);

        // The panel has decided; at the shortlist the execution moves on to wait for the chair.
        String execution = w.outbox().stream().filter(m -> kind(m).equals("JUDGE_QUEUE")).findFirst().orElseThrow().path("tags").asText();
        browser.get(console + "/#overview");
        // The judges' reminder comes first (those who have not decided are reminded), then the shortlist.
        waiting().until(d -> d.findElement(By.id("next-milestone")).getText().contains("Judges reminded"));
        click(By.id("advance"));
        waiting().until(d -> d.findElement(By.id("next-milestone")).getText().contains("Shortlist announced"));
        click(By.id("advance"));
        try {
            waiting().until(d -> d.findElement(By.id("executions")).getText().contains("AwaitAwards"));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("executions: " + browser.findElement(By.id("executions")).getText() + " / clock: "
                    + browser.findElement(By.id("now")).getText() + " / outbox: " + w.outbox().stream().map(Workflow::kind).toList(), e);
        }
        click(By.linkText(reference));
        waiting().until(d -> d.findElement(By.id("execution-heading")).getText().contains(reference));
        waiting().until(d -> !d.findElements(By.cssSelector("#graph .node.current[data-state=AwaitAwards]")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("#graph .node.visited[data-state=AwaitPanel]"))).isNotEmpty();
        assertThat(browser.findElement(By.id("events")).getText()).contains("ExecutionStarted", "TaskSubmitted", "TaskSucceeded");
        click(By.cssSelector("#events details summary"));
        waiting().until(d -> d.findElement(By.cssSelector("#events details[open] pre")).getText().contains("\"input\""));
        accessible("an execution's history");
        shot("5-execution-moved");
        assertThat(execution).contains("kind=JUDGE_QUEUE");

        // Nominations, and a narrow window.
        browser.get(console + "/#nominations");
        waiting().until(d -> d.findElement(By.id("nominations")).getText().contains(reference));
        assertThat(browser.findElement(By.id("nominations")).getText()).contains("SHORTLISTED", "shortlist");
        // Two of three decided it: the third judge is no longer awaited.
        assertThat(browser.findElement(By.id("nominations")).getText()).contains("not needed (panel decided)").doesNotContain("awaiting");
        accessible("the nominations view");
        // Judging progress: the panel that decided, and its judges (two decided, the third did not have to).
        browser.get(console + "/#judging");
        waiting().until(d -> d.findElements(By.cssSelector("#judging-judges tbody tr")).size() >= 3);
        // Read in one go: the view refreshes its rows every two seconds.
        Object decided = ((JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll('#judging-judges tbody tr')].reduce((sum, r) => sum + Number(r.cells[3].textContent), 0)");
        assertThat(((Number) decided).intValue()).as("decisions counted across judges").isGreaterThanOrEqualTo(2);
        assertThat(browser.findElement(By.id("judging-categories")).getText()).contains("Shortlisted");
        // "Send reminder now" after judging closed: refused, with why, and nothing sent.
        int emails = w.outbox().size();
        click(By.xpath("//button[normalize-space()='Send reminder now']"));
        waiting().until(d -> d.findElement(By.id("remind-result")).getText().contains("Judging is not open"));
        assertThat(w.outbox()).hasSize(emails);
        accessible("the judging view");
        browser.get(console + "/#milestones");
        waiting().until(d -> d.findElement(By.id("milestones")).getText().contains("Judges reminded"));
        accessible("the milestones view");
        assertThat(browser.findElement(By.id("csv")).getAttribute("href")).contains("/api/nominations.csv?cycleId=dia-2027");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        browser.get(console + "/#overview");
        waiting().until(d -> d.findElement(By.id("executions")).getText().contains(reference));
        Object overflow = ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(((Number) overflow).intValue()).as("no sideways scrolling on a phone").isLessThanOrEqualTo(1);
        accessible("the executions view on a phone");
        shot("6-narrow");
        browser.get(console + "/#judging");
        waiting().until(d -> !d.findElements(By.cssSelector("#judging-judges tbody tr")).isEmpty());
        Object judgingOverflow = ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(((Number) judgingOverflow).intValue()).as("the judging view: no sideways scrolling of the page on a phone").isLessThanOrEqualTo(1);
        accessible("the judging view on a phone");
        shot("6-judging-narrow");

        // A person's data, on the phone: what is held about the nominator, then its erasure in two steps.
        browser.get(console + "/#people");
        WebElement email = waiting().until(d -> d.findElement(By.id("person-email")));
        email.sendKeys("marcus.levene@example.gov.uk");
        click(By.cssSelector("#person button[value=export]"));
        waiting().until(d -> d.findElement(By.id("person-result")).getText().contains("What is held about marcus.levene@example.gov.uk"));
        assertThat(browser.findElement(By.id("person-result")).getText()).contains("1 nomination(s) made");
        accessible("a person's data, exported");
        shot("7-person");
        click(By.id("erase"));
        waiting().until(d -> d.findElement(By.id("confirm-erase")).isDisplayed());
        accessible("a person's erasure, to confirm");
        click(By.id("confirm-erase"));
        waiting().until(d -> d.findElement(By.id("person-result")).getText().contains("Erased"));
        assertThat(browser.findElement(By.id("person-result")).getText()).contains("nomination");
        assertThat(w.outbox().toString()).doesNotContain("marcus.levene@example.gov.uk");
    }
}
