package awards.local.lifecycle;

import static awards.local.lifecycle.Workflow.about;
import static awards.local.lifecycle.Workflow.kind;
import static org.assertj.core.api.Assertions.assertThat;

import awards.local.console.SampleEvents;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * A whole cycle in the local runtime, driven over HTTP: the two sample nominations and fifty
 * generated ones are submitted, one is withdrawn, the clock moves to each milestone, judges follow
 * their links, chairs choose. Every final status, every email (once each) and every execution's
 * path are checked.
 */
class LifecycleIT {
    private static final Instant OPEN = Instant.parse("2027-04-15T09:00:00Z");
    private static final Instant CLOSE = Instant.parse("2027-05-03T16:00:00Z");
    private static final Instant SHORTLIST = Instant.parse("2027-07-31T09:00:00Z");
    private static final Instant CEREMONY = Instant.parse("2027-10-04T18:00:00Z");
    private static final String[] CATEGORIES = {"social-mobility", "mentoring", "network-of-the-year"};
    private static final String[] ORGANISATIONS = {"Department for Education", "HM Treasury", "Ministry of Defence", "Home Office",
            "Office for National Statistics", "Department for Transport", "Valuation Office Agency"};
    private static final Pattern WINNER_OPTION = Pattern.compile("name=\"winner\" value=\"([a-z0-9]+)\"");

    @TempDir
    java.nio.file.Path data;

    record Entry(JsonNode receipt, String category, String expected, Set<String> organisations) {}

