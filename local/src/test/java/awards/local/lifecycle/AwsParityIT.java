package awards.local.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import awards.local.RuntimeOptions;
import awards.local.console.SampleEvents;
import awards.nomination.SubmitNominationHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Findings of the AWS parity review (issue 9) that need the whole runtime: a schedule that runs on
 * the virtual clock with the payload EventBridge Scheduler sends, an email SES refuses that no
 * longer stops a nomination, and the API behind a custom domain's mapping path.
 */
class AwsParityIT {
    private static final Instant OPEN = Instant.parse("2027-04-15T09:00:00Z");
    private static final Instant CLOSE = Instant.parse("2027-05-03T16:00:00Z");

    @TempDir
    Path data;

    @Test
    void theSweepersSchedule_runsOnTheVirtualClock_andStartsANominationWhoseStartWasLost() throws Exception {
        try (Workflow w = new Workflow(data); SfnClient sfn = w.sfn()) {
            w.advanceTo(OPEN);
            w.putCycle(Workflow.demoCycle());
            // The submit function, with Step Functions unreachable: stored, acknowledged, never started.
            Map<String, String> env = new HashMap<>(w.runtime.functions().find("SubmitNominationFunction").orElseThrow().environment());
            env.put("AWS_ENDPOINT_URL_SFN", "http://127.0.0.1:9");
            ObjectNode event = (ObjectNode) Workflow.JSON.readTree(Files.readString(Workflow.ROOT.resolve("events/api/" + SampleEvents.MUTUAL_MENTORING + ".json")));
            ((ObjectNode) event.path("requestContext")).put("timeEpoch", w.runtime.clock().millis());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new SubmitNominationHandler(env).handleRequest(new ByteArrayInputStream(Workflow.JSON.writeValueAsBytes(event)), out, null);
            JsonNode receipt = Workflow.JSON.readTree(Workflow.JSON.readTree(out.toByteArray()).path("body").asText());
            String arn = w.executionArn(receipt);
            assertThat(sfn.listExecutions(b -> b.stateMachineArn(w.runtime.stateMachineArn())).executions()).isEmpty();

            // Five minutes on: Scheduler's run, with <aws.scheduler.scheduled-time> filled in, starts it.
            w.advanceTo(w.runtime.clock().now().plus(Duration.ofMinutes(6)));
            Workflow.await("the sweeper to start " + receipt.path("reference").asText(),
                    () -> sfn.listExecutions(b -> b.stateMachineArn(w.runtime.stateMachineArn())).executions().stream()
                            .anyMatch(e -> e.executionArn().equals(arn)));
            assertThat(sfn.describeExecution(b -> b.executionArn(arn)).status()).isEqualTo(ExecutionStatus.RUNNING);
        }
    }

