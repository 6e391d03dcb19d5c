package awards.local.lifecycle;

import static awards.local.lifecycle.Workflow.JSON;
import static awards.local.lifecycle.Workflow.kind;
import static org.assertj.core.api.Assertions.assertThat;

import awards.local.console.SampleEvents;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

/**
 * Personal data as UK GDPR asks (issue 16): one person's data erased everywhere on request, handed
 * over on request, and every cycle's erased when its retention passes; each an audit item that holds
 * only the address's hash.
 */
class PrivacyIT {
    private static final Instant IN_WINDOW = Instant.parse("2027-04-15T09:00:00Z");
    private static final Instant AFTER_CLOSE = Instant.parse("2027-05-03T17:00:00Z");

    private static String sample(String which) throws Exception {
        return SampleEvents.body(Workflow.ROOT, which);
    }

    private static String withNominator(String body, String name, String email, String citation) throws Exception {
        ObjectNode b = (ObjectNode) JSON.readTree(body);
        ((ObjectNode) b.path("nominator")).put("name", name).put("email", email);
        if (citation != null) {
            b.put("citation", citation);
        }
        return b.toString();
    }

    private static HttpResponse<String> admin(Workflow w, String path, String email) {
        return w.send(HttpRequest.newBuilder(URI.create(w.api() + path)).header("Authorization", "Bearer " + w.runtime.adminToken())
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\"}")));
    }

    private static DynamoDbClient dynamo(Workflow w) {
        return DynamoDbClient.builder().endpointOverride(URI.create(w.runtime.endpoint("DynamoDB Local"))).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    /** Every item of the table, as text. */
    private static List<String> table(Workflow w) {
        try (DynamoDbClient ddb = dynamo(w)) {
            List<String> out = new ArrayList<>();
            ddb.scanPaginator(b -> b.tableName(w.runtime.tableName())).items().forEach(i -> out.add(i.toString()));
            return out;
        }
    }

    /** Every execution's whole history, as text. */
    private static String histories(Workflow w) {
        StringBuilder b = new StringBuilder();
        try (var sfn = w.sfn()) {
            for (ExecutionListItem e : sfn.listExecutions(r -> r.stateMachineArn(w.runtime.stateMachineArn())).executions()) {
                b.append(sfn.describeExecution(r -> r.executionArn(e.executionArn()))).append('\n');
                sfn.getExecutionHistoryPaginator(r -> r.executionArn(e.executionArn())).events().forEach(ev -> b.append(ev).append('\n'));
            }
        }
        return b.toString();
    }

    private static void judgeEverything(Workflow w, String comment, int invitations) {
        Workflow.await(invitations + " judges' invitations", () -> w.judgeInvites().stream().count() >= invitations);
        for (JsonNode invite : w.judgeInvites().stream().toList()) {
            HttpResponse<String> r = w.decide(invite.path("links").get(0).asText(), "decision=shortlist&comment=" + java.net.URLEncoder
                    .encode(comment + " (" + invite.path("to").get(0).asText() + ")", java.nio.charset.StandardCharsets.UTF_8));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
    }

    /** Three judges a category for three a nomination: every judge is invited. */
    private static ObjectNode threeJudgesEach(ObjectNode cycle) {
        for (JsonNode c : cycle.path("categories")) {
            ArrayNode judges = (ArrayNode) c.path("panel").path("judges");
            while (judges.size() > 3) {
                judges.remove(judges.size() - 1);
            }
        }
        return cycle;
    }

    @Test
    void erasingANominatorAndAJudge_leavesNothingOfThem_butTheirNominationsStillCount() throws Exception {
        try (Workflow w = new Workflow(null)) {
            w.advanceTo(IN_WINDOW);
            w.putCycle(threeJudgesEach(Workflow.demoCycle()));
            // Joanna Pike nominates; her citation names her, as citations do.
            JsonNode joannas = w.submit(withNominator(sample(SampleEvents.SOCIAL_MOBILITY), "Joanna Pike", "joanna.pike@example.gov.uk",
                    "Joanna Pike writes: the network's reverse mentoring reached sixty per cent of senior leaders."));
            JsonNode marcus = w.submit(sample(SampleEvents.MUTUAL_MENTORING));
            // Someone who leaves before the close: erasing them withdraws their open nomination first.
            JsonNode leavers = w.submit(withNominator(sample(SampleEvents.MUTUAL_MENTORING), "Lee Vaughan", "lee.vaughan@example.gov.uk", null));
            HttpResponse<String> early = admin(w, "/admin/people/erasure", "Lee.Vaughan@example.gov.uk");
            assertThat(early.statusCode()).as(early.body()).isEqualTo(200);
            assertThat(w.json(early).path("nominationsWithdrawn").asInt()).isEqualTo(1);
            try (var sfn = w.sfn()) {
                Workflow.await("the leaver's execution stopped", () -> sfn.describeExecution(r -> r.executionArn(w.executionArn(leavers)))
                        .statusAsString().equals("ABORTED"));
            }

            w.advanceTo(AFTER_CLOSE.plusSeconds(3600));
            judgeEverything(w, "Tom Okafor thinks this is strong", 6);
            String judge = "tom.okafor@example.gov.uk";
            Workflow.await("Tom's decision", () -> table(w).stream().anyMatch(i -> i.contains("VOTE#" + judge)));

            HttpResponse<String> erasedJoanna = admin(w, "/admin/people/erasure", "joanna.pike@example.gov.uk");
            HttpResponse<String> erasedTom = admin(w, "/admin/people/erasure", judge);
            assertThat(erasedJoanna.statusCode()).as(erasedJoanna.body()).isEqualTo(200);
            assertThat(erasedTom.statusCode()).as(erasedTom.body()).isEqualTo(200);
            assertThat(w.json(erasedTom).path("itemsErased").path("cycle").asInt()).isEqualTo(1);

            List<String> gone = List.of("joanna.pike@example.gov.uk", "joanna pike", "tom.okafor@example.gov.uk", "tom okafor",
                    "lee.vaughan@example.gov.uk", "lee vaughan");
            List<String> items = table(w);
            for (String item : items) {
                for (String g : gone) {
                    assertThat(item.toLowerCase(Locale.ROOT)).as("an item after the erasure").doesNotContain(g);
                }
            }
            // The audit: three erasures, each with the address's hash and who asked, nothing more of them.
            assertThat(items.stream().filter(i -> i.contains("privacy-audit") && i.contains("erasure")).count()).isEqualTo(3);
            assertThat(String.join("\n", items)).contains(awards.privacy.PersonalData.addressHash("tom.okafor@example.gov.uk"));
            // The local outbox (standing in for what was sent) keeps nothing to or from them either.
            String outbox = w.outbox().toString().toLowerCase(Locale.ROOT);
            assertThat(outbox).doesNotContain("joanna.pike@").doesNotContain("tom.okafor@").doesNotContain("lee.vaughan@");
            assertThat(outbox).contains("marcus.levene@");
            String histories = histories(w).toLowerCase(Locale.ROOT);
            for (String g : gone) {
                assertThat(histories).as("the execution histories").doesNotContain(g);
            }
            // The API's answers: the status pages and the admin list and CSV.
            String answers = w.get(joannas.path("statusUrl").asText()).body() + w.get(marcus.path("statusUrl").asText()).body()
                    + w.send(HttpRequest.newBuilder(URI.create(w.api() + "/admin/nominations?cycleId=dia-2027"))
                            .header("Authorization", "Bearer " + w.runtime.adminToken())).body()
                    + w.send(HttpRequest.newBuilder(URI.create(w.api() + "/admin/nominations?cycleId=dia-2027&format=csv"))
                            .header("Authorization", "Bearer " + w.runtime.adminToken())).body();
            for (String g : gone) {
                assertThat(answers.toLowerCase(Locale.ROOT)).as("the API's answers").doesNotContain(g);
            }
            // Their nominations still count: three references, and Tom's vote still in his panel's tally.
            JsonNode list = w.json(w.send(HttpRequest.newBuilder(URI.create(w.api() + "/admin/nominations?cycleId=dia-2027"))
                    .header("Authorization", "Bearer " + w.runtime.adminToken())));
            assertThat(list.path("items")).hasSize(3);
            assertThat(w.status(joannas).path("reference").asText()).isEqualTo(joannas.path("reference").asText());
            assertThat(items.stream().filter(i -> i.contains("VOTE#erased-")).count()).isGreaterThanOrEqualTo(1);
            assertThat(items.stream().filter(i -> i.contains("VOTE#erased-")).allMatch(i -> !i.contains("comment="))).isTrue();
        }
    }

    @Test
    void theExport_ofSomeoneWhoNominatedTwiceAndJudgedOnce_holdsAllThree_andNoOneElse() throws Exception {
        try (Workflow w = new Workflow(null)) {
            w.advanceTo(IN_WINDOW);
            w.putCycle(threeJudgesEach(Workflow.demoCycle()));
            String helen = "helen.marsh@example.gov.uk";
            w.submit(withNominator(sample(SampleEvents.SOCIAL_MOBILITY), "Helen Marsh", helen, null));
            ObjectNode second = (ObjectNode) JSON.readTree(withNominator(sample(SampleEvents.SOCIAL_MOBILITY), "Helen Marsh", helen, null));
            ((ObjectNode) second.path("nominee")).put("name", "Another Network");
            w.submit(second.toString());
            w.submit(sample(SampleEvents.MUTUAL_MENTORING));
            // Someone else whose name and address begin as hers do: not her.
            w.submit(withNominator(sample(SampleEvents.SOCIAL_MOBILITY), "Helen Marshall", "helen.marshall@example.gov.uk",
                    "Helen Marshall nominates the network she chairs."));
            w.advanceTo(AFTER_CLOSE.plusSeconds(3600));
            Workflow.await("Helen's invitation", () -> w.judgeInvites().stream().anyMatch(m -> m.path("to").get(0).asText().equals(helen)));
            JsonNode invite = w.judgeInvites().stream().filter(m -> m.path("to").get(0).asText().equals(helen))
                    .findFirst().orElseThrow();
            assertThat(w.decide(invite.path("links").get(0).asText(), "decision=decline&comment=Not yet").statusCode()).isEqualTo(200);

            HttpResponse<String> r = admin(w, "/admin/people/export", helen);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode export = w.json(r);
            assertThat(export.path("nominations")).hasSize(2);
            assertThat(export.path("votes")).hasSize(1);
            assertThat(export.path("votes").get(0).path("decision").asText()).isEqualToIgnoringCase("decline");
            assertThat(export.path("votes").get(0).path("comment").asText()).isEqualTo("Not yet");
            assertThat(export.path("roles").findValuesAsText("role")).contains("judge");
            // The link to their list of nominations, and the item their decision on the one nomination is kept in.
            assertThat(export.path("judgingLinks").findValuesAsText("kind")).containsExactlyInAnyOrder("QUEUE", "JUDGE");
            assertThat(export.path("mentionedIn")).as("Helen Marshall's nomination is not Helen Marsh's").isEmpty();
            assertThat(export.path("panels")).hasSize(1);
            String text = export.toString().toLowerCase(Locale.ROOT);
            // Nothing of anyone else: no other person's address, nor the secret of the link.
            for (String other : List.of("marcus.levene", "kwame.boateng", "rachel.lindqvist", "samuel.adeyemi", "joanna.pike", "secrethash",
                    "helen marshall", "helen.marshall")) {
                assertThat(text).doesNotContain(other);
            }
            // An export is an audit item too.
            assertThat(table(w).stream().filter(i -> i.contains("privacy-audit") && i.contains("export")).count()).isEqualTo(1);
        }
    }

    @Test
    void pastItsRetention_aCyclesPersonalDataIsGone_itsCountsStay() throws Exception {
        try (Workflow w = new Workflow(null)) {
            w.advanceTo(IN_WINDOW);
            ObjectNode cycle = Workflow.demoCycle();
            cycle.put("retentionDaysAfterCeremony", 30);
            JsonNode stored = w.putCycle(cycle);
            assertThat(stored.path("retentionDaysAfterCeremony").asInt()).isEqualTo(30);
            JsonNode receipt = w.submit(sample(SampleEvents.MUTUAL_MENTORING));
            w.advanceTo(AFTER_CLOSE.plusSeconds(3600));
            judgeEverything(w, "Kwame says yes", 3);
            // Past the ceremony the execution ends; a month later the daily schedule erases the cycle's people.
            w.advanceTo(Instant.parse("2027-10-05T12:00:00Z"));
            try (var sfn = w.sfn()) {
                Workflow.await("the execution ended", () -> !sfn.describeExecution(x -> x.executionArn(w.executionArn(receipt)))
                        .statusAsString().equals("RUNNING"));
            }
            assertThat(table(w).stream().anyMatch(i -> i.contains("personalDataErasedAt"))).isFalse();
            w.advanceTo(Instant.parse("2027-11-04T19:00:00Z").plusSeconds(2 * 86400));
            Workflow.await("the retention run", () -> table(w).stream().anyMatch(i -> i.contains("personalDataErasedAt")));
            String all = String.join("\n", table(w)).toLowerCase(Locale.ROOT);
            for (String g : List.of("marcus.levene@example.gov.uk", "marcus levene", "helen.marsh@example.gov.uk", "kwame boateng",
                    "kwame says yes", "conversations: connecting diverse voices", "priya.raman@example.gov.uk")) {
                assertThat(all).as("after the retention").doesNotContain(g);
            }
            assertThat(all).contains(receipt.path("reference").asText().toLowerCase(Locale.ROOT));
            assertThat(w.outbox().stream().filter(m -> Workflow.about(m).equals(receipt.path("id").asText()))).as("the outbox").isEmpty();
            assertThat(all).contains("retention");
            // The cycle is still a valid one: the admin API and the console read it.
            HttpResponse<String> read = w.send(HttpRequest.newBuilder(URI.create(w.api() + "/admin/cycles/dia-2027"))
                    .header("Authorization", "Bearer " + w.runtime.adminToken()));
            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
            assertThat(read.body()).contains("erased-").doesNotContain("priya.raman");
        }
    }
}
