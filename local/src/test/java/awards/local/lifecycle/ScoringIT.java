package awards.local.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import awards.local.console.SampleEvents;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Judging by scores (issue 13), through the pages as judges and chairs use them: two scored
 * categories; judges score every criterion of every entry on their list, a score is changed before
 * the round closes and refused after; one chair confirms a shortlist of their own choosing from the
 * leaderboard, the other does nothing and the leaderboard's default is taken, ties and all, with
 * the admins told once. Every nominator hears the outcome that follows from the scores.
 */
class ScoringIT {
    private static final Instant OPEN = Instant.parse("2027-04-15T09:00:00Z");
    private static final Instant CLOSE = Instant.parse("2027-05-03T16:00:00Z");
    /** 2027-07-20T17:00 in London. */
    private static final Instant ROUND_CLOSES = Instant.parse("2027-07-20T16:00:00Z");
    private static final Instant SHORTLIST = Instant.parse("2027-07-31T09:00:00Z");
    private static final Pattern NONCE = Pattern.compile("name=\"nonce\" value=\"([^\"]+)\"");

    @TempDir
    Path data;

    /**
     * The demo cycle with two scored categories: Impact (weight 2) and Reach (weight 1), 1 to 5, a
     * comment required. One person chairs both.
     */
    static ObjectNode scoredCycle() throws Exception {
        ObjectNode cycle = Workflow.demoCycle();
        JsonNode priya = cycle.path("categories").get(0).path("panel").path("chair").deepCopy();
        for (JsonNode c : cycle.path("categories")) {
            if (c.path("id").asText().equals("mentoring")) {
                ((ObjectNode) c.path("panel")).set("chair", priya);
            }
        }
        ((ObjectNode) cycle.path("milestones")).put("judgingClosesAt", "2027-07-20T17:00");
        for (JsonNode c : cycle.path("categories")) {
            if (c.path("id").asText().equals("network-of-the-year")) {
                continue;
            }
            ObjectNode judging = ((ObjectNode) c).putObject("judging").put("mode", "score").put("scale", 5).put("commentRequired", true)
                    .put("shortlistSize", c.path("id").asText().equals("social-mobility") ? 2 : 1);
            ArrayNode criteria = judging.putArray("criteria");
            criteria.addObject().put("name", "Impact").put("description", "What changed for the people it reached").put("weight", 2);
            criteria.addObject().put("name", "Reach").put("description", "How many people, and how widely").put("weight", 1);
        }
        return cycle;
    }

    private static String nomination(String category, String nominee) throws Exception {
        ObjectNode body = (ObjectNode) Workflow.JSON.readTree(SampleEvents.body(Workflow.ROOT, SampleEvents.SOCIAL_MOBILITY));
        body.put("category", category);
        ((ObjectNode) body.path("nominee")).put("name", nominee);
        return body.toString();
    }

    private HttpResponse<String> post(Workflow w, String link, String form) {
        String page = w.get(link).body();
        Matcher nonce = NONCE.matcher(page);
        assertThat(nonce.find()).as("a form on " + page).isTrue();
        return w.send(HttpRequest.newBuilder(URI.create(link)).header("content-type", "application/x-www-form-urlencoded")
                .header("Origin", w.api()).POST(HttpRequest.BodyPublishers.ofString("nonce=" + nonce.group(1) + "&" + form)));
    }

