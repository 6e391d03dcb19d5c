package awards.local.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import awards.local.console.SampleEvents;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * What JudgingLinksSecurityIT shows of a judge's seat holds for every other judging link (issue 13):
 * the judge's list, the chair's leaderboard and the chair's awards choice. Opened five times, by
 * HEAD, and in Chromium with JavaScript on (and reloaded), none of them changes anything; a tampered
 * link is the same plain 404 as an unknown one; each page loads nothing from anywhere.
 */
class ChairLinksSecurityIT {
    @TempDir
    Path data;

    /** Opens {@code link} as mail scanners and people do, then checks with {@code unchanged} that nothing moved. */
    private static void inert(Workflow w, String link, String title, String notFound, Supplier<Boolean> unchanged) {
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> page = w.get(link);
            assertThat(page.statusCode()).as(link).isEqualTo(200);
            assertThat(page.headers().firstValue("referrer-policy")).hasValue("no-referrer");
            assertThat(page.headers().firstValue("cache-control")).hasValue("no-store");
            assertThat(page.body()).doesNotContain("<script", "<link", "src=", "<img");
        }
        assertThat(w.send(HttpRequest.newBuilder(URI.create(link)).method("HEAD", HttpRequest.BodyPublishers.noBody())).statusCode()).isIn(404, 405);
        ChromeDriver browser = Browser.start(390, 844, true);
        try {
            browser.get(link);
            assertThat(browser.getTitle()).contains(title);
            browser.navigate().refresh();
        } finally {
            browser.quit();
        }
        assertThat(unchanged.get()).as("nothing changed by opening " + title).isTrue();
        String secret = link.replaceFirst("[?].*", "").substring(link.replaceFirst("[?].*", "").lastIndexOf('/') + 1);
        String tampered = link.replace(secret, secret.substring(0, secret.length() - 1) + (secret.endsWith("A") ? "B" : "A"));
        HttpResponse<String> refused = w.get(tampered);
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(refused.body()).isEqualTo(notFound);
    }

    @Test
    void theJudgesList_theLeaderboard_andTheChairsChoice_changeNothingWhenOpened() throws Exception {
        try (Workflow w = new Workflow(data)) {
            w.advanceTo(Instant.parse("2027-04-15T09:00:00Z"));
            ObjectNode cycle = ScoringIT.scoredCycle();
            w.putCycle(cycle);
            JsonNode receipt = w.submit(SampleEvents.body(Workflow.ROOT, SampleEvents.SOCIAL_MOBILITY));
            w.advanceTo(Instant.parse("2027-05-03T16:00:00Z").plus(awards.cycle.Plan.WAKE_WINDOW).plusSeconds(1));
            Workflow.await("three seats", () -> w.judgeInvites().size() == 3);
            List<JsonNode> seats = w.judgeInvites();
            String seat = seats.get(0).path("links").get(0).asText();
            String list = seat.substring(0, seat.indexOf('?'));
            String notFound = w.get(list.substring(0, list.lastIndexOf('/') + 1) + "x".repeat(43)).body();

            // The judge's list: nothing scored by opening it.
            inert(w, list, "Your nominations to judge", notFound, () -> w.get(list).body().contains("0 of 1"));
            for (JsonNode s : seats) {
                assertThat(w.decide(s.path("links").get(0).asText(), "c0=4&c1=3&comment=Strong+work").statusCode()).isEqualTo(200);
            }

            // The chair's leaderboard, after the round closes: opening it confirms no shortlist.
            w.advanceTo(Instant.parse("2027-07-20T16:00:01Z").plus(Workflow.ROUNDS_EVERY));
            Workflow.await("the leaderboard email", () -> w.outbox().stream().anyMatch(m -> Workflow.kind(m).equals("CHAIR_SHORTLIST")));
            String board = w.outbox().stream().filter(m -> Workflow.kind(m).equals("CHAIR_SHORTLIST")).findFirst().orElseThrow()
                    .path("links").get(0).asText();
            inert(w, board, "leaderboard", notFound, () -> w.get(board).body().contains("Confirm the shortlist</button>"));
            assertThat(w.decide(board, "entry=" + receipt.path("id").asText()).body()).contains("The shortlist is confirmed");

            // The chair's choice of the winner, after the shortlist: opening it records no choice.
            w.advanceTo(Instant.parse("2027-07-31T09:00:00Z").plus(awards.cycle.Plan.WAKE_WINDOW).plusSeconds(1));
            Workflow.await("the chair's invitation", () -> w.outbox().stream().anyMatch(m -> Workflow.kind(m).equals("CHAIR_INVITE")));
            String choice = w.outbox().stream().filter(m -> Workflow.kind(m).equals("CHAIR_INVITE")).findFirst().orElseThrow()
                    .path("links").get(0).asText();
            inert(w, choice, "Choose the", notFound, () -> w.get(choice).body().contains("Record the choice"));
            assertThat(w.decide(choice, "winner=" + receipt.path("id").asText()).body()).contains("The choice is recorded");
        }
    }
}
