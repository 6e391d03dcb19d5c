package awards.local.lifecycle;

import static awards.local.lifecycle.Workflow.kind;
import static org.assertj.core.api.Assertions.assertThat;

import awards.local.console.SampleEvents;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The entrants' pages in a real headless Chromium, as an entrant meets them: the awards on
 * {@code /}, the form with a mistake of each kind, every error at once, the answers checked and
 * one changed, the nomination sent, the receipt opened from the outbox, the status page, a
 * correction, a withdrawal. axe-core checks every page; every page fits a 320 px screen. Also:
 * the journey by keyboard alone, the form with JavaScript off, and the form and the JSON API
 * refusing the same answers in the same words. Screenshots go to local/target/screenshots.
 */
class EntrantPagesBrowserIT {
    static final Path SHOTS = Path.of("target/screenshots");
    static Workflow w;
    static ChromeDriver browser;
    static JsonNode sample;

    @BeforeAll
    static void start() throws Exception {
        browser = Browser.start(1024, 1400);
        w = new Workflow(null);
        w.advanceTo(Instant.parse("2027-04-15T09:00:00Z"));
        w.putCycle(Workflow.demoCycle());
        sample = Workflow.JSON.readTree(SampleEvents.body(Workflow.ROOT, SampleEvents.SOCIAL_MOBILITY));
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

    static void shot(WebDriver driver, String name) throws Exception {
        // The whole page, as tall as it is.
        Object height = ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollHeight");
        var size = driver.manage().window().getSize();
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(size.getWidth(), Math.min(((Number) height).intValue() + 140, 6000)));
        Files.copy(((ChromeDriver) driver).getScreenshotAs(OutputType.FILE).toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        driver.manage().window().setSize(size);
    }

    /** axe-core finds nothing, and the page does not scroll sideways on a 320 px wide screen. */
    static void checked(WebDriver driver, String what) throws Exception {
        assertThat(Browser.axe(driver)).as("axe-core on " + what).isEmpty();
        var size = driver.manage().window().getSize();
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(320, 800));
        Object overflow = ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(((Number) overflow).intValue()).as(what + " on a 320 px screen scrolls sideways").isLessThanOrEqualTo(0);
        driver.manage().window().setSize(size);
        assertThat(driver.getPageSource()).as(what + " loads nothing from elsewhere").doesNotContain("https://cdn", "googleapis", "unpkg");
    }

    static WebDriverWait waiting(WebDriver driver) {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    static void type(WebDriver driver, String id, String text) {
        WebElement e = driver.findElement(By.id(id));
        e.clear();
        e.sendKeys(text);
    }

    /** A long text put in at once, as a paste would put it, then a key pressed in it (the word count counts on keys). */
    static void paste(WebDriver driver, String id, String text) {
        WebElement e = driver.findElement(By.id(id));
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1]", e, text);
        e.sendKeys(Keys.END);
    }

    /** Presses a form's button, and waits for the page it leads to (its title starts so). */
    static void press(WebDriver driver, String button, String nextTitle) {
        driver.findElement(By.xpath("//button[normalize-space()='" + button + "']")).click();
        waiting(driver).until(d -> d.getTitle().startsWith(nextTitle));
    }

    static String main(WebDriver driver) {
        return driver.findElement(By.tagName("main")).getText();
    }