    /**
     * With {@code faults} of 5%, Lambda throttles, SnapStart not-ready errors and SES throttles are
     * injected (issue 9): the retries must still bring every nomination to its right end, each
     * email sent once.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "faults {0}")
    @org.junit.jupiter.params.provider.ValueSource(doubles = {0, 0.05})
    void aWholeCycle_fromSubmissionToCeremony(double faults) throws Exception {
        // Every log line of the cycle, to grep for secrets at the end: JUL records and standard error.
        java.io.ByteArrayOutputStream logged = new java.io.ByteArrayOutputStream();
        java.io.PrintStream err = System.err;
        java.io.PrintStream tee = new java.io.PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                err.write(b);
                synchronized (logged) {
                    logged.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                err.write(b, off, len);
                synchronized (logged) {
                    logged.write(b, off, len);
                }
            }
        }, true);
        java.util.logging.Handler capture = new java.util.logging.StreamHandler(tee, new awards.platform.Logs.JsonLines());
        capture.setLevel(java.util.logging.Level.ALL);
        java.util.logging.Logger.getLogger("").addHandler(capture);
        System.setErr(tee);
        try {
            aWholeCycle(faults, logged, capture);
        } finally {
            System.setErr(err);
            java.util.logging.Logger.getLogger("").removeHandler(capture);
        }
    }

    private void aWholeCycle(double faults, java.io.ByteArrayOutputStream logged, java.util.logging.Handler capture) throws Exception {
        var injected = faults == 0 ? awards.local.lambda.Faults.NONE : new awards.local.lambda.Faults(faults, 42);
        var runtimeOptions = awards.local.RuntimeOptions.anyPorts(Workflow.ROOT, data).withFaults(injected);
        try (Workflow w = Workflow.with(runtimeOptions);
             SfnClient sfn = SfnClient.builder().endpointOverride(URI.create(w.runtime.endpoint("Step Functions"))).region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                     .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            w.advanceTo(OPEN);
            ObjectNode cycle = Workflow.demoCycle();
            w.putCycle(cycle);
            Map<String, String> judgeOrganisation = new HashMap<>();
            cycle.path("categories").forEach(c -> c.path("panel").path("judges").forEach(j -> judgeOrganisation.put(j.path("email").asText(), j.path("organisation").asText())));

            // Submit: the two seeds (both to be shortlisted) and fifty generated entries.
            Map<String, Entry> entries = new LinkedHashMap<>();
            for (String sample : List.of(SampleEvents.SOCIAL_MOBILITY, SampleEvents.MUTUAL_MENTORING)) {
                JsonNode body = Workflow.JSON.readTree(SampleEvents.body(Workflow.ROOT, sample));
                JsonNode receipt = w.submit(body.toString());
                entries.put(receipt.path("id").asText(), new Entry(receipt, body.path("category").asText(), "SHORTLIST",
                        new HashSet<>(List.of(body.path("nominee").path("organisation").asText(), body.path("nominator").path("organisation").asText()))));
            }
            for (int i = 0; i < 50; i++) {
                ObjectNode body = (ObjectNode) Workflow.JSON.readTree(SampleEvents.body(Workflow.ROOT, SampleEvents.SOCIAL_MOBILITY));
                String category = CATEGORIES[i % 3];
                body.put("category", category);
                ((ObjectNode) body.path("nominee")).put("name", "Inclusion Team " + i).put("kind", i % 2 == 0 ? "team" : "individual")
                        .put("organisation", ORGANISATIONS[i % ORGANISATIONS.length]);
                ((ObjectNode) body.path("nominator")).put("name", "Nominator " + i).put("email", "nominator" + i + "@example.org")
                        .put("organisation", ORGANISATIONS[(i + 3) % ORGANISATIONS.length]);
                body.put("citation", "Entry " + i + " ran mentoring circles and opened data on progression for colleagues from every background.");
                JsonNode receipt = w.submit(body.toString());
                String plan = i == 5 ? "WITHDRAW" : i == 7 ? "NO_VOTES" : i % 4 == 0 ? "SHORTLIST" : "DECLINE";
                entries.put(receipt.path("id").asText(), new Entry(receipt, category, plan,
                        new HashSet<>(List.of(ORGANISATIONS[i % ORGANISATIONS.length], ORGANISATIONS[(i + 3) % ORGANISATIONS.length]))));
            }
            assertThat(entries).hasSize(52);
            Entry withdrawn = entries.values().stream().filter(e -> e.expected.equals("WITHDRAW")).findFirst().orElseThrow();
            HttpResponse<String> w1 = w.send(HttpRequest.newBuilder(URI.create(withdrawn.receipt.path("statusUrl").asText().replace("?token=", "/withdraw?token=")))
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(w1.statusCode()).as(w1.body()).isEqualTo(200);

            // Close: every other execution assigns its panel and waits for it.
            w.advanceTo(CLOSE.plus(awards.cycle.Plan.WAKE_WINDOW).plusSeconds(1));
            Map<String, String> executions = new HashMap<>();
            for (var e : entries.entrySet()) {
                executions.put(e.getKey(), w.runtime.stateMachineArn().replace(":stateMachine:", ":execution:") + ":"
                        + e.getValue().receipt.path("reference").asText() + "_" + e.getKey());
            }
            for (var e : entries.entrySet()) {
                if (e.getValue().expected.equals("WITHDRAW")) {
                    continue;
                }
                String arn = executions.get(e.getKey());
                Workflow.await("panel of " + e.getValue().receipt.path("reference").asText(),
                        () -> history(sfn, arn).stream().anyMatch(h -> h.typeAsString().equals("TaskSubmitted")));
                assertThat(w.status(e.getValue().receipt).path("status").asText()).isEqualTo("CLOSED");
            }

            // A malformed form on a real link is a 400, and (grepped below) its secret is not logged:
            // it was a 500 that logged the path, secret and all.
            String someLink = w.judgeInvites().stream().findFirst().orElseThrow().path("links").get(0).asText();
            HttpResponse<String> malformed = w.send(HttpRequest.newBuilder(URI.create(someLink)).header("content-type", "application/x-www-form-urlencoded")
                    .header("Origin", w.api()).POST(HttpRequest.BodyPublishers.ofString("nonce=%zz&decision=shortlist")));
            assertThat(malformed.statusCode()).isEqualTo(400);

            // Judges follow their links: GET the page, POST the form.
            Map<String, List<JsonNode>> invites = new HashMap<>();
            w.judgeInvites().stream().forEach(m -> invites.computeIfAbsent(about(m), k -> new ArrayList<>()).add(m));
            for (var e : entries.entrySet()) {
                Entry entry = e.getValue();
                List<JsonNode> mine = invites.getOrDefault(e.getKey(), List.of());
                if (entry.expected.equals("WITHDRAW")) {
                    assertThat(mine).isEmpty();
                    continue;
                }
                assertThat(mine).hasSizeBetween(1, 3);
                for (JsonNode invite : mine) {
                    String judge = invite.path("to").get(0).asText();
                    assertThat(entry.organisations).as("no conflict of interest").doesNotContain(judgeOrganisation.get(judge));
                    if (entry.expected.equals("NO_VOTES")) {
                        continue;
                    }
                    HttpResponse<String> done = w.decide(invite.path("links").get(0).asText(),
                            "decision=" + (entry.expected.equals("SHORTLIST") ? "shortlist" : "decline") + "&comment=Considered+carefully.");
                    assertThat(done.statusCode()).isEqualTo(200);
                    assertThat(done.body()).contains("You decided");
                }
            }

            // Judging progress, as the admins read it: each judge's assignments and decisions, each
            // category's entries, all counted from the panels.
            JsonNode progress = w.admin("/admin/cycles/dia-2027/judging");
            Map<String, long[]> expectedByJudge = new HashMap<>();
            invites.forEach((id, mine) -> mine.forEach(m -> {
                long[] c = expectedByJudge.computeIfAbsent(m.path("to").get(0).asText(), k -> new long[2]);
                c[0]++;
                c[1] += entries.get(id).expected.equals("NO_VOTES") ? 0 : 1;
            }));
            Map<String, long[]> reportedByJudge = new HashMap<>();
            progress.path("judges").forEach(j -> {
                long[] c = reportedByJudge.computeIfAbsent(j.path("email").asText(), k -> new long[2]);
                c[0] += j.path("assigned").asLong();
                c[1] += j.path("decided").asLong();
                assertThat(j.path("pending").asLong()).isEqualTo(j.path("assigned").asLong() - j.path("decided").asLong());
            });
            reportedByJudge.values().removeIf(c -> c[0] == 0);
            assertThat(reportedByJudge.keySet()).isEqualTo(expectedByJudge.keySet());
            expectedByJudge.forEach((judge, c) -> assertThat(reportedByJudge.get(judge)).as(judge).containsExactly(c));
            for (JsonNode c : progress.path("categories")) {
                List<Entry> in = entries.values().stream().filter(e -> e.category.equals(c.path("category").asText()) && !e.expected.equals("WITHDRAW")).toList();
                assertThat(c.path("entries").asLong()).as(c.toString()).isEqualTo(in.size());
                assertThat(c.path("awaitingPanel").asLong()).as(c.toString()).isZero();
                assertThat(c.path("deciding").asLong()).as(c.toString()).isEqualTo(in.stream().filter(e -> e.expected.equals("NO_VOTES")).count());
                assertThat(c.path("shortlisted").asLong()).as(c.toString()).isEqualTo(in.stream().filter(e -> e.expected.equals("SHORTLIST")).count());
            }

            // The shortlist: outcomes are announced at the shortlist date, not before.
            for (Entry entry : entries.values()) {
                if (!entry.expected.equals("WITHDRAW")) {
                    assertThat(w.status(entry.receipt).path("status").asText()).isEqualTo("CLOSED");
                }
            }
            // A week before the shortlist, the judges who have not decided are reminded.
            Entry quiet = entries.values().stream().filter(e -> e.expected.equals("NO_VOTES")).findFirst().orElseThrow();
            int quietJudges = invites.get(quiet.receipt.path("id").asText()).size();
            w.advanceTo(SHORTLIST.minus(java.time.Duration.ofDays(7)).plus(Workflow.ROUNDS_EVERY).plusSeconds(1));
            Workflow.await("reminders", () -> w.outbox().stream().filter(m -> kind(m).equals("JUDGE_REMINDER")).count() == quietJudges);

            w.advanceTo(SHORTLIST.plus(awards.cycle.Plan.WAKE_WINDOW).plusSeconds(1));
            for (var e : entries.entrySet()) {
                String want = switch (e.getValue().expected) {
                    case "SHORTLIST" -> "SHORTLISTED";
                    case "WITHDRAW" -> "WITHDRAWN";
                    default -> "NOT_SHORTLISTED";
                };
                Workflow.await("shortlist status of " + e.getValue().receipt.path("reference").asText(),
                        () -> w.status(e.getValue().receipt).path("status").asText().equals(want));
            }
            for (var e : entries.entrySet()) {
                if (e.getValue().expected.equals("SHORTLIST")) {
                    String arn = executions.get(e.getKey());
                    Workflow.await("award wait of " + e.getKey(),
                            () -> history(sfn, arn).stream().filter(h -> h.typeAsString().equals("TaskSubmitted")).count() == 2);
                }
            }

            JsonNode after = w.admin("/admin/cycles/dia-2027/judging");
            assertThat(after.path("categories")).allSatisfy(c -> assertThat(c.path("deciding").asLong()).as("no panel left deciding").isZero());
            assertThat(after.path("categories").findValues("undecided").stream().mapToLong(JsonNode::asLong).sum())
                    .isEqualTo(entries.values().stream().filter(e -> e.expected.equals("NO_VOTES")).count());

            // Each category's chair chooses a winner and one highly commended entry.
            Map<String, String> award = new HashMap<>();
            List<JsonNode> chairs = w.outbox().stream().filter(m -> kind(m).equals("CHAIR_INVITE")).toList();
            assertThat(chairs).hasSize(3);
            for (JsonNode chair : chairs) {
                String link = chair.path("links").get(0).asText();
                String page = w.get(link).body();
                Matcher m = WINNER_OPTION.matcher(page);
                List<String> options = new ArrayList<>();
                while (m.find()) {
                    options.add(m.group(1));
                }
                assertThat(options).isNotEmpty();
                // Winner and highly commended at once is refused, not silently corrected, and the link stays usable.
                HttpResponse<String> contradictory = w.decide(link, "winner=" + options.get(0) + "&commended=" + options.get(0));
                assertThat(contradictory.statusCode()).isEqualTo(400);
                assertThat(contradictory.body()).contains("The winner cannot also be highly commended");
                String form = "winner=" + options.get(0) + (options.size() > 1 ? "&commended=" + options.get(1) : "");
                assertThat(w.decide(link, form).body()).contains("The choice is recorded");
                award.put(options.get(0), "WINNER");
                if (options.size() > 1) {
                    award.put(options.get(1), "HIGHLY_COMMENDED");
                }
            }

            w.advanceTo(CEREMONY.plus(awards.cycle.Plan.WAKE_WINDOW).plusSeconds(1));
            Map<String, String> finals = new HashMap<>();
            for (var e : entries.entrySet()) {
                String want = switch (e.getValue().expected) {
                    case "SHORTLIST" -> award.getOrDefault(e.getKey(), "FINALIST");
                    case "WITHDRAW" -> "WITHDRAWN";
                    default -> "NOT_SHORTLISTED";
                };
                finals.put(e.getKey(), want);
                Workflow.await("final status of " + e.getValue().receipt.path("reference").asText(),
                        () -> w.status(e.getValue().receipt).path("status").asText().equals(want));
                String arn = executions.get(e.getKey());
                ExecutionStatus end = e.getValue().expected.equals("WITHDRAW") ? ExecutionStatus.ABORTED : ExecutionStatus.SUCCEEDED;
                Workflow.await("execution end of " + arn, () -> sfn.describeExecution(b -> b.executionArn(arn)).status() == end);
            }
            assertThat(finals.values()).contains("WINNER", "HIGHLY_COMMENDED", "FINALIST", "NOT_SHORTLISTED", "WITHDRAWN");

            // Every email, once each.
            List<JsonNode> all = w.outbox();
            Set<String> seen = new HashSet<>();
            for (JsonNode m : all) {
                assertThat(seen.add(kind(m) + "|" + about(m) + "|" + m.path("to").get(0).asText())).as("sent twice: " + m).isTrue();
            }
            long shortlisted = entries.values().stream().filter(e -> e.expected.equals("SHORTLIST")).count();
            Entry silent = entries.values().stream().filter(e -> e.expected.equals("NO_VOTES")).findFirst().orElseThrow();
            Map<String, Long> counts = new HashMap<>();
            all.forEach(m -> counts.merge(kind(m), 1L, Long::sum));
            assertThat(counts).containsEntry("RECEIPT", 52L).containsEntry("CLOSED", 51L).containsEntry("SHORTLISTED", shortlisted)
                    .containsEntry("NOT_SHORTLISTED", 51L - shortlisted).containsEntry("UNDECIDED", 1L).containsEntry("CHAIR_INVITE", 3L)
                    .containsEntry("RESULT", shortlisted)
                    .containsEntry("JUDGE_REMINDER", (long) invites.get(silent.receipt.path("id").asText()).size())
                    // One email per judge when judging opens, however many nominations each judges.
                    .containsEntry("JUDGE_QUEUE", invites.values().stream().flatMap(List::stream).map(m -> m.path("to").get(0).asText()).distinct().count());
            assertThat(counts.keySet()).containsExactlyInAnyOrder("RECEIPT", "CLOSED", "JUDGE_QUEUE", "JUDGE_REMINDER", "UNDECIDED",
                    "SHORTLISTED", "NOT_SHORTLISTED", "CHAIR_INVITE", "RESULT");
            assertThat(all.stream().filter(m -> kind(m).equals("UNDECIDED")).findFirst().orElseThrow().path("to").get(0).asText())
                    .isEqualTo("awards@example.gov.uk");

            // Each execution took the design's path, in a small history.
            for (var e : entries.entrySet()) {
                List<String> path = topLevelPath(history(sfn, executions.get(e.getKey())));
                List<String> want = switch (e.getValue().expected) {
                    case "SHORTLIST" -> List.of("WaitForClose", "Close", "AfterClose", "AwaitPanel", "WaitForShortlist",
                            "Shortlist", "AfterShortlist", "AwaitAwards", "WaitForCeremony", "Ceremony", "AfterCeremony", "Awarded");
                    case "WITHDRAW" -> List.of("WaitForClose");
                    default -> List.of("WaitForClose", "Close", "AfterClose", "AwaitPanel", "WaitForShortlist",
                            "Shortlist", "AfterShortlist", "NotShortlisted");
                };
                assertThat(path).as(e.getValue().receipt.path("reference").asText()).isEqualTo(want);
                assertThat(history(sfn, executions.get(e.getKey())).size()).isLessThan(80);
            }
            if (faults > 0) {
                // The faults did happen, and were retried: the histories show them.
                List<String> errors = executions.values().stream().flatMap(arn -> history(sfn, arn).stream())
                        .map(h -> h.taskFailedEventDetails() != null ? h.taskFailedEventDetails().error()
                                : h.lambdaFunctionFailedEventDetails() != null ? h.lambdaFunctionFailedEventDetails().error() : null)
                        .filter(java.util.Objects::nonNull).toList();
                // Every fault injected shows in a history (how many depends on how the threads
                // interleave their draws from the seeded source, so the count is not fixed; a
                // function's own concurrency limit may add real throttles).
                assertThat(injected.lambdaInjected()).as("faults injected").isGreaterThan(0);
                assertThat(errors.stream().filter(error -> error.equals("Lambda.TooManyRequestsException") || error.startsWith("Lambda.SnapStart")).count())
                        .as("injected faults among %s", errors).isGreaterThanOrEqualTo(injected.lambdaInjected());
            }
            // No status token, link secret, task token or the admin token in any log line of the cycle.
            capture.flush();
            String log;
            synchronized (logged) {
                log = logged.toString(java.nio.charset.StandardCharsets.UTF_8);
            }
            java.util.Set<String> secrets = new java.util.HashSet<>();
            secrets.add(w.runtime.adminToken());
            entries.values().forEach(e -> secrets.add(e.receipt.path("statusUrl").asText().replaceAll(".*token=", "")));
            w.outbox().forEach(m -> m.path("links").forEach(l -> {
                if (l.asText().contains("/judging/")) {
                    secrets.add(l.asText().substring(l.asText().lastIndexOf('/') + 1));
                }
            }));
            for (String arn : executions.values()) {
                for (HistoryEvent h : history(sfn, arn)) {
                    if (h.taskScheduledEventDetails() != null) {
                        String token = Workflow.JSON.readTree(h.taskScheduledEventDetails().parameters()).path("Payload").path("token").asText("");
                        if (!token.isEmpty()) {
                            secrets.add(token);
                        }
                    }
                }
            }
            assertThat(secrets.size()).isGreaterThan(100);
            assertThat(secrets.stream().filter(log::contains).toList()).as("secrets in the log").isEmpty();
            // Every call of every function and of the state machine stayed inside its policy.
            assertThat(w.runtime.iam().denials()).isEmpty();
        }
    }

    static List<HistoryEvent> history(SfnClient sfn, String arn) {
        List<HistoryEvent> out = new ArrayList<>();
        String next = null;
        do {
            String token = next;
            var page = sfn.getExecutionHistory(b -> b.executionArn(arn).maxResults(1000).nextToken(token));
            out.addAll(page.events());
            next = page.nextToken();
        } while (next != null);
        return out;
    }

    /** The states entered, in order: at most 12 on any path (the round's close resumes a panel without a step of its own). */
    static List<String> topLevelPath(List<HistoryEvent> events) {
        return events.stream().filter(h -> h.stateEnteredEventDetails() != null).map(h -> h.stateEnteredEventDetails().name()).toList();
    }

