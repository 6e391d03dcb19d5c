package awards.local.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import awards.local.console.SampleEvents;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * The judges' round as the cycle stands (issue 13): an admin's "send reminder now" reaches every
 * judge behind, once a day; a shortlist date moved later after judging opened moves the round's
 * close with it, so a panel still deciding at the old date keeps waiting, and a vote after it counts.
 */
class RoundsIT {
    private static final Instant CLOSE = Instant.parse("2027-05-03T16:00:00Z");
    private static final Instant SHORTLIST = Instant.parse("2027-07-31T09:00:00Z");

    @TempDir
    Path data;

    private static HttpResponse<String> remindNow(Workflow w) {
        return w.send(HttpRequest.newBuilder(URI.create(w.api() + "/admin/cycles/dia-2027/judging/reminders"))
                .header("Authorization", "Bearer " + w.runtime.adminToken()).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private static long sent(Workflow w, String kindPrefix) {
        return w.outbox().stream().filter(m -> Workflow.kind(m).startsWith(kindPrefix)).count();
    }

    private static String panelOutcome(Workflow w) {
        return w.admin("/admin/nominations?cycleId=dia-2027").path("items").get(0).path("panelOutcome").asText();
    }

    @Test
    void remindersOnDemand_andARoundExtendedAfterJudgingOpened() throws Exception {
        try (Workflow w = new Workflow(data)) {
            w.advanceTo(Instant.parse("2027-04-15T09:00:00Z"));
            // Social mobility sets its own panel size: two judges per entry, both needed for a majority.
            JsonNode cycle = w.putCycle(twoJudgesEach(Workflow.demoCycle()));
            JsonNode receipt = w.submit(SampleEvents.body(Workflow.ROOT, SampleEvents.SOCIAL_MOBILITY));

            // Before the close there is nobody to remind: 409, nothing sent.
            HttpResponse<String> early = remindNow(w);
            assertThat(early.statusCode()).as(early.body()).isEqualTo(409);
            assertThat(w.json(early).path("detail").asText()).contains("Reminders can be sent from the close");

            w.advanceTo(CLOSE.plus(awards.cycle.Plan.WAKE_WINDOW).plusSeconds(1));
            Workflow.await("two seats", () -> w.judgeInvites().size() == 2);
            assertThat(w.admin("/admin/cycles/dia-2027").at("/categories/0/judging/judgesPerNomination").asInt()).isEqualTo(2);
            List<JsonNode> seats = w.judgeInvites();

            // One judge votes; "send reminder now" goes to the other, and a second press the same day to nobody.
            assertThat(w.decide(seats.get(0).path("links").get(0).asText(), "decision=shortlist").statusCode()).isEqualTo(200);
            HttpResponse<String> first = remindNow(w);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            assertThat(w.json(first).path("reminded").asInt()).isEqualTo(1);
            Workflow.await("one reminder", () -> sent(w, "JUDGE_REMINDER") == 1);
            assertThat(w.outbox().stream().filter(m -> Workflow.kind(m).startsWith("JUDGE_REMINDER")).map(m -> m.path("to").get(0).asText()))
                    .doesNotContain(seats.get(0).path("to").get(0).asText());
            // The reminder's link opens the judge's list, with the entry still to do.
            JsonNode reminder = w.outbox().stream().filter(m -> Workflow.kind(m).equals("JUDGE_REMINDER")).findFirst().orElseThrow();
            HttpResponse<String> list = w.get(reminder.path("links").get(0).asText());
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(list.body()).contains("0 of 1", "To do");
            JsonNode again = w.json(remindNow(w));
            assertThat(again.path("reminded").asInt()).isZero();
            assertThat(again.path("detail").asText()).contains("reminded today already");
            assertThat(sent(w, "JUDGE_REMINDER")).isEqualTo(1);

            // The admin moves the shortlist (and with it the round's close) ten days later.
            ObjectNode later = twoJudgesEach(Workflow.demoCycle());
            ((ObjectNode) later.path("milestones")).put("shortlistAt", "2027-08-10T10:00");
            later.put("version", cycle.path("version").asLong());
            HttpResponse<String> moved = w.send(HttpRequest.newBuilder(URI.create(w.api() + "/admin/cycles/dia-2027"))
                    .header("Authorization", "Bearer " + w.runtime.adminToken()).header("content-type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(later.toString())));
            assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);

            // Past the old date and the panel's old timeout: the panel still decides, nobody has been told anything.
            w.advanceTo(SHORTLIST.plus(Duration.ofHours(1)));
            String execution = w.executionArn(receipt);
            Workflow.await("the panel waits again", () -> names(w, execution).stream().filter("AwaitPanel"::equals).count() == 2);
            assertThat(panelOutcome(w)).isEqualTo("PENDING");
            assertThat(w.status(receipt).path("status").asText()).isEqualTo("CLOSED");
            assertThat(sent(w, "UNDECIDED")).isZero();

            // A vote after the old date counts: with it the panel has its majority.
            assertThat(w.decide(seats.get(1).path("links").get(0).asText(), "decision=shortlist").statusCode()).isEqualTo(200);
            Workflow.await("the panel decided", () -> panelOutcome(w).equals("SHORTLISTED"));
            w.advanceTo(Instant.parse("2027-08-10T09:00:00Z").plus(awards.cycle.Plan.WAKE_WINDOW).plusSeconds(1));
            Workflow.await("shortlisted", () -> w.status(receipt).path("status").asText().equals("SHORTLISTED"));
            assertThat(names(w, execution)).containsSubsequence("AwaitPanel", "RoundClosed", "AfterRoundClosed", "AwaitPanel", "WaitForShortlist",
                    "Shortlist");
        }
    }

    private static ObjectNode twoJudgesEach(ObjectNode cycle) {
        ((ObjectNode) cycle.path("categories").get(0)).putObject("judging").put("mode", "approve").put("judgesPerNomination", 2);
        return cycle;
    }

    private static List<String> names(Workflow w, String execution) {
        try (var sfn = w.sfn()) {
            List<HistoryEvent> events = sfn.getExecutionHistory(b -> b.executionArn(execution).maxResults(1000)).events();
            return events.stream().filter(h -> h.stateEnteredEventDetails() != null).map(h -> h.stateEnteredEventDetails().name()).toList();
        }
    }
}