    @Test
    void anEmailSesRefuses_isRecorded_theAdminIsTold_andTheNominationGoesOnToJudging() throws Exception {
        // The sandbox: only example.gov.uk is verified, so a nominator at example.org cannot be sent to.
        RuntimeOptions options = RuntimeOptions.anyPorts(Workflow.ROOT, data)
                .withSes(new RuntimeOptions.Ses(true, 1000, List.of("example.gov.uk")));
        try (Workflow w = Workflow.with(options); SfnClient sfn = w.sfn()) {
            w.advanceTo(OPEN);
            w.putCycle(Workflow.demoCycle());
            ObjectNode body = (ObjectNode) Workflow.JSON.readTree(SampleEvents.body(Workflow.ROOT, SampleEvents.SOCIAL_MOBILITY));
            ((ObjectNode) body.path("nominator")).put("email", "someone@example.org");
            JsonNode receipt = w.submit(body.toString());
            String arn = w.executionArn(receipt);

            w.advanceTo(CLOSE.plus(awards.cycle.Plan.WAKE_WINDOW).plusSeconds(1));
            Workflow.await("the panel to be assigned", () -> sfn.getExecutionHistory(b -> b.executionArn(arn)).events().stream()
                    .anyMatch(h -> h.typeAsString().equals("TaskSubmitted")));
            assertThat(sfn.describeExecution(b -> b.executionArn(arn)).status()).isEqualTo(ExecutionStatus.RUNNING);
            assertThat(w.status(receipt).path("status").asText()).isEqualTo("CLOSED");

            HttpResponse<String> listed = w.send(HttpRequest.newBuilder(URI.create(w.api() + "/admin/nominations?cycleId=dia-2027"))
                    .header("Authorization", "Bearer " + w.runtime.adminToken()));
            JsonNode item = w.json(listed).path("items").get(0);
            assertThat(item.path("emailsRefused")).extracting(JsonNode::asText).containsExactly("CLOSED", "RECEIPT");

            List<JsonNode> outbox = w.outbox();
            assertThat(outbox).noneMatch(m -> m.path("to").toString().contains("someone@example.org"));
            List<JsonNode> notices = outbox.stream().filter(m -> Workflow.kind(m).startsWith("REFUSED-")).toList();
            assertThat(notices).extracting(Workflow::kind).containsExactlyInAnyOrder("REFUSED-RECEIPT", "REFUSED-CLOSED");
            assertThat(notices).allMatch(m -> m.path("to").get(0).asText().equals("awards@example.gov.uk"));
            assertThat(outbox).anyMatch(m -> Workflow.kind(m).equals("JUDGE_QUEUE"));
            assertThat(w.runtime.iam().denials()).isEmpty();
        }
    }

    @Test
    void behindAMappingPath_linksAndFormsKeepThePath() throws Exception {
        try (Workflow w = Workflow.with(RuntimeOptions.anyPorts(Workflow.ROOT, data).withBasePath("/awards"))) {
            assertThat(w.api()).endsWith("/awards");
            String origin = w.api().substring(0, w.api().length() - "/awards".length());
            w.advanceTo(OPEN);
            HttpResponse<String> put = w.send(HttpRequest.newBuilder(URI.create(w.api() + "/admin/cycles/dia-2027"))
                    .header("Authorization", "Bearer " + w.runtime.adminToken()).header("content-type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(Workflow.demoCycle().toString())));
            assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
            assertThat(w.get(origin + "/nominations").statusCode()).as("without the mapping path").isEqualTo(404);
            JsonNode receipt = w.submit(SampleEvents.body(Workflow.ROOT, SampleEvents.SOCIAL_MOBILITY));
            assertThat(receipt.path("statusUrl").asText()).startsWith(origin + "/awards/nominations/");
            assertThat(w.get(receipt.path("statusUrl").asText()).statusCode()).isEqualTo(200);

            w.advanceTo(CLOSE.plus(awards.cycle.Plan.WAKE_WINDOW).plusSeconds(1));
            Workflow.await("a judge's invitation", () -> !w.judgeInvites().isEmpty());
            JsonNode invite = w.judgeInvites().stream().findFirst().orElseThrow();
            String link = invite.path("links").get(0).asText();
            assertThat(link).startsWith(origin + "/awards/judging/");
            HttpResponse<String> page = w.get(link);
            assertThat(page.statusCode()).isEqualTo(200);
            // The form posts to the page's own address, whatever path the page was served under.
            assertThat(page.body()).contains("<form method=\"post\">");
            Matcher nonce = Pattern.compile("name=\"nonce\" value=\"([^\"]+)\"").matcher(page.body());
            assertThat(nonce.find()).isTrue();
            HttpResponse<String> decided = w.send(HttpRequest.newBuilder(URI.create(link)).header("content-type", "application/x-www-form-urlencoded")
                    .header("Origin", origin).POST(HttpRequest.BodyPublishers.ofString("nonce=" + nonce.group(1) + "&decision=shortlist")));
            assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
            assertThat(decided.body()).contains("shortlist");
            assertThat(w.runtime.iam().denials()).isEmpty();
        }
    }
}