    @Test
    void scoredCategories_fromTheJudgesListsToTheShortlist() throws Exception {
        try (Workflow w = new Workflow(data)) {
            w.advanceTo(OPEN);
            w.putCycle(scoredCycle());
            // Social mobility: three entries whose scores rank A, B, C. Mentoring: D and E tie at the top, F last.
            Map<String, JsonNode> receipts = new HashMap<>();
            Map<String, Integer> impact = Map.of("A", 5, "B", 4, "C", 2, "D", 4, "E", 4, "F", 1);
            for (String name : List.of("A", "B", "C")) {
                receipts.put(name, w.submit(nomination("social-mobility", "Network " + name)));
            }
            for (String name : List.of("D", "E", "F")) {
                receipts.put(name, w.submit(nomination("mentoring", "Network " + name)));
            }
            Map<String, String> byId = new HashMap<>();
            receipts.forEach((name, r) -> byId.put(r.path("id").asText(), name));

            w.advanceTo(CLOSE.plus(awards.cycle.Plan.WAKE_WINDOW).plusSeconds(1));
            Workflow.await("three seats for each of six entries", () -> w.judgeInvites().size() == 18);
            List<JsonNode> seats = w.judgeInvites();

            // Mail scanners open links: five GETs and a HEAD of an entry's page save nothing; a POST
            // without the page's nonce, or from another origin, is the same 404 as a wrong link.
            String first = seats.get(0).path("links").get(0).asText();
            String firstQueue = first.substring(0, first.indexOf('?'));
            for (int i = 0; i < 5; i++) {
                assertThat(w.get(first).statusCode()).isEqualTo(200);
            }
            w.send(HttpRequest.newBuilder(URI.create(first)).method("HEAD", HttpRequest.BodyPublishers.noBody()));
            assertThat(w.get(firstQueue).body()).contains("0 of ").contains("To do").doesNotContain("Scored");
            String notFound = w.get(firstQueue.substring(0, firstQueue.lastIndexOf('/') + 1) + "x".repeat(43)).body();
            HttpResponse<String> noNonce = w.send(HttpRequest.newBuilder(URI.create(first)).header("content-type", "application/x-www-form-urlencoded")
                    .header("Origin", w.api()).POST(HttpRequest.BodyPublishers.ofString("c0=3&c1=3&comment=x")));
            assertThat(noNonce.statusCode()).isEqualTo(404);
            assertThat(noNonce.body()).isEqualTo(notFound);
            HttpResponse<String> foreign = w.send(HttpRequest.newBuilder(URI.create(first)).header("content-type", "application/x-www-form-urlencoded")
                    .header("Origin", "https://evil.example").POST(HttpRequest.BodyPublishers.ofString("nonce=" + nonceOf(w.get(first).body(), first)
                            + "&c0=3&c1=3&comment=x")));
            assertThat(foreign.statusCode()).isEqualTo(404);
            assertThat(w.get(firstQueue).body()).doesNotContain("Scored");

            // A judge's first try leaves Reach unscored and the comment out: refused, saying what is missing, nothing saved.
            HttpResponse<String> partial = post(w, first, "c0=3");
            assertThat(partial.statusCode()).isEqualTo(400);
            assertThat(partial.body()).contains("Not scored: Reach");
            HttpResponse<String> noComment = post(w, first, "c0=3&c1=3&comment=");
            assertThat(noComment.statusCode()).isEqualTo(400);
            assertThat(noComment.body()).contains("Write a comment");
            HttpResponse<String> offScale = post(w, first, "c0=6&c1=3&comment=x");
            assertThat(offScale.statusCode()).isEqualTo(400);

            for (JsonNode seat : seats) {
                String link = seat.path("links").get(0).asText();
                String name = byId.get(link.substring(link.indexOf("?entry=") + 7));
                HttpResponse<String> saved = post(w, link, "c0=" + impact.get(name) + "&c1=3&comment=" + java.net.URLEncoder.encode("Good work by " + name,
                        java.nio.charset.StandardCharsets.UTF_8));
                assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
                assertThat(saved.body()).contains("Your scores were saved");
            }
            // A judge who scored F declares a conflict with it: their scores go, the mentoring judge who
            // was free takes the seat (F appears on their list) and scores it as the others did.
            String conflicted = seats.stream().map(x -> x.path("links").get(0).asText())
                    .filter(l -> byId.get(l.substring(l.indexOf("?entry=") + 7)).equals("F")).findFirst().orElseThrow();
            HttpResponse<String> declared = post(w, conflicted, "conflict=yes&reason=I%20chair%20its%20board");
            assertThat(declared.statusCode()).as(declared.body()).isEqualTo(200);
            assertThat(declared.body()).contains("You declared a conflict of interest").doesNotContain("Save my scores");
            List<JsonNode> after = w.judgeInvites();
            assertThat(after).as("the seat moved, not added").hasSize(19);
            String replacement = after.stream().map(x -> x.path("links").get(0).asText())
                    .filter(l -> byId.get(l.substring(l.indexOf("?entry=") + 7)).equals("F"))
                    .filter(l -> seats.stream().noneMatch(x -> x.path("links").get(0).asText().equals(l))).findFirst().orElseThrow();
            assertThat(post(w, replacement, "c0=1&c1=3&comment=Good%20work%20by%20F").statusCode()).isEqualTo(200);

            // A changed mind before the close: C's first judge scores it 1 on Impact instead of 2.
            String changed = seats.stream().map(s -> s.path("links").get(0).asText())
                    .filter(l -> byId.get(l.substring(l.indexOf("?entry=") + 7)).equals("C")).findFirst().orElseThrow();
            assertThat(post(w, changed, "c0=1&c1=3&comment=On%20reflection").statusCode()).isEqualTo(200);
            assertThat(w.get(changed).body()).contains("value=\"1\" checked").contains("On reflection");
            // The judge's list says every entry is scored.
            String queue = changed.substring(0, changed.indexOf('?'));
            assertThat(w.get(queue).body()).contains("Scored").doesNotContain("To do");

            // The admins' progress: every entry fully scored, none with an outcome yet.
            for (JsonNode c : w.admin("/admin/cycles/dia-2027/judging").path("categories")) {
                boolean scored = !c.path("category").asText().equals("network-of-the-year");
                assertThat(c.path("mode").asText()).isEqualTo(scored ? "score" : "approve");
                assertThat(c.path("complete").asInt()).as(c.toString()).isEqualTo(scored ? 3 : 0);
                assertThat(c.path("deciding").asInt()).as(c.toString()).isEqualTo(scored ? 3 : 0);
            }
            assertThat(w.admin("/admin/cycles/dia-2027/judging").path("judges")).allMatch(j -> j.path("pending").asInt() == 0);

            // The round closes: no score changes any more; each chair is told once, with a link to the leaderboard.
            w.advanceTo(ROUND_CLOSES.plus(Workflow.ROUNDS_EVERY).plusSeconds(1));
            Workflow.await("both chairs told", () -> w.outbox().stream().filter(m -> Workflow.kind(m).startsWith("CHAIR_SHORTLIST")).count() == 2);
            HttpResponse<String> late = w.send(HttpRequest.newBuilder(URI.create(changed)).header("content-type", "application/x-www-form-urlencoded")
                    .header("Origin", w.api()).POST(HttpRequest.BodyPublishers.ofString("nonce=" + nonceOf(w.get(changed).body(), changed) + "&c0=5&c1=5&comment=late")));
            assertThat(late.statusCode()).isEqualTo(409);
            assertThat(w.get(changed).body()).contains("Judging closed on").contains("<strong>1</strong>");

            Workflow.await("every scored panel closed", () -> java.util.stream.StreamSupport.stream(
                    w.admin("/admin/cycles/dia-2027/judging").path("categories").spliterator(), false).mapToInt(c -> c.path("scored").asInt()).sum() == 6);
            // The admins' CSV carries each scored entry's score and every judge's scores and comment.
            HttpResponse<String> csv = w.send(HttpRequest.newBuilder(URI.create(w.api() + "/admin/nominations?cycleId=dia-2027&format=csv"))
                    .header("Authorization", "Bearer " + w.runtime.adminToken()));
            assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
            String rowA = csv.body().lines().filter(l -> l.startsWith(receipts.get("A").path("reference").asText())).findFirst().orElseThrow();
            assertThat(rowA).contains("SCORED").contains("4.33,3,").contains("(Impact 5, Reach 3)").contains("Good work by A");
            assertThat(csv.body().lines().findFirst().orElseThrow()).endsWith("score,scores,judges' scores and comments,conflicts declared");

            // The one chair of both gets one leaderboard for each.
            List<JsonNode> boards = w.outbox().stream().filter(m -> Workflow.kind(m).equals("CHAIR_SHORTLIST")).toList();
            assertThat(boards).extracting(m -> m.path("to").get(0).asText()).containsOnly("priya.raman@example.gov.uk");
            assertThat(boards).extracting(Workflow::about).containsExactlyInAnyOrder("dia-2027-social-mobility", "dia-2027-mentoring");
            JsonNode socialChair = boards.stream().filter(m -> Workflow.about(m).endsWith("social-mobility")).findFirst().orElseThrow();
            String board = socialChair.path("links").get(0).asText();
            HttpResponse<String> boardPage = w.get(board);
            assertThat(boardPage.statusCode()).as(board).isEqualTo(200);
            String page = boardPage.body();
            assertThat(page).contains("Network A");
            // The leaderboard is as inert: opened five times and by HEAD it confirms nothing; a tampered link is the plain 404.
            for (int i = 0; i < 5; i++) {
                assertThat(w.get(board).body()).contains("Confirm the shortlist</button>");
            }
            w.send(HttpRequest.newBuilder(URI.create(board)).method("HEAD", HttpRequest.BodyPublishers.noBody()));
            String tampered = board.substring(0, board.length() - 1) + (board.endsWith("A") ? "B" : "A");
            assertThat(w.get(tampered).statusCode()).isEqualTo(404);
            assertThat(w.get(tampered).body()).isEqualTo(notFound);
            assertThat(w.send(HttpRequest.newBuilder(URI.create(board)).header("content-type", "application/x-www-form-urlencoded")
                    .header("Origin", "https://evil.example").POST(HttpRequest.BodyPublishers.ofString("nonce=" + nonceOf(page, board + "?")
                            + "&entry=" + receipts.get("B").path("id").asText()))).statusCode()).isEqualTo(404);
            assertThat(w.get(board).body()).contains("Confirm the shortlist</button>").doesNotContain("The shortlist is confirmed");
            // Ranked by weighted mean: A (5,3) = 4.33, B (4,3) = 3.67, C (1,3) from one judge and (2,3) from two = 2.11.
            assertThat(page.indexOf("Network A")).isLessThan(page.indexOf("Network B"));
            assertThat(page.indexOf("Network B")).isLessThan(page.indexOf("Network C"));
            assertThat(page).contains("4.33").contains("3.67").contains("2.11").contains("On reflection");
            // The default cut (two) is ticked; the chair shortlists A and C instead.
            String a = receipts.get("A").path("id").asText();
            String c = receipts.get("C").path("id").asText();
            assertThat(post(w, board, "").statusCode()).as("nothing ticked").isEqualTo(400);
            HttpResponse<String> confirmed = post(w, board, "entry=" + a + "&entry=" + c);
            assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
            assertThat(confirmed.body()).contains("The shortlist is confirmed").contains("Network A, Network C");

            // The mentoring chair does nothing. At the shortlist date D and E, tied at the cut of one, are both taken.
            w.advanceTo(SHORTLIST.plus(awards.cycle.Plan.WAKE_WINDOW).plusSeconds(1));
            Map<String, String> expected = Map.of("A", "SHORTLISTED", "B", "NOT_SHORTLISTED", "C", "SHORTLISTED",
                    "D", "SHORTLISTED", "E", "SHORTLISTED", "F", "NOT_SHORTLISTED");
            Workflow.await("every outcome", () -> expected.entrySet().stream()
                    .allMatch(e -> w.status(receipts.get(e.getKey())).path("status").asText().equals(e.getValue())));
            List<JsonNode> outbox = w.outbox();
            List<JsonNode> defaults = outbox.stream().filter(m -> Workflow.kind(m).startsWith("DEFAULT_SHORTLIST")).toList();
            assertThat(defaults).as("the admins told once, for mentoring only").hasSize(1);
            assertThat(defaults.get(0).path("subject").asText()).isEqualTo("The Inclusive Mentoring Programme shortlist was taken from the leaderboard");
            // The mentoring chair's leaderboard now shows the shortlist taken, and that a tie made it longer.
            String mentoringBoard = outbox.stream().filter(m -> Workflow.kind(m).equals("CHAIR_SHORTLIST")
                    && Workflow.about(m).endsWith("mentoring")).findFirst().orElseThrow().path("links").get(0).asText();
            assertThat(w.get(mentoringBoard).body()).contains("taken from the leaderboard").contains("Network D").contains("=1")
                    .contains("Entries tied with the last of them were all taken").doesNotContain("Confirm the shortlist</button>");
            // Every email once: one list per judge, one leaderboard per chair, one outcome per nominator.
            Map<String, Long> perKindAndRecipient = new HashMap<>();
            for (JsonNode m : outbox) {
                perKindAndRecipient.merge(Workflow.kind(m) + " " + Workflow.about(m) + " " + m.path("to").get(0).asText(), 1L, Long::sum);
            }
            assertThat(perKindAndRecipient.values()).allMatch(n -> n == 1);
            assertThat(outbox.stream().filter(m -> Workflow.kind(m).equals("JUDGE_REMINDER")).count()).as("nobody behind, nobody reminded").isZero();
            // The awards follow from the scored shortlist: the social mobility chair's choice lists A and C only.
            // The chair of both categories is asked to choose in each: two invitations, one per category.
            Workflow.await("the chair's invitations", () -> w.outbox().stream().filter(m -> Workflow.kind(m).equals("CHAIR_INVITE")).count() == 2);
            assertThat(w.outbox().stream().filter(m -> Workflow.kind(m).equals("CHAIR_INVITE")).map(m -> m.path("to").get(0).asText()))
                    .containsOnly("priya.raman@example.gov.uk");
            String chooseLink = w.outbox().stream().filter(m -> Workflow.kind(m).equals("CHAIR_INVITE") && Workflow.about(m).endsWith("social-mobility"))
                    .findFirst().orElseThrow().path("links").get(0).asText();
            String choice = w.get(chooseLink).body();
            assertThat(choice).contains("Network A").contains("Network C").doesNotContain("Network B");
            assertThat(post(w, chooseLink, "winner=" + a).statusCode()).isEqualTo(200);
            w.advanceTo(Instant.parse("2027-10-04T18:00:00Z").plus(awards.cycle.Plan.WAKE_WINDOW).plusSeconds(1));
            Map<String, String> results = Map.of("A", "WINNER", "C", "FINALIST", "D", "FINALIST", "E", "FINALIST");
            Workflow.await("every result", () -> results.entrySet().stream()
                    .allMatch(e -> w.status(receipts.get(e.getKey())).path("status").asText().equals(e.getValue())));
            List<String> kinds = new ArrayList<>(outbox.stream().map(Workflow::kind).filter(k -> k.equals("SHORTLISTED") || k.equals("NOT_SHORTLISTED")).toList());
            assertThat(kinds).hasSize(6);
        }
    }

    private static String nonceOf(String page, String link) {
        // After the close the page has no form; the nonce is the link's own, as the form carried it.
        Matcher m = NONCE.matcher(page);
        return m.find() ? m.group(1) : awards.judging.Links.nonce(link.substring(link.lastIndexOf('/') + 1, link.indexOf('?')));
    }
}