    @Test
    void anEntrantsWholeJourney() throws Exception {
        String api = w.api();
        browser.get(api + "/");
        assertThat(main(browser)).contains("Diversity and Inclusion Awards 2027", "Nominations are open until 3 May 2027 at 17:00 BST",
                "Social Mobility Champion", "reverse mentoring", "Shortlist announced");
        checked(browser, "the home page");
        shot(browser, "entrant-1-home");
        browser.findElement(By.partialLinkText("Start a nomination")).click();
        waiting(browser).until(d -> d.getTitle().startsWith("Nominate for the Diversity and Inclusion Awards 2027"));
        checked(browser, "the empty form");
        assertThat(browser.findElement(By.id("citation-info")).getText()).contains("500 words");

        // One mistake of each kind: missing choices and answers, too many words, a link that is
        // not one, a text-direction control in a name, an address that is not one, a box unticked.
        browser.findElement(By.id("nominee-kind-3")).click();
        type(browser, "nominee-organisation", "Department for Exiting the European Union");
        String tooLong = "word ".repeat(501).strip();
        paste(browser, "citation", tooLong);
        // The word count (GOV.UK Frontend's, with JavaScript) says so as one types.
        waiting(browser).until(d -> d.findElement(By.cssSelector(".govuk-character-count__status")).getText().contains("1 word too many"));
        type(browser, "links", "not a link");
        type(browser, "nominator-name", "Joanna \u202EPike");
        type(browser, "nominator-email", "joanna.pike");
        type(browser, "nominator-organisation", "Department for Exiting the European Union");
        browser.findElement(By.id("confirmations-dataConsent")).click();
        press(browser, "Continue", "Error: ");
        List<String> errors = browser.findElements(By.cssSelector(".govuk-error-summary__list a")).stream().map(WebElement::getText).toList();
        assertThat(errors).containsExactly(
                "The category is required",
                "The nominee's name is required",
                "The citation has 501 words; the limit is 500",
                "Supporting link 1 must be an http or https address of at most 2000 characters",
                "Your name must not contain text-direction control characters (U+202A to U+202E, U+2066 to U+2069)",
                "Your email address is not an email address: it needs one @ with a name before it and a domain after it",
                "Confirmation that the nominee knows is required: the nominee must know they are nominated");
        // Each error leads to its question, and every answer is still there.
        for (WebElement link : browser.findElements(By.cssSelector(".govuk-error-summary__list a"))) {
            String target = link.getAttribute("href").replaceAll(".*#", "");
            assertThat(browser.findElements(By.id(target))).as(link.getText()).hasSize(1);
        }
        assertThat(browser.findElement(By.id("citation")).getAttribute("value")).isEqualTo(tooLong);
        assertThat(browser.findElement(By.id("nominator-email")).getAttribute("value")).isEqualTo("joanna.pike");
        assertThat(browser.findElement(By.id("nominee-kind-3")).isSelected()).isTrue();
        assertThat(browser.findElement(By.id("confirmations-dataConsent")).isSelected()).isTrue();
        checked(browser, "the form with errors");
        shot(browser, "entrant-2-errors");
        // What the README shows: the top of the page, as a laptop's window would.
        var size = browser.manage().window().getSize();
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(900, 1100));
        ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), SHOTS.resolve("entrant-form.png"), StandardCopyOption.REPLACE_EXISTING);
        browser.manage().window().setSize(size);

        // Corrected.
        browser.findElement(By.id("category")).click();
        type(browser, "nominee-name", sample.at("/nominee/name").asText());
        paste(browser, "citation", sample.path("citation").asText());
        type(browser, "links", "https://www.socialmobility.org.uk/");
        type(browser, "nominator-name", "Joanna Pike");
        type(browser, "nominator-email", "joanna.pike@example.gov.uk");
        browser.findElement(By.id("confirmations-nomineeAware")).click();
        press(browser, "Continue", "Check your answers");

        // Check your answers; change one, and come back to them.
        assertThat(main(browser)).contains("Social Mobility Champion", "DExEU Social Mobility Network", "A staff network",
                "https://www.socialmobility.org.uk/", "joanna.pike@example.gov.uk");
        checked(browser, "the check page");
        browser.findElement(By.xpath("//button[contains(., 'Change') and contains(., 'your organisation')]")).click();
        waiting(browser).until(d -> d.getCurrentUrl().endsWith("#nominator-organisation"));
        assertThat(browser.findElement(By.id("citation")).getAttribute("value")).isEqualTo(sample.path("citation").asText());
        type(browser, "nominator-organisation", "Cabinet Office");
        press(browser, "Continue", "Check your answers");
        assertThat(main(browser)).contains("Cabinet Office");
        shot(browser, "entrant-3-check");
        press(browser, "Send nomination", "Nomination sent");

        // Sent: the reference, and what happens next.
        WebElement panel = waiting(browser).until(d -> d.findElement(By.className("govuk-panel")));
        assertThat(panel.getText()).contains("Nomination sent").containsPattern("DIA-2027-\\d{4}");
        String reference = panel.getText().replaceAll("(?s).*(DIA-2027-\\d{4}).*", "$1");
        checked(browser, "the confirmation");
        shot(browser, "entrant-4-sent");
        // A reload sends the same answers with the same key: the same nomination, no second one.
        browser.navigate().refresh();
        try {
            browser.switchTo().alert().accept();
        } catch (org.openqa.selenium.NoAlertPresentException none) {
            // headless Chromium resubmits without asking
        }
        assertThat(waiting(browser).until(d -> d.findElement(By.className("govuk-panel"))).getText()).contains(reference);
        assertThat(w.outbox().stream().filter(m -> kind(m).equals("RECEIPT") && m.path("to").toString().contains("joanna.pike")).toList()).hasSize(1);

        // The receipt, opened from the outbox in the console as a mail client shows it; its link.
        browser.get(w.runtime.consoleSignInLink());
        browser.get(w.runtime.endpoint("Console") + "/#outbox");
        waiting(browser).until(d -> d.findElement(By.id("messages")).getText().contains(reference));
        browser.findElement(By.xpath("//ul[@id='messages']//button[contains(., '" + reference + "')]")).click();
        String statusLink = waiting(browser).until(d -> d.findElement(By.cssSelector("#message a.mail-link"))).getAttribute("href");
        assertThat(statusLink).startsWith(api + "/nominations/").contains("?token=");
        browser.get(statusLink);
        assertThat(browser.getTitle()).startsWith("Your nomination of DExEU Social Mobility Network");
        assertThat(main(browser)).contains(reference, "Sent", "Nominations close on 3 May 2027 at 17:00 BST; until then you can withdraw");
        checked(browser, "the status page");
        shot(browser, "entrant-5-status");
        // The same address answers JSON to an API client.
        HttpResponse<String> json = w.get(statusLink);
        assertThat(json.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(w.json(json).path("reference").asText()).isEqualTo(reference);

        // A correction: the same form, filled in; the change is saved and audited.
        browser.findElement(By.linkText("Change your nomination")).click();
        waiting(browser).until(d -> d.getTitle().startsWith("Change your nomination"));
        assertThat(browser.findElement(By.id("nominee-name")).getAttribute("value")).isEqualTo("DExEU Social Mobility Network");
        checked(browser, "the correction form");
        paste(browser, "citation", "Corrected: " + sample.path("citation").asText());
        press(browser, "Save changes", "Your nomination of");
        assertThat(browser.findElement(By.className("govuk-notification-banner")).getText()).contains("Your nomination has been updated.");
        assertThat(main(browser)).contains("Corrected: The network started");
        checked(browser, "the status page after a correction");

        // Withdrawn, after an "are you sure?".
        browser.findElement(By.linkText("Withdraw your nomination")).click();
        waiting(browser).until(d -> d.getTitle().startsWith("Are you sure you want to withdraw"));
        checked(browser, "the withdrawal's confirmation");
        shot(browser, "entrant-6-withdraw");
        press(browser, "Yes, withdraw it", "Nomination withdrawn");
        assertThat(browser.findElement(By.className("govuk-panel")).getText()).contains("Nomination withdrawn", reference);
        checked(browser, "the withdrawal");
        browser.get(statusLink);
        assertThat(main(browser)).contains("Withdrawn", "This nomination was withdrawn.").doesNotContain("Withdraw your nomination");
        assertThat(w.json(w.get(statusLink)).path("status").asText()).isEqualTo("WITHDRAWN");
    }

    /** Tabs from the current focus to the element, as a keyboard user would (at most 80 presses). */
    static void tabTo(WebDriver driver, By target) {
        WebElement wanted = driver.findElement(target);
        for (int i = 0; i < 80; i++) {
            if (driver.switchTo().activeElement().equals(wanted)) {
                return;
            }
            new org.openqa.selenium.interactions.Actions(driver).sendKeys(Keys.TAB).perform();
        }
        throw new AssertionError("the keyboard never reaches " + target);
    }

    static void keys(WebDriver driver, CharSequence... keys) {
        new org.openqa.selenium.interactions.Actions(driver).sendKeys(keys).perform();
    }

    @Test
    void theWholeJourney_byKeyboardAlone() throws Exception {
        ChromeDriver kb = Browser.start(1024, 1400);
        try {
            kb.get(w.api() + "/");
            tabTo(kb, By.partialLinkText("Start a nomination"));
            keys(kb, Keys.ENTER);
            waiting(kb).until(d -> d.getTitle().startsWith("Nominate"));
            tabTo(kb, By.id("category"));
            keys(kb, Keys.SPACE);
            tabTo(kb, By.id("nominee-name"));
            keys(kb, "Cross-Government Mutual Mentoring Programme");
            tabTo(kb, By.id("nominee-kind"));
            keys(kb, Keys.ARROW_DOWN, Keys.ARROW_DOWN, Keys.ARROW_DOWN); // a programme
            tabTo(kb, By.id("nominee-organisation"));
            keys(kb, "Civil Service");
            tabTo(kb, By.id("citation"));
            keys(kb, "Pairs senior leaders with junior colleagues across departments; both learn.");
            tabTo(kb, By.id("nominator-name"));
            keys(kb, "Ravi Shah");
            tabTo(kb, By.id("nominator-email"));
            keys(kb, "ravi.shah@example.gov.uk");
            tabTo(kb, By.id("nominator-organisation"));
            keys(kb, "HM Revenue and Customs");
            tabTo(kb, By.id("confirmations-nomineeAware"));
            keys(kb, Keys.SPACE);
            tabTo(kb, By.id("confirmations-dataConsent"));
            keys(kb, Keys.SPACE);
            tabTo(kb, By.xpath("//button[normalize-space()='Continue']"));
            keys(kb, Keys.ENTER);
            waiting(kb).until(d -> d.getTitle().startsWith("Check your answers"));
            assertThat(main(kb)).contains("A programme", "Ravi Shah");
            tabTo(kb, By.xpath("//button[normalize-space()='Send nomination']"));
            keys(kb, Keys.ENTER);
            String panel = waiting(kb).until(d -> d.findElement(By.className("govuk-panel"))).getText();
            assertThat(panel).contains("Nomination sent");
            // The status page, correction and withdrawal, by keyboard too.
            String statusLink = statusLinkFor("ravi.shah@example.gov.uk");
            kb.get(statusLink);
            tabTo(kb, By.linkText("Withdraw your nomination"));
            keys(kb, Keys.ENTER);
            waiting(kb).until(d -> d.getTitle().startsWith("Are you sure"));
            tabTo(kb, By.xpath("//button[normalize-space()='Yes, withdraw it']"));
            keys(kb, Keys.ENTER);
            assertThat(waiting(kb).until(d -> d.findElement(By.className("govuk-panel"))).getText()).contains("Nomination withdrawn");
        } finally {
            kb.quit();
        }
    }

    /** The status link in the newest receipt sent to {@code address}. */
    static String statusLinkFor(String address) {
        List<JsonNode> receipts = w.outbox().stream().filter(m -> kind(m).equals("RECEIPT") && m.toString().contains(address)).toList();
        assertThat(receipts).isNotEmpty();
        return receipts.getLast().path("links").path(0).asText();
    }

    @Test
    void withJavaScriptOff_theFormSendsTheSameNominationAsTheApi() throws Exception {
        ChromeDriver plain = Browser.start(1024, 1400, false);
        try {
            JsonNode body = Workflow.JSON.readTree(SampleEvents.body(Workflow.ROOT, SampleEvents.MUTUAL_MENTORING));
            String address = "js.off@example.gov.uk";
            plain.get(w.api() + "/cycles/dia-2027/nominate");
            assertThat(plain.findElement(By.tagName("body")).getAttribute("class")).doesNotContain("js-enabled");
            plain.findElement(By.cssSelector("input[name=category][value='" + body.path("category").asText() + "']")).click();
            type(plain, "nominee-name", body.at("/nominee/name").asText());
            plain.findElement(By.cssSelector("input[name='nominee.kind'][value='" + body.at("/nominee/kind").asText() + "']")).click();
            type(plain, "nominee-organisation", body.at("/nominee/organisation").asText());
            paste(plain, "citation", body.path("citation").asText());
            List<String> links = new ArrayList<>();
            body.path("links").forEach(l -> links.add(l.asText()));
            type(plain, "links", String.join("\n", links));
            type(plain, "nominator-name", body.at("/nominator/name").asText());
            type(plain, "nominator-email", address);
            type(plain, "nominator-organisation", body.at("/nominator/organisation").asText());
            plain.findElement(By.id("confirmations-nomineeAware")).click();
            plain.findElement(By.id("confirmations-dataConsent")).click();
            press(plain, "Continue", "Check your answers");
            press(plain, "Send nomination", "Nomination sent");
            assertThat(plain.findElement(By.className("govuk-panel")).getText()).contains("Nomination sent");
        } finally {
            plain.quit();
        }
        // The same answers through the JSON API, from another address; then both as stored.
        JsonNode body = Workflow.JSON.readTree(SampleEvents.body(Workflow.ROOT, SampleEvents.MUTUAL_MENTORING));
        ((com.fasterxml.jackson.databind.node.ObjectNode) body.path("nominator")).put("email", "api.client@example.gov.uk");
        w.submit(body.toString());
        JsonNode fromForm = export("js.off@example.gov.uk").at("/nominations/0/submission");
        JsonNode fromApi = export("api.client@example.gov.uk").at("/nominations/0/submission");
        assertThat(fromForm.isMissingNode()).as(export("js.off@example.gov.uk").toString()).isFalse();
        ((com.fasterxml.jackson.databind.node.ObjectNode) fromApi.path("nominator")).put("email", "js.off@example.gov.uk");
        assertThat(fromForm).isEqualTo(fromApi);
    }

    static JsonNode export(String address) {
        HttpResponse<String> r = w.send(HttpRequest.newBuilder(URI.create(w.api() + "/admin/people/export"))
                .header("Authorization", "Bearer " + w.runtime.adminToken()).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + address + "\"}")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return w.json(r);
    }

    /**
     * One validator: each refused sample of {@code events/api}, sent as JSON and as the form, is
     * refused with the same problems, in the same words (the page puts the question's name first),
     * each leading to its question.
     */
    @Test
    void theFormAndTheApi_refuseTheSameAnswers_inTheSameWords() throws Exception {
        for (String name : List.of("bad-email", "bad-links", "bad-missing-fields", "bad-name-too-long", "bad-over-word-limit",
                "bad-unknown-category", "bad-crlf-in-name", "bad-bidi-in-name", "bad-invisible-name")) {
            JsonNode event = Workflow.JSON.readTree(Files.readString(Workflow.ROOT.resolve("events/api/" + name + ".json")));
            String json = event.path("body").asText();
            HttpResponse<String> api = w.send(HttpRequest.newBuilder(URI.create(w.api() + "/nominations")).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)));
            assertThat(api.statusCode()).as(name + ": " + api.body()).isEqualTo(400);
            HttpResponse<String> page = w.send(HttpRequest.newBuilder(URI.create(w.api() + "/cycles/dia-2027/nominate"))
                    .header("content-type", "application/x-www-form-urlencoded").header("Origin", w.api())
                    .POST(HttpRequest.BodyPublishers.ofString(form(Workflow.JSON.readTree(json)))));
            assertThat(page.statusCode()).as(name).isEqualTo(400);
            Document html = Jsoup.parse(page.body());
            List<String> shown = html.select(".govuk-error-summary__list a").eachText();
            List<String> expected = new ArrayList<>();
            for (JsonNode e : w.json(api).path("errors")) {
                String field = e.path("field").asText();
                String id = (field.startsWith("links") ? "links" : field).replace('.', '-');
                // Every problem is in the summary, ending in the API's words, and leads to its field.
                assertThat(shown).as(name + ": " + field).anyMatch(s -> s.contains(e.path("message").asText()));
                assertThat(html.select(".govuk-error-summary__list a[href=#" + id + "]")).as(name + ": link to " + id).isNotEmpty();
                assertThat(html.getElementById(id)).as(name + ": field " + id).isNotNull();
                expected.add(id);
            }
            assertThat(html.select(".govuk-error-summary__list a").eachAttr("href")).as(name)
                    .containsExactlyInAnyOrderElementsOf(expected.stream().distinct().map(id -> "#" + id).toList());
        }
    }

    /** A JSON body as the form would post it (a form can hold only text: a non-string value is sent as its text). */
    static String form(JsonNode body) {
        Map<String, Function<JsonNode, JsonNode>> fields = new java.util.LinkedHashMap<>();
        fields.put("category", b -> b.path("category"));
        fields.put("nominee.name", b -> b.at("/nominee/name"));
        fields.put("nominee.kind", b -> b.at("/nominee/kind"));
        fields.put("nominee.organisation", b -> b.at("/nominee/organisation"));
        fields.put("nominator.name", b -> b.at("/nominator/name"));
        fields.put("nominator.email", b -> b.at("/nominator/email"));
        fields.put("nominator.organisation", b -> b.at("/nominator/organisation"));
        fields.put("citation", b -> b.path("citation"));
        StringBuilder out = new StringBuilder();
        fields.forEach((name, at) -> {
            JsonNode v = at.apply(body);
            if (!v.isMissingNode() && !v.isNull()) {
                out.append(out.isEmpty() ? "" : "&").append(name).append('=').append(URLEncoder.encode(v.asText(), StandardCharsets.UTF_8));
            }
        });
        List<String> links = new ArrayList<>();
        body.path("links").forEach(l -> links.add(l.asText()));
        out.append("&links=").append(URLEncoder.encode(String.join("\n", links), StandardCharsets.UTF_8));
        if (body.at("/confirmations/nomineeAware").asBoolean(false)) {
            out.append("&confirmations.nomineeAware=yes");
        }
        if (body.at("/confirmations/dataConsent").asBoolean(false)) {
            out.append("&confirmations.dataConsent=yes");
        }
        return out.toString();
    }
}
