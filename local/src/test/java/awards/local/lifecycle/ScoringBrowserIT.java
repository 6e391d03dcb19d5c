package awards.local.lifecycle;

import static awards.local.lifecycle.EntrantPagesBrowserIT.checked;
import static awards.local.lifecycle.EntrantPagesBrowserIT.keys;
import static awards.local.lifecycle.EntrantPagesBrowserIT.main;
import static awards.local.lifecycle.EntrantPagesBrowserIT.tabTo;
import static awards.local.lifecycle.EntrantPagesBrowserIT.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import awards.local.console.SampleEvents;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A judge scores in headless Chromium by keyboard alone: from their list to an entry, a radio
 * button per criterion chosen with the arrow keys, a comment, saved; a form sent with a criterion
 * left out is refused and says which. The chair's leaderboard, before and after the round closes.
 * axe-core finds nothing on any of these pages, and none scrolls sideways on a 320 px screen.
 */
class ScoringBrowserIT {
    @Test
    void aJudgeScoresByKeyboard_andTheChairSeesTheLeaderboard() throws Exception {
        ChromeDriver kb = Browser.start(1024, 1400);
        try (Workflow w = new Workflow(null)) {
            w.advanceTo(Instant.parse("2027-04-15T09:00:00Z"));
            w.putCycle(ScoringIT.scoredCycle());
            ObjectNode body = (ObjectNode) Workflow.JSON.readTree(SampleEvents.body(Workflow.ROOT, SampleEvents.SOCIAL_MOBILITY));
            JsonNode receipt = w.submit(body.toString());
            w.advanceTo(Instant.parse("2027-05-03T16:00:00Z").plus(awards.cycle.Plan.WAKE_WINDOW).plusSeconds(1));
            Workflow.await("the judges' lists", () -> w.judgeInvites().size() == 3);
            List<JsonNode> seats = w.judgeInvites();
            String entry = seats.get(0).path("links").get(0).asText();
            String queue = entry.substring(0, entry.indexOf('?'));

            kb.get(queue);
            checked(kb, "a judge's list");
            assertThat(main(kb)).contains("To do").contains(receipt.path("reference").asText());
            tabTo(kb, By.partialLinkText(body.path("nominee").path("name").asText()));
            keys(kb, Keys.ENTER);
            waiting(kb).until(d -> d.getTitle().startsWith("Score a nomination"));
            checked(kb, "an entry's scoring form");
            assertThat(kb.findElements(By.cssSelector("a[rel='noopener noreferrer']"))).as("supporting links are links").isNotEmpty();

            // Impact only (Reach left out), sent: refused, saying what is missing.
            tabTo(kb, By.cssSelector("input[name=c0][value='1']"));
            keys(kb, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT); // 4
            ((org.openqa.selenium.JavascriptExecutor) kb).executeScript("document.querySelectorAll('[required]').forEach(e => e.removeAttribute('required'))");
            tabTo(kb, By.xpath("//button[normalize-space()='Save my scores']"));
            keys(kb, Keys.ENTER);
            waiting(kb).until(d -> d.findElements(By.cssSelector("[role=alert]")).size() == 1);
            assertThat(main(kb)).contains("Not scored: Reach");
            checked(kb, "a refused scoring form");
            assertThat(kb.findElement(By.cssSelector("input[name=c0][value='4']")).isSelected()).as("what the judge chose is kept").isTrue();

            // Reach 3 and a comment: saved, and shown as saved.
            tabTo(kb, By.cssSelector("input[name=c1][value='1']"));
            keys(kb, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT); // 3
            tabTo(kb, By.id("comment"));
            keys(kb, "Senior leaders changed how they promote.");
            tabTo(kb, By.xpath("//button[normalize-space()='Save my scores']"));
            keys(kb, Keys.ENTER);
            waiting(kb).until(d -> d.findElements(By.cssSelector("[role=status]")).stream().anyMatch(e -> e.getText().contains("Your scores were saved")));
            checked(kb, "a saved scoring form");
            assertThat(kb.findElement(By.cssSelector("input[name=c1][value='3']")).isSelected()).isTrue();
            tabTo(kb, By.linkText("Back to your list of nominations"));
            keys(kb, Keys.ENTER);
            waiting(kb).until(d -> main(d).contains("Scored"));

            // The round closes: the chair's leaderboard, with its shortlist form.
            w.advanceTo(Instant.parse("2027-07-20T16:00:01Z").plus(Workflow.ROUNDS_EVERY));
            Workflow.await("the chair's leaderboard email", () -> w.outbox().stream().anyMatch(m -> Workflow.kind(m).startsWith("CHAIR_SHORTLIST")));
            String board = w.outbox().stream().filter(m -> Workflow.kind(m).startsWith("CHAIR_SHORTLIST")).findFirst().orElseThrow()
                    .path("links").get(0).asText();
            kb.get(board);
            checked(kb, "the chair's leaderboard");
            assertThat(main(kb)).contains("3.67").contains("1 of 3").contains("Leaderboard, 1 entry");
            kb.findElement(By.tagName("summary")).click();
            assertThat(main(kb)).as("the judges' comments open").contains("Senior leaders changed how they promote.");
            assertThat(kb.findElement(By.cssSelector("input[name=entry]")).isSelected()).as("the default cut is ticked").isTrue();
            tabTo(kb, By.xpath("//button[normalize-space()='Confirm the shortlist']"));
            keys(kb, Keys.ENTER);
            waiting(kb).until(d -> main(d).contains("The shortlist is confirmed"));
            checked(kb, "the confirmed leaderboard");
        } finally {
            kb.quit();
        }
    }
}
