package awards.local.intake;

import static org.assertj.core.api.Assertions.assertThat;

import awards.admin.CycleAdminHandler;
import awards.admin.NominationAdminHandler;
import awards.entrant.GetNominationHandler;
import awards.nomination.StartPendingNominationsHandler;
import awards.nomination.SubmitNominationHandler;
import awards.entrant.WithdrawNominationHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The intake API end to end: each handler invoked as Lambda invokes it (event bytes in, response
 * bytes out) with the sample events of {@code events/}, against DynamoDB Local and the Step
 * Functions engine.
 */
class IntakeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SMN = "submit-nomination-social-mobility-network";
    private static final String CCDV = "submit-nomination-mutual-mentoring";

    private LocalAws aws;
    private Map<String, String> env;
    private SubmitNominationHandler submit;
    private GetNominationHandler status;
    private WithdrawNominationHandler withdraw;
    private CycleAdminHandler cycles;
    private NominationAdminHandler admin;

    @BeforeEach
    void start() throws Exception {
        aws = LocalAws.start(Instant.parse("2027-04-15T10:00:00Z"));
        env = aws.environment();
        // Each handler signs with its own function's key, so the template's policies hold it.
        submit = new SubmitNominationHandler(aws.environment("SubmitNominationFunction"));
        status = new GetNominationHandler(aws.environment("GetNominationFunction"));
        withdraw = new WithdrawNominationHandler(aws.environment("WithdrawNominationFunction"));
        cycles = new CycleAdminHandler(aws.environment("CycleAdminFunction"));
        admin = new NominationAdminHandler(aws.environment("NominationAdminFunction"));
        assertThat(call(cycles, event("admin-put-cycle")).path("statusCode").asInt()).isEqualTo(201);
    }

    @AfterEach
    void stop() throws Exception {
        if (aws.runtime != null) {
            assertThat(aws.runtime.iam().denials()).as("calls outside a function's policy").isEmpty();
        }
        aws.close();
    }

    static ObjectNode event(String name) throws Exception {
        return (ObjectNode) JSON.readTree(Files.readString(LocalAws.ROOT.resolve("events/api/" + name + ".json")));
    }

    /** Invokes a handler the way the Lambda runtime does: JSON bytes in, JSON bytes out. */
    static JsonNode call(RequestStreamHandler handler, JsonNode event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(event)), out, null);
        return JSON.readTree(out.toByteArray());
    }

    static JsonNode body(JsonNode response) throws Exception {
        return JSON.readTree(response.path("body").asText());
    }

    private static ObjectNode withNomination(ObjectNode event, String id, String token) {
        ((ObjectNode) event.path("pathParameters")).put("id", id);
        ((ObjectNode) event.path("queryStringParameters")).put("token", token);
        return event;
    }

    private static String tokenOf(JsonNode receipt) {
        String url = receipt.path("statusUrl").asText();
        return url.substring(url.indexOf("token=") + 6);
    }

    private static ObjectNode at(ObjectNode event, String instant) {
        ((ObjectNode) event.path("requestContext")).put("timeEpoch", Instant.parse(instant).toEpochMilli());
        return event;
    }

    /**
     * A milestone step given its cycle's id reads the nomination and the cycle in one request; given
     * none (an execution started on an older definition) or another cycle's (which closed already),
     * it reads the nomination's own cycle: the same answer each time, the close still ahead.
     */
    @Test
    void aMilestoneStep_readsTheNominationsOwnCycle_givenItsId_noId_orAnotherCyclesId() throws Exception {
        ObjectNode other = event("admin-put-cycle");
        ((ObjectNode) other.path("pathParameters")).put("cycleId", "other-2027");
        other.put("rawPath", "/admin/cycles/other-2027");
        ObjectNode otherBody = (ObjectNode) JSON.readTree(other.path("body").asText());
        otherBody.put("referencePrefix", "OTH");
        ((ObjectNode) otherBody.path("milestones")).put("closesAt", "2027-04-16T17:00");
        other.put("body", JSON.writeValueAsString(otherBody));
        assertThat(call(cycles, other).path("statusCode").asInt()).isEqualTo(201);
        String id = body(call(submit, event(SMN))).path("id").asText();

        awards.milestone.MilestoneHandler milestone = new awards.milestone.MilestoneHandler(aws.environment("MilestoneFunction"));
        List<JsonNode> answers = new ArrayList<>();
        for (String cycleId : new String[] {"dia-2027", null, "other-2027", "no-such-cycle"}) {
            ObjectNode step = JSON.createObjectNode().put("action", "close").put("nominationId", id).put("now", "2027-04-20T09:00:00Z");
            if (cycleId != null) {
                step.put("cycleId", cycleId);
            }
            answers.add(call(milestone, step));
        }
        assertThat(answers.get(0).path("outcome").asText()).isEqualTo("WAIT");
        assertThat(Instant.parse(answers.get(0).path("wakeAt").asText())).isAfterOrEqualTo(Instant.parse("2027-05-03T16:00:00Z"));
        assertThat(answers).allSatisfy(a -> assertThat(a).isEqualTo(answers.get(0)));
    }

    @Test
    void submit_stores_startsANamedExecution_withoutPersonalData_andTheStatusUrlWorks() throws Exception {
        JsonNode response = call(submit, event(SMN));
        assertThat(response.path("statusCode").asInt()).as(response.toString()).isEqualTo(201);
        JsonNode receipt = body(response);
        assertThat(receipt.path("reference").asText()).isEqualTo("DIA-2027-0001");
        assertThat(receipt.path("statusUrl").asText()).startsWith("http://127.0.0.1:3000/nominations/" + receipt.path("id").asText() + "?token=");
        assertThat(response.path("headers").path("location").asText()).isEqualTo("/nominations/" + receipt.path("id").asText());

        String executionArn = aws.stateMachineArn.replace(":stateMachine:", ":execution:") + ":DIA-2027-0001_" + receipt.path("id").asText();
        var execution = aws.sfn.describeExecution(b -> b.executionArn(executionArn));
        assertThat(execution.status()).isEqualTo(ExecutionStatus.RUNNING);
        JsonNode input = JSON.readTree(execution.input());
        assertThat(input.path("nominationId").asText()).isEqualTo(receipt.path("id").asText());
        assertThat(input.path("milestones").path("closesAt").asText()).isEqualTo("2027-05-03T16:00:00Z");
        assertThat(execution.input()).doesNotContain("Joanna", "joanna.pike", "DExEU", "Social Mobility Network");

        JsonNode page = call(status, withNomination(event("get-nomination"), receipt.path("id").asText(), tokenOf(receipt)));
        assertThat(page.path("statusCode").asInt()).isEqualTo(200);
        assertThat(body(page).path("status").asText()).isEqualTo("SUBMITTED");
        assertThat(body(page).path("milestones").path("nominationsClose").asText()).isEqualTo("3 May 2027 at 17:00 BST");

        // Wrong token and unknown id: the same plain 404.
        JsonNode wrong = call(status, withNomination(event("get-nomination"), receipt.path("id").asText(), "x" + tokenOf(receipt)));
        JsonNode unknown = call(status, withNomination(event("get-nomination"), "nosuchnomination", tokenOf(receipt)));
        assertThat(wrong.path("statusCode").asInt()).isEqualTo(404);
        assertThat(wrong.path("body")).isEqualTo(unknown.path("body"));

        assertThat(body(call(submit, event(CCDV))).path("reference").asText()).isEqualTo("DIA-2027-0002");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "bad-missing-fields,400", "bad-name-too-long,400", "bad-email,400", "bad-unknown-category,400", "bad-crlf-in-name,400",
        "bad-over-word-limit,400", "bad-links,400", "bad-invalid-utf8,400", "bad-not-json,400", "bad-window-closed,409",
        "bad-window-not-open,409", "bad-oversize-body,413", "bad-trailing-content,400", "bad-duplicate-key,400",
        "bad-string-for-boolean,400", "bad-bidi-in-name,400", "bad-invisible-name,400", "bad-not-json-content-type,415",
    })
    void badRequests_areRefusedAsProblems_andWriteNothing(String sample, int expected) throws Exception {
        int items = aws.itemCount();
        JsonNode response = call(submit, event(sample));
        assertThat(response.path("statusCode").asInt()).as(response.toString()).isEqualTo(expected);
        assertThat(response.path("headers").path("content-type").asText()).isEqualTo("application/problem+json");
        JsonNode problem = body(response);
        assertThat(problem.path("status").asInt()).isEqualTo(expected);
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(aws.itemCount()).isEqualTo(items);
        assertThat(aws.executionCount()).isZero();
    }

    @Test
    void closedWindow_saysWhenItClosed_inLondonTime() throws Exception {
        assertThat(body(call(submit, event("bad-window-closed"))).path("detail").asText())
                .isEqualTo("Nominations for Diversity and Inclusion Awards 2027 closed on 3 May 2027 at 17:00 BST.");
        assertThat(body(call(submit, event("bad-window-not-open"))).path("detail").asText())
                .isEqualTo("Nominations for Diversity and Inclusion Awards 2027 open on 1 April 2027 at 09:00 BST.");
    }

    @Test
    void idempotencyKey_replaysTheSameAnswer_andRefusesAnotherBody() throws Exception {
        JsonNode first = call(submit, event(SMN));
        JsonNode again = call(submit, event(SMN));
        assertThat(again.path("statusCode").asInt()).isEqualTo(201);
        assertThat(again.path("body")).isEqualTo(first.path("body"));
        assertThat(again.path("headers").path("idempotent-replayed").asText()).isEqualTo("true");
        JsonNode reused = call(submit, event("bad-replayed-idempotency-key"));
        assertThat(reused.path("statusCode").asInt()).isEqualTo(422);
        assertThat(aws.executionCount()).isEqualTo(1);
        // Keys the API documents as refused: empty, with a space, not ASCII, too long.
        for (String key : new String[] {"", "has space", "café", "x".repeat(256)}) {
            ObjectNode bad = event(SMN);
            ((ObjectNode) bad.path("headers")).put("idempotency-key", key);
            JsonNode refused = call(submit, bad);
            assertThat(refused.path("statusCode").asInt()).as(key).isEqualTo(400);
            assertThat(body(refused).path("errors").get(0).path("message").asText()).isEqualTo("must be 1 to 255 visible ASCII characters (! to ~, no spaces)");
        }
        assertThat(aws.executionCount()).isEqualTo(1);
    }

    @Test
    void theKeptFirstAnswer_holdsNoUsableToken_yetAReplayReturnsTheSameStatusLink() throws Exception {
        // Issue 11: a table scan read 204 of 272 status tokens from idempotency records.
        JsonNode first = call(submit, event(SMN));
        String token = tokenOf(body(first));
        String everything = aws.dynamo.scan(b -> b.tableName(LocalAws.TABLE)).items().toString();
        assertThat(everything).doesNotContain(token);
        assertThat(everything).doesNotContain(token.substring(0, 20));
        JsonNode again = call(submit, event(SMN));
        assertThat(tokenOf(body(again))).isEqualTo(token);
        assertThat(call(status, withNomination(event("get-nomination"), body(first).path("id").asText(), token)).path("statusCode").asInt())
                .isEqualTo(200);
    }

    @Test
    void fiftyConcurrentIdenticalRequests_createOneNominationAndOneExecution() throws Exception {
        ObjectNode event = event(SMN);
        ((ObjectNode) event.path("headers")).put("idempotency-key", "race-2027-50");
        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<Callable<JsonNode>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            calls.add(() -> call(submit, event));
        }
        List<JsonNode> responses = new ArrayList<>();
        for (Future<JsonNode> f : pool.invokeAll(calls)) {
            responses.add(f.get());
        }
        pool.shutdown();
        // Each is the first answer, or (while the first request is still sending its receipt) a 409
        // request-in-progress that, sent again, gets the first answer.
        // (containsOnly would also demand a 409, which a fast first request never leaves room for.)
        assertThat(responses).extracting(r -> r.path("statusCode").asInt()).contains(201).allMatch(code -> code == 201 || code == 409);
        assertThat(responses.stream().filter(r -> r.path("statusCode").asInt() == 409))
                .allMatch(r -> r.path("body").asText().contains("request-in-progress"));
        assertThat(responses.stream().filter(r -> r.path("statusCode").asInt() == 201).map(r -> r.path("body").asText()).distinct()).hasSize(1);
        String first = responses.stream().filter(r -> r.path("statusCode").asInt() == 201).findFirst().orElseThrow().path("body").asText();
        JsonNode again = call(submit, event);
        for (int i = 0; i < 100 && again.path("statusCode").asInt() == 409; i++) {
            Thread.sleep(100);
            again = call(submit, event);
        }
        assertThat(again.path("body").asText()).isEqualTo(first);
        assertThat(aws.executionCount()).isEqualTo(1);
        JsonNode listed = body(call(admin, event("admin-list-nominations")));
        assertThat(listed.path("items")).hasSize(1);
        // Issue 10/11: the 49 replays took no reference number; the next nomination is 0002.
        assertThat(body(call(submit, event(CCDV))).path("reference").asText()).isEqualTo("DIA-2027-0002");
    }

    @Test
    void concurrentDifferentNominations_getConsecutiveReferences_withNoGapsOrRepeats() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Callable<JsonNode>> calls = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            ObjectNode e = event(i % 2 == 0 ? SMN : CCDV);
            ((ObjectNode) e.path("headers")).put("idempotency-key", "distinct-" + i);
            calls.add(() -> call(submit, e));
        }
        List<String> references = new ArrayList<>();
        for (Future<JsonNode> f : pool.invokeAll(calls)) {
            JsonNode r = f.get();
            assertThat(r.path("statusCode").asInt()).as(r.toString()).isEqualTo(201);
            references.add(body(r).path("reference").asText());
        }
        pool.shutdown();
        assertThat(references).containsExactlyInAnyOrderElementsOf(
                java.util.stream.IntStream.rangeClosed(1, 32).mapToObj(n -> "DIA-2027-%04d".formatted(n)).toList());
    }

    /** A submission that lost the race for a number learns the counter from the refusal itself, and reads nothing to try again. */
    @Test
    void aLostRaceForANumber_saysWhatTheCounterIsNow_andWritesNothing() throws Exception {
        String first = body(call(submit, event(SMN))).path("id").asText();
        body(call(submit, event(CCDV)));
        var store = store("SubmitNominationFunction");
        awards.nomination.Nomination n = store.find(first).orElseThrow();
        awards.nomination.Nomination another = new awards.nomination.Nomination("n" + "0".repeat(25), "DIA-2027-0002", n.submission(), n.status(),
                n.submittedAt(), n.tokenHash(), "another", n.executionInput(), false, 1, List.of());
        // As if it had read the counter at 1 (it is 2 now), then at none.
        assertThat(store.create(another, 1, null, null, null)).isEqualTo(new awards.nomination.NominationStore.NumberTaken(2L));
        assertThat(store.create(another, 0, null, null, null)).isEqualTo(new awards.nomination.NominationStore.NumberTaken(2L));
        assertThat(store.find(another.id())).as("nothing written").isEmpty();
        ObjectNode third = event(SMN);
        ((ObjectNode) third.path("headers")).put("idempotency-key", "third-nomination");
        assertThat(body(call(submit, third)).path("reference").asText()).isEqualTo("DIA-2027-0003");
    }

    @Test
    void aReplay_sendsTheReceiptTheFirstRequestNeverSent() throws Exception {
        // The first request stored the nomination but could not send its receipt (SES unreachable),
        // and its answer never reached the client, which retries with the same key.
        Map<String, String> noMail = new HashMap<>(aws.environment("SubmitNominationFunction"));
        noMail.put("AWS_ENDPOINT_URL_SESV2", "http://127.0.0.1:9");
        ObjectNode e = event(SMN);
        ((ObjectNode) e.path("headers")).put("idempotency-key", "lost-answer-1");
        JsonNode first = call(new SubmitNominationHandler(noMail), e);
        // Stored, but not done: the client is asked to send it again (only this request can send the receipt).
        assertThat(first.path("statusCode").asInt()).isEqualTo(503);
        assertThat(body(first).path("detail").asText()).contains("DIA-2027-0001 is stored", "same Idempotency-Key");
        assertThat(aws.runtime.outbox().list()).isEmpty();
        JsonNode retried = call(submit, e);
        assertThat(retried.path("statusCode").asInt()).isEqualTo(201);
        assertThat(body(retried).path("reference").asText()).isEqualTo("DIA-2027-0001");
        assertThat(aws.runtime.outbox().list()).singleElement().satisfies(m -> {
            assertThat(m.to()).containsExactly("joanna.pike@example.gov.uk");
            assertThat(m.links()).contains(body(retried).path("statusUrl").asText());
        });
        assertThat(call(submit, e).path("body").asText()).isEqualTo(retried.path("body").asText());
        assertThat(aws.runtime.outbox().list()).as("a second replay sends nothing more").hasSize(1);
    }

    @Test
    void withdraw_beforeTheClose_stopsTheExecution_andAfterTheCloseIsRefused() throws Exception {
        JsonNode receipt = body(call(submit, event(SMN)));
        String id = receipt.path("id").asText();
        JsonNode late = call(withdraw, at(withNomination(event("withdraw-nomination"), id, tokenOf(receipt)), "2027-05-03T16:00:00Z"));
        assertThat(late.path("statusCode").asInt()).isEqualTo(409);
        assertThat(body(late).path("detail").asText()).contains("3 May 2027 at 17:00 BST");

        JsonNode done = call(withdraw, withNomination(event("withdraw-nomination"), id, tokenOf(receipt)));
        assertThat(done.path("statusCode").asInt()).isEqualTo(200);
        assertThat(body(done).path("status").asText()).isEqualTo("WITHDRAWN");
        String executionArn = aws.stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + receipt.path("reference").asText() + "_" + id;
        assertThat(aws.sfn.describeExecution(b -> b.executionArn(executionArn)).status()).isEqualTo(ExecutionStatus.ABORTED);
        // Again: still withdrawn, still 200.
        assertThat(call(withdraw, withNomination(event("withdraw-nomination"), id, tokenOf(receipt))).path("statusCode").asInt()).isEqualTo(200);
        assertThat(call(withdraw, withNomination(event("withdraw-nomination"), id, "wrong")).path("statusCode").asInt()).isEqualTo(404);
    }

    @Test
    void aLostStart_isStartedByTheSweeper_evenIfTheClientNeverRetries() throws Exception {
        Map<String, String> broken = new HashMap<>(aws.environment("SubmitNominationFunction"));
        broken.put("AWS_ENDPOINT_URL_SFN", "http://127.0.0.1:9"); // Step Functions unreachable: the crash window
        JsonNode receipt = body(call(new SubmitNominationHandler(broken), event(CCDV)));
        assertThat(receipt.path("reference").asText()).isEqualTo("DIA-2027-0001");
        assertThat(aws.executionCount()).isZero();

        StartPendingNominationsHandler sweeper = new StartPendingNominationsHandler(aws.environment("StartPendingNominationsFunction"));
        ObjectNode tick = (ObjectNode) JSON.readTree(Files.readString(LocalAws.ROOT.resolve("events/schedule/sweep-pending-starts.json")));
        tick.put("time", "2027-04-15T10:00:30Z");
        assertThat(call(sweeper, tick).path("started").asInt()).as("within the grace period").isZero();
        tick.put("time", "2027-04-15T10:05:00Z");
        assertThat(call(sweeper, tick).path("started").asInt()).isEqualTo(1);
        assertThat(aws.executionCount()).isEqualTo(1);
        assertThat(call(sweeper, tick).path("started").asInt()).as("a second sweep").isZero();
    }

    /** Nominations the sweeper would look at: in the pending-start index. */
    private int pendingStarts() {
        return aws.dynamo.query(b -> b.tableName(LocalAws.TABLE).indexName("gsi2").keyConditionExpression("gsi2pk = :p")
                .expressionAttributeValues(Map.of(":p", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                        awards.nomination.NominationStore.PENDING_START)))).count();
    }

    private awards.nomination.NominationStore store(String function) {
        var client = software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder()
                .endpointOverride(java.net.URI.create(aws.environment().get("AWS_ENDPOINT_URL_DYNAMODB")))
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(function, "test")))
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder()).build();
        return new awards.nomination.NominationStore(client, LocalAws.TABLE);
    }

    @Test
    void aStartAcknowledgedButNotRecorded_isRecordedByTheSweeper_withoutASecondExecution() throws Exception {
        // Issue 10: the request crashed after StartExecution answered and before it recorded the
        // start. The sweeper starts it again: the execution exists (its name is the nomination's), so
        // the start is known to have happened, and only then is the flag cleared.
        Map<String, String> broken = new HashMap<>(aws.environment("SubmitNominationFunction"));
        broken.put("AWS_ENDPOINT_URL_SFN", "http://127.0.0.1:9");
        JsonNode receipt = body(call(new SubmitNominationHandler(broken), event(CCDV)));
        String id = receipt.path("id").asText();
        assertThat(pendingStarts()).isEqualTo(1);
        var store = store("StartPendingNominationsFunction");
        new awards.nomination.Executions(aws.sfn, aws.stateMachineArn).start(store.find(id).orElseThrow());
        assertThat(aws.executionCount()).isEqualTo(1);
        assertThat(store.find(id).orElseThrow().executionStarted()).as("nothing has recorded the start yet").isFalse();

        StartPendingNominationsHandler sweeper = new StartPendingNominationsHandler(aws.environment("StartPendingNominationsFunction"));
        ObjectNode tick = (ObjectNode) JSON.readTree(Files.readString(LocalAws.ROOT.resolve("events/schedule/sweep-pending-starts.json")));
        call(sweeper, tick);
        assertThat(store.find(id).orElseThrow().executionStarted()).isTrue();
        assertThat(pendingStarts()).isZero();
        assertThat(aws.executionCount()).as("the one execution, not a second").isEqualTo(1);
    }

    @Test
    void aNominationWithdrawnBeforeItsExecutionStarted_leavesThePendingStarts_andIsNeverStarted() throws Exception {
        Map<String, String> broken = new HashMap<>(aws.environment("SubmitNominationFunction"));
        broken.put("AWS_ENDPOINT_URL_SFN", "http://127.0.0.1:9");
        JsonNode receipt = body(call(new SubmitNominationHandler(broken), event(CCDV)));
        assertThat(call(withdraw, withNomination(event("withdraw-nomination"), receipt.path("id").asText(), tokenOf(receipt)))
                .path("statusCode").asInt()).isEqualTo(200);
        assertThat(pendingStarts()).isZero();
        assertThat(store("StartPendingNominationsFunction").find(receipt.path("id").asText()).orElseThrow().executionStarted())
                .as("not started: the flag says so").isFalse();
        StartPendingNominationsHandler sweeper = new StartPendingNominationsHandler(aws.environment("StartPendingNominationsFunction"));
        ObjectNode tick = (ObjectNode) JSON.readTree(Files.readString(LocalAws.ROOT.resolve("events/schedule/sweep-pending-starts.json")));
        tick.put("time", "2027-04-15T10:05:00Z");
        assertThat(call(sweeper, tick).path("started").asInt()).isZero();
        assertThat(aws.executionCount()).isZero();
    }

    @Test
    void aMilestoneEmail_isOwedFromTheStatusMove_andAStepRunAgainAfterACrashDeliversIt() throws Exception {
        // The close step's transaction commits the move to CLOSED with the intent to email the
        // nominator; the step then dies before SES. Run again (as Step Functions retries it), it
        // finds the status moved and the intent recorded, and sends the email once.
        JsonNode receipt = body(call(submit, event(SMN)));
        String id = receipt.path("id").asText();
        Instant close = Instant.parse("2027-05-03T16:00:00Z");
        var store = store("MilestoneFunction");
        awards.nomination.Nomination n = store.find(id).orElseThrow();
        var mailer = new awards.notify.Mailer(null, null, LocalAws.TABLE);
        var intent = mailer.intent("NOM#" + id, "CLOSED", n.submission().nominator().email(), close);
        assertThat(store.changeStatus(n, awards.nomination.Status.CLOSED, close, awards.nomination.NominationStore.LIFECYCLE, List.of(intent))).isTrue();
        var marker = aws.dynamo.getItem(b -> b.tableName(LocalAws.TABLE).key(awards.platform.Items.key("NOM#" + id,
                "EMAIL#CLOSED#" + n.submission().nominator().email().toLowerCase()))).item();
        assertThat(marker.get("status").s()).isEqualTo("INTENT");
        int before = aws.runtime.outbox().list().size();

        var step = new awards.milestone.MilestoneHandler(aws.environment("MilestoneFunction"));
        ObjectNode task = JSON.createObjectNode().put("action", "close").put("nominationId", id).put("now", close.plusSeconds(60).toString());
        JsonNode answer = call(step, task);
        assertThat(answer.path("outcome").asText()).isEqualTo("CLOSED");
        call(step, task);
        var sent = aws.runtime.outbox().list().subList(before, aws.runtime.outbox().list().size());
        assertThat(sent).as("the CLOSED email, once").singleElement().satisfies(m -> assertThat(m.to()).containsExactly(n.submission().nominator().email()));
    }

    @Test
    void admin_listsPagesFiltersAndExportsCsv_andRefusesUnsignedCalls() throws Exception {
        for (int i = 0; i < 3; i++) {
            ObjectNode e = event(SMN);
            ((ObjectNode) e.path("headers")).put("idempotency-key", "list-" + i);
            call(submit, e);
        }
        call(submit, event(CCDV));
        ObjectNode first = event("admin-list-nominations");
        ((ObjectNode) first.path("queryStringParameters")).put("limit", "2");
        JsonNode page1 = body(call(admin, first));
        assertThat(page1.path("items")).hasSize(2);
        ((ObjectNode) first.path("queryStringParameters")).put("nextToken", page1.path("nextToken").asText());
        JsonNode page2 = body(call(admin, first));
        assertThat(page2.path("items")).hasSize(1);
        assertThat(page2.has("nextToken")).isFalse();

        ObjectNode byStatus = event("admin-list-nominations");
        ((ObjectNode) byStatus.path("queryStringParameters")).remove("category");
        ((ObjectNode) byStatus.path("queryStringParameters")).put("status", "SUBMITTED");
        assertThat(body(call(admin, byStatus)).path("items")).hasSize(4);

        JsonNode csv = call(admin, event("admin-export-nominations-csv"));
        assertThat(csv.path("headers").path("content-type").asText()).startsWith("text/csv");
        String[] rows = csv.path("body").asText().split("\r\n");
        assertThat(rows).hasSize(5);
        assertThat(rows[0]).startsWith("reference,status,panel outcome,category,nominee");
        // Before the close there is no panel yet: an empty outcome. Rows go by reference, whatever their category.
        assertThat(csv.path("body").asText()).contains("DIA-2027-0004,SUBMITTED,,mentoring,Conversations: Connecting Diverse Voices,programme");
        assertThat(java.util.Arrays.stream(rows).skip(1).map(r -> r.substring(0, r.indexOf(','))).toList()).isSorted();
        assertThat(body(call(admin, byStatus)).path("items").get(0).path("panelOutcome").asText()).isEmpty();

        assertThat(call(cycles, event("admin-get-cycle-unsigned")).path("statusCode").asInt()).isEqualTo(403);
    }

    @Test
    void anIamSignedCallerWhoIsNoAdmin_isRefused_anAdminRoleSessionIsNot() throws Exception {
        // Issue 11: in AWS any caller allowed execute-api:Invoke was an admin.
        ObjectNode stranger = event("admin-list-nominations");
        ((ObjectNode) stranger.path("requestContext").path("authorizer").path("iam")).put("userArn", "arn:aws:iam::123456789012:user/someone-else");
        JsonNode refused = call(admin, stranger);
        assertThat(refused.path("statusCode").asInt()).isEqualTo(403);
        assertThat(body(refused).path("detail").asText()).contains("AdminPrincipalArns");

        Map<String, String> roles = new HashMap<>(aws.environment("NominationAdminFunction"));
        roles.put("ADMIN_PRINCIPAL_ARNS", "arn:aws:iam::123456789012:user/nobody, arn:aws:iam::123456789012:role/ops/AwardsAdmin");
        ObjectNode session = event("admin-list-nominations");
        ((ObjectNode) session.path("requestContext").path("authorizer").path("iam"))
                .put("userArn", "arn:aws:sts::123456789012:assumed-role/AwardsAdmin/alex@example.gov.uk");
        assertThat(call(new NominationAdminHandler(roles), session).path("statusCode").asInt()).isEqualTo(200);
        ((ObjectNode) session.path("requestContext").path("authorizer").path("iam"))
                .put("userArn", "arn:aws:sts::999999999999:assumed-role/AwardsAdmin/mallory");
        assertThat(call(new NominationAdminHandler(roles), session).path("statusCode").asInt()).isEqualTo(403);
    }

    @Test
    void receiptsToOneAddress_areLimitedPerHour_andARefusedSubmissionWritesNothing() throws Exception {
        Map<String, String> limited = new HashMap<>(aws.environment("SubmitNominationFunction"));
        limited.put("RECEIPTS_PER_ADDRESS_PER_HOUR", "2");
        SubmitNominationHandler capped = new SubmitNominationHandler(limited);
        for (int i = 0; i < 2; i++) {
            ObjectNode e = event(SMN);
            ((ObjectNode) e.path("headers")).put("idempotency-key", "quota-" + i);
            assertThat(call(capped, e).path("statusCode").asInt()).isEqualTo(201);
        }
        int items = aws.itemCount();
        ObjectNode third = event(SMN);
        ((ObjectNode) third.path("headers")).put("idempotency-key", "quota-2");
        JsonNode refused = call(capped, third);
        assertThat(refused.path("statusCode").asInt()).isEqualTo(429);
        assertThat(body(refused).path("type").asText()).endsWith("/receipts-per-hour");
        assertThat(body(refused).path("detail").asText()).contains("after 15 April 2027 at 12:00");
        assertThat(aws.itemCount()).as("nothing written").isEqualTo(items);
        assertThat(aws.runtime.outbox().list()).hasSize(2);
        // A replay of an acknowledged one is still its answer; another address is not held up; the next hour is a new count.
        ObjectNode replay = event(SMN);
        ((ObjectNode) replay.path("headers")).put("idempotency-key", "quota-0");
        assertThat(call(capped, replay).path("statusCode").asInt()).isEqualTo(201);
        assertThat(call(capped, event(CCDV)).path("statusCode").asInt()).isEqualTo(201);
        assertThat(call(capped, at(third, "2027-04-15T11:00:00Z")).path("statusCode").asInt()).isEqualTo(201);
    }

    @Test
    void cycle_replaceNeedsTheVersionRead() throws Exception {
        JsonNode current = body(call(cycles, event("admin-get-cycle")));
        assertThat(current.path("version").asInt()).isEqualTo(1);
        assertThat(current.path("milestones").path("closesAt").asText()).isEqualTo("2027-05-03T17:00+01:00");
        ObjectNode stale = event("admin-put-cycle");
        assertThat(call(cycles, stale).path("statusCode").asInt()).as("create again without a version").isEqualTo(409);
        ObjectNode update = event("admin-put-cycle");
        ObjectNode doc = (ObjectNode) JSON.readTree(update.path("body").asText());
        doc.put("version", 1);
        ((ObjectNode) doc.path("milestones")).put("closesAt", "2027-05-10T17:00");
        update.put("body", doc.toString());
        JsonNode replaced = call(cycles, update);
        assertThat(replaced.path("statusCode").asInt()).isEqualTo(200);
        assertThat(body(replaced).path("version").asInt()).isEqualTo(2);
        assertThat(call(cycles, update).path("statusCode").asInt()).as("the same version twice").isEqualTo(409);
        // The reference counter survives a replace.
        call(submit, event(SMN));
        assertThat(body(call(cycles, event("admin-get-cycle"))).path("version").asInt()).isEqualTo(2);
    }

    // Issue 9, finding 3: each got 201, then SES refused it at the close and the execution failed.
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"a..b@example.com", ".a@example.com", "a@example..com",
            "a\u200b@example.com", "a\u202e@example.com", "jos\u00e9@example.com", "a@exam\u2066ple.com"})
    void addressesSesRefuses_are400_andWriteNothing(String address) throws Exception {
        ObjectNode e = event(SMN);
        ObjectNode doc = (ObjectNode) JSON.readTree(e.path("body").asText());
        ((ObjectNode) doc.path("nominator")).put("email", address);
        e.put("body", doc.toString());
        int items = aws.itemCount();
        JsonNode response = call(submit, e);
        assertThat(response.path("statusCode").asInt()).as(response.toString()).isEqualTo(400);
        assertThat(body(response).path("errors").get(0).path("field").asText()).isEqualTo("nominator.email");
        assertThat(aws.itemCount()).isEqualTo(items);
        assertThat(aws.executionCount()).isZero();
    }

    @Test
    void anInternationalDomain_isStoredAsPunycode_whichSesSendsTo() throws Exception {
        ObjectNode e = event(SMN);
        ObjectNode doc = (ObjectNode) JSON.readTree(e.path("body").asText());
        ((ObjectNode) doc.path("nominator")).put("email", "anna@b\u00fccher.example");
        e.put("body", doc.toString());
        JsonNode response = call(submit, e);
        assertThat(response.path("statusCode").asInt()).as(response.toString()).isEqualTo(201);
        JsonNode listed = body(call(admin, event("admin-list-nominations"))).path("items").get(0);
        assertThat(listed.path("nominatorEmail").asText()).isEqualTo("anna@xn--bcher-kva.example");
    }

    private JsonNode putCycle(java.util.function.Consumer<ObjectNode> change) throws Exception {
        ObjectNode e = event("admin-put-cycle");
        ((ObjectNode) e.path("pathParameters")).put("cycleId", "other-2027");
        e.put("rawPath", "/admin/cycles/other-2027");
        ObjectNode doc = (ObjectNode) JSON.readTree(e.path("body").asText());
        change.accept(doc);
        e.put("body", doc.toString());
        return call(cycles, e);
    }

    @Test
    void aCycleSender_mustBeTheDeploymentsSender_andVerifiedInSes() throws Exception {
        JsonNode other = putCycle(doc -> doc.put("sender", "someone@example.org"));
        assertThat(other.path("statusCode").asInt()).isEqualTo(400);
        assertThat(body(other).path("errors").get(0).path("field").asText()).isEqualTo("sender");
        assertThat(body(other).path("errors").get(0).path("message").asText()).contains("must be awards@example.gov.uk");

        // The deployment's own sender, no longer verified: refused until it is verified again.
        try (var ses = software.amazon.awssdk.services.sesv2.SesV2Client.builder().endpointOverride(java.net.URI.create(aws.sesEndpoint))
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder()).build()) {
            ses.deleteEmailIdentity(b -> b.emailIdentity("awards@example.gov.uk"));
            JsonNode unverified = putCycle(doc -> { });
            assertThat(unverified.path("statusCode").asInt()).isEqualTo(400);
            assertThat(body(unverified).path("errors").get(0).path("message").asText()).contains("is not a verified SES identity");
            ses.createEmailIdentity(b -> b.emailIdentity("example.gov.uk"));
            assertThat(putCycle(doc -> { }).path("statusCode").asInt()).as("verified through its domain").isEqualTo(201);
        }
    }

    @Test
    void aCycleLongerThanAStandardExecution_isRefused() throws Exception {
        JsonNode tooLong = putCycle(doc -> ((ObjectNode) doc.path("milestones")).put("ceremonyAt", "2028-04-01T18:00"));
        assertThat(tooLong.path("statusCode").asInt()).isEqualTo(400);
        assertThat(body(tooLong).path("errors").get(0).path("field").asText()).isEqualTo("milestones.ceremonyAt");
        assertThat(body(tooLong).path("errors").get(0).path("message").asText()).contains("364 days");
    }
}
