package awards.local.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import awards.local.console.SampleEvents;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A judge declares a conflict of interest (issue 13): the entry leaves their list, the category's
 * free judge takes the seat and is sent their list; a second declaration finds nobody left and the
 * panel goes on with the two judges it has, whose votes then decide it. The admins see every
 * declaration with its reason, in the progress figures and the CSV.
 */
class ConflictIT {
    private static final Pattern NONCE = Pattern.compile("name=\"nonce\" value=\"([^\"]+)\"");

    @TempDir
    Path data;

    private static HttpResponse<String> post(Workflow w, String link, String form) {
        Matcher nonce = NONCE.matcher(w.get(link).body());
        assertThat(nonce.find()).isTrue();
        return w.send(HttpRequest.newBuilder(URI.create(link)).header("content-type", "application/x-www-form-urlencoded")
                .header("Origin", w.api()).POST(HttpRequest.BodyPublishers.ofString("nonce=" + nonce.group(1) + "&" + form)));
    }

    private static JsonNode judge(Workflow w, String email) {
        for (JsonNode j : w.admin("/admin/cycles/dia-2027/judging").path("judges")) {
            if (j.path("email").asText().equals(email)) {
                return j;
            }
        }
        throw new AssertionError("no judge " + email);
    }

    @Test
    void aDeclaredConflict_movesTheSeatToAFreeJudge_orShrinksThePanel() throws Exception {
        try (Workflow w = new Workflow(data)) {
            w.advanceTo(Instant.parse("2027-04-15T09:00:00Z"));
            w.putCycle(Workflow.demoCycle());
            JsonNode receipt = w.submit(SampleEvents.body(Workflow.ROOT, SampleEvents.SOCIAL_MOBILITY));
            w.advanceTo(Instant.parse("2027-05-03T16:00:00Z").plus(awards.cycle.Plan.WAKE_WINDOW).plusSeconds(1));
            Workflow.await("three seats", () -> w.judgeInvites().size() == 3);
            List<JsonNode> seats = w.judgeInvites();
            Set<String> panel = new HashSet<>();
            seats.forEach(s -> panel.add(s.path("to").get(0).asText()));
            // Social mobility has four judges: the one not on the panel is free.
            String free = List.of("tom.okafor@example.gov.uk", "aileen.mcbride@example.gov.uk", "gareth.pryce@example.gov.uk",
                    "nadia.hussain@example.gov.uk").stream().filter(j -> !panel.contains(j)).findFirst().orElseThrow();

            String first = seats.get(0).path("links").get(0).asText();
            String firstJudge = seats.get(0).path("to").get(0).asText();
            assertThat(w.get(first).body()).contains("I have a conflict of interest with this nomination");
            HttpResponse<String> noReason = post(w, first, "conflict=yes&reason=");
            assertThat(noReason.statusCode()).isEqualTo(400);
            assertThat(noReason.body()).contains("Say in a sentence what the conflict is");
            HttpResponse<String> declared = post(w, first, "conflict=yes&reason=" + java.net.URLEncoder.encode("I mentored two of its members",
                    java.nio.charset.StandardCharsets.UTF_8));
            assertThat(declared.statusCode()).as(declared.body()).isEqualTo(200);
            assertThat(declared.body()).contains("You declared a conflict of interest").doesNotContain("Record my decision");
            assertThat(w.get(first.substring(0, first.indexOf('?'))).body()).contains("Conflict declared");

            // The free judge takes the seat: their list (sent now: they had none) holds the entry.
            Workflow.await("the free judge's list", () -> w.outbox().stream()
                    .anyMatch(m -> Workflow.kind(m).equals("JUDGE_QUEUE") && m.path("to").get(0).asText().equals(free)));
            List<JsonNode> now = w.judgeInvites();
            assertThat(now).extracting(s -> s.path("to").get(0).asText()).contains(free);
            assertThat(judge(w, firstJudge).path("conflicts").asInt()).isEqualTo(1);
            assertThat(judge(w, firstJudge).path("assigned").asInt()).isZero();
            assertThat(judge(w, free).path("assigned").asInt()).isEqualTo(1);

            // A second judge declares one: nobody is left to take the seat; the panel goes on with two.
            JsonNode second = seats.get(1);
            assertThat(post(w, second.path("links").get(0).asText(), "conflict=yes&reason=My%20own%20team").statusCode()).isEqualTo(200);
            assertThat(judge(w, second.path("to").get(0).asText()).path("conflicts").asInt()).isEqualTo(1);
            // The two left both vote to shortlist: a majority of the panel as it now stands.
            String third = seats.get(2).path("links").get(0).asText();
            String freeSeat = now.stream().filter(s -> s.path("to").get(0).asText().equals(free)).findFirst().orElseThrow().path("links").get(0).asText();
            assertThat(post(w, third, "decision=shortlist").statusCode()).isEqualTo(200);
            assertThat(post(w, freeSeat, "decision=shortlist").statusCode()).isEqualTo(200);
            Workflow.await("the panel decided", () -> w.admin("/admin/nominations?cycleId=dia-2027").path("items").get(0)
                    .path("panelOutcome").asText().equals("SHORTLISTED"));

            HttpResponse<String> csv = w.send(HttpRequest.newBuilder(URI.create(w.api() + "/admin/nominations?cycleId=dia-2027&format=csv"))
                    .header("Authorization", "Bearer " + w.runtime.adminToken()));
            assertThat(csv.body()).contains("I mentored two of its members").contains("My own team");
            assertThat(w.status(receipt).toString()).as("nominators never see judges or conflicts").doesNotContain("mentored", "own team");
        }
    }
}