    /** A leaderboard row: the entry's reference and its score (a row never spans into the next). */
    private static final Pattern BOARD_ROW = Pattern.compile("<span class=\"meta\">([A-Z]+-\\d{4}-\\d+)</span>(?:(?!</tr>).)*?</td><td>([0-9.]+)</td><td>\\d+ of");
    private static final Pattern TICKED = Pattern.compile("name=\"entry\" value=\"([a-z0-9]+)\" checked");

    /**
     * Issue 13's cycle: social mobility and mentoring judged by scores (both seeds among fifty
     * entries), network of the year by approval. Judges score every entry from their lists, one
     * changes a score before the round closes and is refused after it, one declares a conflict and
     * the free judge scores in their place, nobody scores one entry; the one chair of both scored
     * categories confirms one shortlist and leaves the other to the default. Every final status,
     * every email once by kind, and the leaderboard's order by the weighted means are checked.
     */
    @org.junit.jupiter.api.Test
    void aScoredCycle_fromTheJudgesListsToTheCeremony() throws Exception {
        Instant roundCloses = Instant.parse("2027-07-20T16:00:00Z");
        try (Workflow w = new Workflow(data)) {
            w.advanceTo(OPEN);
            ObjectNode cycle = ScoringIT.scoredCycle();
            Map<String, Integer> sizes = Map.of("social-mobility", 3, "mentoring", 2);
            cycle.path("categories").forEach(c -> {
                if (sizes.containsKey(c.path("id").asText())) {
                    ((ObjectNode) c.path("judging")).put("shortlistSize", sizes.get(c.path("id").asText()));
                }
            });
            w.putCycle(cycle);

            // Fifty entries: the two seeds and forty-eight generated, sixteen to each category.
            Map<String, Entry> entries = new LinkedHashMap<>();
            Map<String, Integer> impact = new HashMap<>();
            for (String sample : List.of(SampleEvents.SOCIAL_MOBILITY, SampleEvents.MUTUAL_MENTORING)) {
                JsonNode body = Workflow.JSON.readTree(SampleEvents.body(Workflow.ROOT, sample));
                JsonNode receipt = w.submit(body.toString());
                entries.put(receipt.path("id").asText(), new Entry(receipt, body.path("category").asText(), "SEED", Set.of()));
                impact.put(receipt.path("id").asText(), 5);
            }
            for (int i = 0; i < 48; i++) {
                ObjectNode body = (ObjectNode) Workflow.JSON.readTree(SampleEvents.body(Workflow.ROOT, SampleEvents.SOCIAL_MOBILITY));
                String category = CATEGORIES[i % 3];
                body.put("category", category);
                ((ObjectNode) body.path("nominee")).put("name", "Inclusion Team " + i).put("organisation", ORGANISATIONS[i % ORGANISATIONS.length]);
                ((ObjectNode) body.path("nominator")).put("name", "Nominator " + i).put("email", "nominator" + i + "@example.org")
                        .put("organisation", ORGANISATIONS[(i + 3) % ORGANISATIONS.length]);
                JsonNode receipt = w.submit(body.toString());
                String plan = i == 4 ? "WITHDRAW" : i == 7 ? "NO_SCORES" : category.equals("network-of-the-year") ? (i % 4 == 0 ? "SHORTLIST" : "DECLINE") : "SCORE";
                entries.put(receipt.path("id").asText(), new Entry(receipt, category, plan, Set.of()));
                impact.put(receipt.path("id").asText(), 1 + (i * 7) % 4);
            }
            assertThat(entries).hasSize(50);
            Entry withdrawn = entries.values().stream().filter(e -> e.expected.equals("WITHDRAW")).findFirst().orElseThrow();
            assertThat(w.send(HttpRequest.newBuilder(URI.create(withdrawn.receipt.path("statusUrl").asText().replace("?token=", "/withdraw?token=")))
                    .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(200);

            w.advanceTo(CLOSE.plus(awards.cycle.Plan.WAKE_WINDOW).plusSeconds(1));
            // Every entry has its panel (up to three judges: none from the nominee's or nominator's organisation).
            Workflow.await("every panel assigned", () -> java.util.stream.StreamSupport.stream(w.admin("/admin/cycles/dia-2027/judging")
                    .path("categories").spliterator(), false).mapToInt(c -> c.path("awaitingPanel").asInt()).sum() == 0);
            Workflow.await("every seat on a judge's list", () -> {
                List<JsonNode> now = w.judgeInvites();
                long assigned = java.util.stream.StreamSupport.stream(w.admin("/admin/cycles/dia-2027/judging").path("judges").spliterator(), false)
                        .mapToLong(j -> j.path("assigned").asLong()).sum();
                return now.stream().map(Workflow::about).distinct().count() == 49 && now.size() == assigned;
            });
            List<JsonNode> seats = w.judgeInvites();

            // Judges work through their lists: scores (Impact from the entry, Reach from the judge), or votes.
            Map<String, List<Double>> weighted = new HashMap<>();
            Map<String, Integer> judgeNumber = new HashMap<>();
            String changedSeat = null;
            for (JsonNode seat : seats) {
                String id = about(seat);
                Entry entry = entries.get(id);
                String link = seat.path("links").get(0).asText();
                int reach = 1 + judgeNumber.computeIfAbsent(seat.path("to").get(0).asText(), k -> judgeNumber.size()) % 5;
                switch (entry.expected) {
                    case "NO_SCORES" -> { }
                    case "SHORTLIST", "DECLINE" -> assertThat(w.decide(link, "decision=" + (entry.expected.equals("SHORTLIST") ? "shortlist" : "decline"))
                            .body()).contains("You decided");
                    default -> {
                        HttpResponse<String> saved = w.decide(link, "c0=" + impact.get(id) + "&c1=" + reach + "&comment=Scored+with+care");
                        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
                        weighted.computeIfAbsent(id, k -> new ArrayList<>()).add((2.0 * impact.get(id) + reach) / 3);
                        if (changedSeat == null && entry.category.equals("mentoring") && entry.expected.equals("SCORE")) {
                            changedSeat = link;
                        }
                    }
                }
            }
            // A changed mind before the close: that judge gives the entry 1 for Impact instead.
            String changed = changedSeat;
            String changedId = changed.substring(changed.indexOf("?entry=") + 7);
            int changedReach = Integer.parseInt(Pattern.compile("name=\"c1\" value=\"(\\d)\" checked").matcher(w.get(changed).body()).results()
                    .findFirst().orElseThrow().group(1));
            assertThat(w.decide(changed, "c0=1&c1=" + changedReach + "&comment=On+reflection").statusCode()).isEqualTo(200);
            List<Double> list = weighted.get(changedId);
            list.remove((2.0 * impact.get(changedId) + changedReach) / 3);
            list.add((2.0 + changedReach) / 3);

            // A conflict on the social mobility seed: its first judge stands aside, the free judge scores in their place.
            String seed = entries.entrySet().stream().filter(e -> e.getValue().expected.equals("SEED") && e.getValue().category.equals("social-mobility"))
                    .findFirst().orElseThrow().getKey();
            JsonNode conflicted = seats.stream().filter(x -> about(x).equals(seed)).findFirst().orElseThrow();
            String conflictedJudge = conflicted.path("to").get(0).asText();
            assertThat(w.decide(conflicted.path("links").get(0).asText(), "conflict=yes&reason=I+chair+its+steering+group").body())
                    .contains("You declared a conflict of interest");
            int conflictedReach = 1 + judgeNumber.get(conflictedJudge) % 5;
            weighted.get(seed).remove((2.0 * 5 + conflictedReach) / 3);
            JsonNode replacement = w.judgeInvites().stream().filter(x -> about(x).equals(seed))
                    .filter(x -> seats.stream().noneMatch(y -> y.path("links").get(0).asText().equals(x.path("links").get(0).asText())))
                    .findFirst().orElseThrow();
            int replacementReach = 1 + judgeNumber.computeIfAbsent(replacement.path("to").get(0).asText(), k -> judgeNumber.size()) % 5;
            assertThat(w.decide(replacement.path("links").get(0).asText(), "c0=5&c1=" + replacementReach + "&comment=Scored+with+care").statusCode())
                    .isEqualTo(200);
            weighted.get(seed).add((2.0 * 5 + replacementReach) / 3);

            // A week before the round closes, the judges still behind (on the entry nobody scored) are reminded.
            String unscored = entries.entrySet().stream().filter(e -> e.getValue().expected.equals("NO_SCORES")).findFirst().orElseThrow().getKey();
            Set<String> behind = new HashSet<>();
            seats.stream().filter(x -> about(x).equals(unscored)).forEach(x -> behind.add(x.path("to").get(0).asText()));
            w.advanceTo(roundCloses.minus(java.time.Duration.ofDays(7)).plus(Workflow.ROUNDS_EVERY).plusSeconds(1));
            Workflow.await("the reminders", () -> w.outbox().stream().filter(m -> kind(m).equals("JUDGE_REMINDER")).count() == behind.size());
            assertThat(w.outbox().stream().filter(m -> kind(m).equals("JUDGE_REMINDER")).map(m -> m.path("to").get(0).asText())).containsExactlyInAnyOrderElementsOf(behind);

            // The round closes: a score after it is refused, and the chair of both categories gets both leaderboards.
            w.advanceTo(roundCloses.plus(Workflow.ROUNDS_EVERY).plusSeconds(1));
            Workflow.await("both leaderboards", () -> w.outbox().stream().filter(m -> kind(m).equals("CHAIR_SHORTLIST")).count() == 2);
            HttpResponse<String> late = w.send(HttpRequest.newBuilder(URI.create(changed)).header("content-type", "application/x-www-form-urlencoded")
                    .header("Origin", w.api()).POST(HttpRequest.BodyPublishers.ofString("nonce=" + awards.judging.Links.nonce(
                            changed.substring(changed.lastIndexOf('/') + 1, changed.indexOf('?'))) + "&c0=5&c1=5&comment=late")));
            assertThat(late.statusCode()).isEqualTo(409);

            // Each leaderboard ranks its entries by the mean of the judges' weighted means.
            Map<String, String> idByReference = new HashMap<>();
            entries.forEach((id, e) -> idByReference.put(e.receipt.path("reference").asText(), id));
            Map<String, List<String>> ranked = new HashMap<>();
            Map<String, String> boards = new HashMap<>();
            for (JsonNode board : w.outbox().stream().filter(m -> kind(m).equals("CHAIR_SHORTLIST")).toList()) {
                String category = about(board).substring("dia-2027-".length());
                String link = board.path("links").get(0).asText();
                boards.put(category, link);
                String page = w.get(link).body();
                List<String> order = new ArrayList<>();
                Matcher row = BOARD_ROW.matcher(page);
                while (row.find()) {
                    String id = idByReference.get(row.group(1));
                    double mean = weighted.get(id).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                    assertThat(row.group(2)).as(row.group(1)).isEqualTo(String.format(java.util.Locale.ROOT, "%.2f", mean));
                    order.add(id);
                }
                List<String> scoredHere = weighted.keySet().stream().filter(id -> entries.get(id).category.equals(category)).toList();
                assertThat(order).containsExactlyInAnyOrderElementsOf(scoredHere);
                for (int i = 1; i < order.size(); i++) {
                    double before = weighted.get(order.get(i - 1)).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                    double here = weighted.get(order.get(i)).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                    assertThat(before).as("ranked by score").isGreaterThanOrEqualTo(here - 1e-9);
                }
                ranked.put(category, order);
            }

            // Social mobility: the chair confirms the entries ticked for them. Mentoring: they do nothing.
            String socialBoard = w.get(boards.get("social-mobility")).body();
            List<String> ticked = TICKED.matcher(socialBoard).results().map(m -> m.group(1)).toList();
            assertThat(ticked).hasSizeGreaterThanOrEqualTo(3).containsAll(ranked.get("social-mobility").subList(0, 3));
            assertThat(w.decide(boards.get("social-mobility"), String.join("&", ticked.stream().map(id -> "entry=" + id).toList())).body())
                    .contains("The shortlist is confirmed");

            w.advanceTo(SHORTLIST.plus(awards.cycle.Plan.WAKE_WINDOW).plusSeconds(1));
            List<String> mentoring = ranked.get("mentoring");
            double cut = weighted.get(mentoring.get(1)).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            Set<String> shortlisted = new HashSet<>(ticked);
            mentoring.stream().filter(id -> weighted.get(id).stream().mapToDouble(Double::doubleValue).average().orElseThrow() >= cut - 1e-9)
                    .forEach(shortlisted::add);
            entries.forEach((id, e) -> {
                if (e.expected.equals("SHORTLIST")) {
                    shortlisted.add(id);
                }
            });
            for (var e : entries.entrySet()) {
                String want = e.getValue().expected.equals("WITHDRAW") ? "WITHDRAWN" : shortlisted.contains(e.getKey()) ? "SHORTLISTED" : "NOT_SHORTLISTED";
                Workflow.await("shortlist status of " + e.getValue().receipt.path("reference").asText(),
                        () -> w.status(e.getValue().receipt).path("status").asText().equals(want));
            }

            // Each chair chooses a winner: the one chair of the scored categories is asked for each.
            Workflow.await("three invitations", () -> w.outbox().stream().filter(m -> kind(m).equals("CHAIR_INVITE")).count() == 3);
            Set<String> winners = new HashSet<>();
            for (JsonNode chair : w.outbox().stream().filter(m -> kind(m).equals("CHAIR_INVITE")).toList()) {
                String link = chair.path("links").get(0).asText();
                Matcher option = WINNER_OPTION.matcher(w.get(link).body());
                assertThat(option.find()).isTrue();
                winners.add(option.group(1));
                assertThat(w.decide(link, "winner=" + option.group(1)).body()).contains("The choice is recorded");
            }
            w.advanceTo(CEREMONY.plus(awards.cycle.Plan.WAKE_WINDOW).plusSeconds(1));
            var sfn = w.sfn();
            for (var e : entries.entrySet()) {
                String want = e.getValue().expected.equals("WITHDRAW") ? "WITHDRAWN" : winners.contains(e.getKey()) ? "WINNER"
                        : shortlisted.contains(e.getKey()) ? "FINALIST" : "NOT_SHORTLISTED";
                Workflow.await("final status of " + e.getValue().receipt.path("reference").asText(),
                        () -> w.status(e.getValue().receipt).path("status").asText().equals(want));
                // A status is set before the step sends its email (which SES may throttle and the step retry): the execution's end follows both.
                String arn = w.executionArn(e.getValue().receipt);
                ExecutionStatus end = want.equals("WITHDRAWN") ? ExecutionStatus.ABORTED : ExecutionStatus.SUCCEEDED;
                Workflow.await("execution end of " + arn, () -> sfn.describeExecution(b -> b.executionArn(arn)).status() == end);
            }
            sfn.close();

            // Every email once; by kind, what the cycle should have sent.
            List<JsonNode> all = w.outbox();
            Set<String> seen = new HashSet<>();
            for (JsonNode m : all) {
                assertThat(seen.add(kind(m) + "|" + about(m) + "|" + m.path("to").get(0).asText())).as("sent twice: " + m).isTrue();
            }
            Map<String, Long> counts = new HashMap<>();
            all.forEach(m -> counts.merge(kind(m), 1L, Long::sum));
            // (The judges' lists closed at the shortlist date: their judges are those of the seats read while judging.)
            Set<String> judges = new HashSet<>();
            seats.forEach(x -> judges.add(x.path("to").get(0).asText()));
            judges.add(replacement.path("to").get(0).asText());
            Map<String, Long> expected = new HashMap<>(Map.of("RECEIPT", 50L, "CLOSED", 49L, "JUDGE_QUEUE", (long) judges.size(),
                    "JUDGE_REMINDER", (long) behind.size(), "UNDECIDED", 1L, "CHAIR_SHORTLIST", 2L, "DEFAULT_SHORTLIST", 1L, "CHAIR_INVITE", 3L));
            expected.put("SHORTLISTED", (long) shortlisted.size());
            expected.put("NOT_SHORTLISTED", 49L - shortlisted.size());
            expected.put("RESULT", (long) shortlisted.size());
            assertThat(counts).containsExactlyInAnyOrderEntriesOf(expected);
            assertThat(all.stream().filter(m -> kind(m).equals("UNDECIDED")).findFirst().orElseThrow().path("subject").asText())
                    .contains(entries.get(unscored).receipt.path("reference").asText());
            // The conflict is the admins' to see, with its reason; nominators never see who judged.
            HttpResponse<String> csv = w.send(HttpRequest.newBuilder(URI.create(w.api() + "/admin/nominations?cycleId=dia-2027&format=csv"))
                    .header("Authorization", "Bearer " + w.runtime.adminToken()));
            assertThat(csv.body()).contains("I chair its steering group").contains("On reflection");
            assertThat(w.status(entries.get(seed).receipt).toString()).doesNotContain(conflictedJudge, "steering group");
        }
    }
}
