package awards.local.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import awards.judging.JudgingStore;
import awards.local.console.SampleEvents;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * A judge's decision is one transaction (issue 10): judges deciding at the same moment are all
 * counted and the panel decides once; a decision committed whose execution was never resumed (a
 * crash between the two) is resumed by the judge's retried POST.
 */
class DecisionsIT {
    private static final Instant OPEN = Instant.parse("2027-04-15T09:00:00Z");
    private static final Instant CLOSE = Instant.parse("2027-05-03T16:00:00Z");

    @TempDir
    Path data;

    private static DynamoDbClient dynamo(Workflow w) {
        return DynamoDbClient.builder().endpointOverride(URI.create(w.runtime.endpoint("DynamoDB Local"))).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    /** One nomination, closed: its judges' invitation links. */
    private static List<String> judgeLinks(Workflow w, JsonNode receipt) throws Exception {
        w.advanceTo(CLOSE.plus(awards.cycle.Plan.WAKE_WINDOW).plusSeconds(1));
        Workflow.await("three invitations", () -> w.judgeInvites().stream().count() == 3);
        return w.judgeInvites().stream().map(m -> m.path("links").get(0).asText()).toList();
    }

    private static long awaitPanelSucceeded(SfnClient sfn, String arn) {
        return LifecycleIT.history(sfn, arn).stream().filter(h -> h.typeAsString().equals("TaskSucceeded")).count();
    }

    @Test
    void judgesDecidingAtOnce_areAllCounted_andThePanelDecidesOnce() throws Exception {
        try (Workflow w = new Workflow(data); SfnClient sfn = w.sfn(); DynamoDbClient ddb = dynamo(w)) {
            w.advanceTo(OPEN);
            w.putCycle(Workflow.demoCycle());
            JsonNode receipt = w.submit(SampleEvents.body(Workflow.ROOT, SampleEvents.SOCIAL_MOBILITY));
            List<String> links = judgeLinks(w, receipt);
            ExecutorService pool = Executors.newFixedThreadPool(3);
            List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String link = links.get(i);
                String decision = i < 2 ? "shortlist" : "decline";
                calls.add(() -> w.decide(link, "decision=" + decision));
            }
            for (Future<HttpResponse<String>> f : pool.invokeAll(calls)) {
                assertThat(f.get().statusCode()).isEqualTo(200);
            }
            pool.shutdown();
            JudgingStore.Panel panel = new JudgingStore(ddb, "NominationsTable").panel(receipt.path("id").asText()).orElseThrow();
            assertThat(panel.votesFor() + panel.votesAgainst()).as("every vote counted").isEqualTo(3);
            assertThat(panel.votesFor()).isEqualTo(2);
            assertThat(panel.outcome()).isEqualTo("SHORTLISTED");
            String arn = w.executionArn(receipt);
            Workflow.await("the panel's execution to move on", () -> awaitPanelSucceeded(sfn, arn) >= 1);
            assertThat(awaitPanelSucceeded(sfn, arn)).as("resumed once").isEqualTo(1);
        }
    }

    @Test
    void aDecisionCommittedButNeverResumed_isResumedByTheRetriedPost() throws Exception {
        try (Workflow w = new Workflow(data); SfnClient sfn = w.sfn(); DynamoDbClient ddb = dynamo(w)) {
            w.advanceTo(OPEN);
            w.putCycle(Workflow.demoCycle());
            JsonNode receipt = w.submit(SampleEvents.body(Workflow.ROOT, SampleEvents.SOCIAL_MOBILITY));
            List<String> links = judgeLinks(w, receipt);
            JudgingStore store = new JudgingStore(ddb, "NominationsTable");
            String arn = w.executionArn(receipt);
            // Two judges decline through the store alone: committed, as a crash before the resume leaves it.
            for (String link : links.subList(0, 2)) {
                // The link opens the judge's list (…/judging/{list id}/{secret}?entry={nomination id});
                // their decision on the entry is kept in the item of that judge and entry.
                String listId = link.substring(link.indexOf("/judging/") + 9, link.lastIndexOf('/'));
                String judge = store.link(listId).orElseThrow().who();
                String entry = link.substring(link.indexOf("?entry=") + 7);
                JudgingStore.Link l = store.link(JudgingStore.seatLinkId(entry, judge)).orElseThrow();
                JudgingStore.Panel p = store.panel(receipt.path("id").asText()).orElseThrow();
                String outcome = p.votesAgainst() + 1 >= p.majority() ? "NOT_SHORTLISTED" : null;
                assertThat(store.recordVote(l, p, false, "", outcome, Instant.now())).isEqualTo(JudgingStore.Recorded.RECORDED);
            }
            assertThat(store.panel(receipt.path("id").asText()).orElseThrow().outcome()).isEqualTo("NOT_SHORTLISTED");
            Thread.sleep(500);
            assertThat(awaitPanelSucceeded(sfn, arn)).as("nothing resumed it").isZero();

            // The judge, seeing no answer, posts again: the page shows the decision, and the execution moves on.
            String link = links.get(1);
            String nonce = awards.judging.Links.nonce(link.substring(link.lastIndexOf('/') + 1, link.indexOf('?')));
            HttpResponse<String> again = w.send(java.net.http.HttpRequest.newBuilder(URI.create(link))
                    .header("content-type", "application/x-www-form-urlencoded").header("Origin", w.api())
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("nonce=" + nonce + "&decision=decline")));
            assertThat(again.statusCode()).isEqualTo(200);
            Workflow.await("the execution to be resumed", () -> awaitPanelSucceeded(sfn, arn) == 1);
        }
    }
}
