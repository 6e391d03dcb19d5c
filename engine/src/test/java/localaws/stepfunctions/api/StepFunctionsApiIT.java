package localaws.stepfunctions.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import localaws.stepfunctions.EngineHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;

/** The engine through its wire protocol, driven by the AWS SDK v2's own Step Functions client. */
class StepFunctionsApiIT {
    private static final String WAIT_THEN_TASK = """
            {"StartAt":"WaitForClose","States":{
              "WaitForClose":{"Type":"Wait","TimestampPath":"$.closesAt","Next":"AskJudge"},
              "AskJudge":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                "Parameters":{"FunctionName":"ask","Payload":{"token.$":"$$.Task.Token"}},"ResultPath":"$.decision","End":true}}}""";

    private EngineHarness h;
    private StepFunctionsServer server;
    private SfnClient sfn;
    private final AtomicReference<String> token = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        h = new EngineHarness();
        h.functions.put("ask", in -> {
            token.set(in.path("token").asText());
            return EngineHarness.json("{\"sent\":true}");
        });
        server = new StepFunctionsServer(h.engine, 0);
        sfn = SfnClient.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                // TestState's endpoint has a host prefix ("sync-"): not on an address.
                .overrideConfiguration(o -> o.putAdvancedOption(software.amazon.awssdk.core.client.config.SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true))
                .build();
    }

    @AfterEach
    void stop() {
        sfn.close();
        server.close();
        h.close();
    }

    private String create(String name) {
        return sfn.createStateMachine(b -> b.name(name).definition(WAIT_THEN_TASK).roleArn("arn:aws:iam::123456789012:role/sfn")).stateMachineArn();
    }

    private DescribeExecutionResponse awaitStatus(String arn, ExecutionStatus status) throws InterruptedException {
        for (int i = 0; i < 400; i++) {
            DescribeExecutionResponse d = sfn.describeExecution(b -> b.executionArn(arn));
            if (d.status() == status) {
                return d;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("execution " + arn + " never reached " + status);
    }

    private void awaitEvent(String arn, HistoryEventType type) throws InterruptedException {
        for (int i = 0; i < 400; i++) {
            if (sfn.getExecutionHistory(b -> b.executionArn(arn).reverseOrder(true).maxResults(1)).events().get(0).type() == type) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no " + type + " in " + arn);
    }

    @Test
    void aWholeRun_throughTheSdk_waitClockTokenAndHistory() throws Exception {
        String machine = create("nomination");
        assertThat(machine).isEqualTo("arn:aws:states:us-east-1:123456789012:stateMachine:nomination");
        assertThat(sfn.describeStateMachine(b -> b.stateMachineArn(machine)).definition()).isEqualTo(WAIT_THEN_TASK);
        assertThat(sfn.listStateMachines().stateMachines()).extracting(s -> s.name()).containsExactly("nomination");

        String input = "{\"closesAt\":\"2027-05-03T16:00:00Z\"}";
        String arn = sfn.startExecution(b -> b.stateMachineArn(machine).name("DIA-2027-0001_abc").input(input)).executionArn();
        assertThat(arn).isEqualTo("arn:aws:states:us-east-1:123456789012:execution:nomination:DIA-2027-0001_abc");
        awaitEvent(arn, HistoryEventType.WAIT_STATE_ENTERED);

        HttpResponse<String> moved = HttpClient.newHttpClient().send(localaws.Signed.request("POST", server.endpoint() + "/_local/clock", "states",
                "{\"advanceTo\":\"2027-05-03T16:00:00Z\"}").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(moved.body()).contains("2027-05-03T16:00:00Z");
        awaitEvent(arn, HistoryEventType.TASK_SUBMITTED);
        assertThat(sfn.describeStateMachineForExecution(b -> b.executionArn(arn)).name()).isEqualTo("nomination");

        sfn.sendTaskSuccess(b -> b.taskToken(token.get()).output("{\"shortlisted\":true}"));
        DescribeExecutionResponse done = awaitStatus(arn, ExecutionStatus.SUCCEEDED);
        assertThat(done.output()).isEqualTo("{\"closesAt\":\"2027-05-03T16:00:00Z\",\"decision\":{\"shortlisted\":true}}");
        assertThat(done.stopDate()).isNotNull();

        List<HistoryEvent> events = new ArrayList<>();
        String next = null;
        do {
            String page = next;
            var response = sfn.getExecutionHistory(b -> b.executionArn(arn).maxResults(3).nextToken(page));
            events.addAll(response.events());
            next = response.nextToken();
        } while (next != null);
        assertThat(events).extracting(HistoryEvent::type).containsExactly(
                HistoryEventType.EXECUTION_STARTED, HistoryEventType.WAIT_STATE_ENTERED, HistoryEventType.WAIT_STATE_EXITED,
                HistoryEventType.TASK_STATE_ENTERED, HistoryEventType.TASK_SCHEDULED, HistoryEventType.TASK_STARTED,
                HistoryEventType.TASK_SUBMITTED, HistoryEventType.TASK_SUCCEEDED, HistoryEventType.TASK_STATE_EXITED,
                HistoryEventType.EXECUTION_SUCCEEDED);
        assertThat(events).extracting(HistoryEvent::id).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(events.get(1).previousEventId()).isEqualTo(1L);
        assertThat(events.get(0).executionStartedEventDetails().input()).isEqualTo(input);
        assertThat(events.get(1).stateEnteredEventDetails().name()).isEqualTo("WaitForClose");
        assertThat(events.get(4).taskScheduledEventDetails().resourceType()).isEqualTo("lambda");
        assertThat(events.get(9).executionSucceededEventDetails().output()).isEqualTo(done.output());
        List<HistoryEvent> reversed = sfn.getExecutionHistory(b -> b.executionArn(arn).reverseOrder(true)).events();
        assertThat(reversed.get(0).type()).isEqualTo(HistoryEventType.EXECUTION_SUCCEEDED);
    }

    @Test
    void startExecution_sameNameAndInputWhileRunning_isTheSameExecution_otherwiseExecutionAlreadyExists() {
        String machine = create("names");
        String input = "{\"closesAt\":\"2030-01-01T00:00:00Z\"}";
        String first = sfn.startExecution(b -> b.stateMachineArn(machine).name("same").input(input)).executionArn();
        String again = sfn.startExecution(b -> b.stateMachineArn(machine).name("same").input(input)).executionArn();
        assertThat(again).isEqualTo(first);
        assertThatThrownBy(() -> sfn.startExecution(b -> b.stateMachineArn(machine).name("same").input("{\"closesAt\":\"2031-01-01T00:00:00Z\"}")))
                .isInstanceOf(ExecutionAlreadyExistsException.class);
        sfn.stopExecution(b -> b.executionArn(first).error("Withdrawn").cause("by the nominator"));
        DescribeExecutionResponse stopped = sfn.describeExecution(b -> b.executionArn(first));
        assertThat(stopped.status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThatThrownBy(() -> sfn.startExecution(b -> b.stateMachineArn(machine).name("same").input(input)))
                .isInstanceOf(ExecutionAlreadyExistsException.class);
        assertThatThrownBy(() -> sfn.startExecution(b -> b.stateMachineArn(machine).name("bad name!")))
                .isInstanceOf(InvalidNameException.class);
    }

    @Test
    void listExecutions_filtersByStatus_newestFirst_andPages() throws Exception {
        String machine = create("listing");
        for (int i = 0; i < 5; i++) {
            int n = i;
            sfn.startExecution(b -> b.stateMachineArn(machine).name("e" + n).input("{\"closesAt\":\"2030-01-01T00:00:00Z\"}"));
            h.advance(Duration.ofSeconds(1));
        }
        sfn.stopExecution(b -> b.executionArn(machine.replace(":stateMachine:", ":execution:") + ":e1"));
        var page1 = sfn.listExecutions(b -> b.stateMachineArn(machine).statusFilter(ExecutionStatus.RUNNING).maxResults(3));
        assertThat(page1.executions()).extracting(e -> e.name()).containsExactly("e4", "e3", "e2");
        var page2 = sfn.listExecutions(b -> b.stateMachineArn(machine).statusFilter(ExecutionStatus.RUNNING).maxResults(3).nextToken(page1.nextToken()));
        assertThat(page2.executions()).extracting(e -> e.name()).containsExactly("e0");
        assertThat(page2.nextToken()).isNull();
        assertThat(sfn.listExecutions(b -> b.stateMachineArn(machine).statusFilter(ExecutionStatus.ABORTED)).executions())
                .extracting(e -> e.name()).containsExactly("e1");
    }

    @Test
    void errors_arriveAsTheSdksOwnExceptionTypes() {
        assertThatThrownBy(() -> sfn.createStateMachine(b -> b.name("bad").definition("{\"StartAt\":\"X\",\"States\":{}}").roleArn("arn:aws:iam::1:role/r")))
                .isInstanceOf(InvalidDefinitionException.class).hasMessageContaining("States");
        assertThatThrownBy(() -> sfn.describeExecution(b -> b.executionArn("arn:aws:states:us-east-1:123456789012:execution:none:x")))
                .isInstanceOf(ExecutionDoesNotExistException.class);
        assertThatThrownBy(() -> sfn.describeStateMachine(b -> b.stateMachineArn("arn:aws:states:us-east-1:123456789012:stateMachine:none")))
                .isInstanceOf(StateMachineDoesNotExistException.class);
        assertThatThrownBy(() -> sfn.describeExecution(b -> b.executionArn("not-an-arn"))).isInstanceOf(InvalidArnException.class);
        assertThatThrownBy(() -> sfn.sendTaskSuccess(b -> b.taskToken("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").output("{}")))
                .isInstanceOf(TaskDoesNotExistException.class);
        assertThatThrownBy(() -> sfn.sendTaskSuccess(b -> b.taskToken("no").output("{}"))).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void validateStateMachineDefinition_reportsErrorsAndWarnings_asTheSdkReadsThem() {
        var ok = sfn.validateStateMachineDefinition(b -> b.definition(WAIT_THEN_TASK));
        assertThat(ok.result().toString()).isEqualTo("OK");
        assertThat(ok.diagnostics()).isEmpty();
        assertThat(ok.truncated()).isFalse();

        String broken = """
                {"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"who":"$.name","fixed":"x"},"Result":{"x.$":"$.y"},"Next":"Gone"},
                  "B":{"Type":"Nope","End":true}}}""";
        var errors = sfn.validateStateMachineDefinition(b -> b.definition(broken));
        assertThat(errors.result().toString()).isEqualTo("FAIL");
        assertThat(errors.diagnostics()).allSatisfy(d -> assertThat(d.severity().toString()).isEqualTo("ERROR"));
        assertThat(errors.diagnostics()).anySatisfy(d -> {
            assertThat(d.code()).isEqualTo("MISSING_TRANSITION_TARGET");
            assertThat(d.location()).isEqualTo("/States/A/Next");
        });

        var all = sfn.validateStateMachineDefinition(b -> b.definition(broken).severity("WARNING"));
        assertThat(all.diagnostics()).anySatisfy(d -> {
            assertThat(d.severity().toString()).isEqualTo("WARNING");
            assertThat(d.code()).isEqualTo("NO_DOLLAR");
            assertThat(d.location()).isEqualTo("/States/A/Parameters/who");
        });
        assertThat(all.diagnostics()).anySatisfy(d -> assertThat(d.code()).isEqualTo("PASS_RESULT_IS_STATIC"));
        assertThat(all.diagnostics()).noneSatisfy(d -> assertThat(d.location()).isEqualTo("/States/A/Parameters/fixed"));

        var one = sfn.validateStateMachineDefinition(b -> b.definition(broken).severity("WARNING").maxResults(1));
        assertThat(one.diagnostics()).hasSize(1);
        assertThat(one.truncated()).isTrue();

        var warningsOnly = sfn.validateStateMachineDefinition(b -> b.definition("""
                {"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"who":"$.name"},"End":true}}}""").severity("WARNING"));
        assertThat(warningsOnly.result().toString()).as("warnings do not fail a definition").isEqualTo("OK");
        assertThat(warningsOnly.diagnostics()).hasSize(1);

        var notJson = sfn.validateStateMachineDefinition(b -> b.definition("{\"StartAt\":"));
        assertThat(notJson.diagnostics().getFirst().code()).isEqualTo("INVALID_JSON_DESCRIPTION");
        assertThatThrownBy(() -> sfn.validateStateMachineDefinition(b -> b.definition(WAIT_THEN_TASK).maxResults(101)))
                .hasMessageContaining("maxResults");
    }

    @Test
    void variables_showInTheHistoryAsTheSdkReadsThem_andTestStateTakesThem() throws Exception {
        String machine = sfn.createStateMachine(b -> b.name("vars").roleArn("arn:aws:iam::123456789012:role/sfn").definition("""
                {"StartAt":"Keep","States":{"Keep":{"Type":"Pass","Assign":{"category.$":"$.category","round":1},"Next":"Use"},
                  "Use":{"Type":"Pass","Parameters":{"c.$":"$category","r.$":"$round"},"End":true}}}""")).stateMachineArn();
        String arn = sfn.startExecution(b -> b.stateMachineArn(machine).input("{\"category\":\"mentoring\"}")).executionArn();
        DescribeExecutionResponse done = awaitStatus(arn, ExecutionStatus.SUCCEEDED);
        assertThat(EngineHarness.json(done.output())).isEqualTo(EngineHarness.json("{\"c\":\"mentoring\",\"r\":1}"));
        var exited = sfn.getExecutionHistory(b -> b.executionArn(arn)).events().stream()
                .filter(e -> e.type() == HistoryEventType.PASS_STATE_EXITED).findFirst().orElseThrow().stateExitedEventDetails();
        assertThat(exited.assignedVariables()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("category", "\"mentoring\"", "round", "1"));
        assertThat(exited.assignedVariablesDetails().truncated()).isFalse();
        var noData = sfn.getExecutionHistory(b -> b.executionArn(arn).includeExecutionData(false)).events().stream()
                .filter(e -> e.type() == HistoryEventType.PASS_STATE_EXITED).findFirst().orElseThrow().stateExitedEventDetails();
        assertThat(noData.hasAssignedVariables()).as("assigned values are execution data").isFalse();

        var tested = sfn.testState(b -> b.definition("""
                {"Type":"Pass","Parameters":{"c.$":"$category"},"Assign":{"seen.$":"$.c"},"End":true}""")
                .variables("{\"category\":\"mentoring\"}").input("{}").inspectionLevel("DEBUG"));
        assertThat(EngineHarness.json(tested.output())).isEqualTo(EngineHarness.json("{\"c\":\"mentoring\"}"));
        assertThat(EngineHarness.json(tested.inspectionData().variables()))
                .isEqualTo(EngineHarness.json("{\"category\":\"mentoring\",\"seen\":\"mentoring\"}"));
    }

    @Test
    void jsonata_throughTheSdk_outputAndEvaluationFailed() throws Exception {
        String machine = sfn.createStateMachine(b -> b.name("ata").roleArn("arn:aws:iam::123456789012:role/sfn").definition("""
                {"QueryLanguage":"JSONata","StartAt":"Greet","States":{
                  "Greet":{"Type":"Pass","Output":{"hello":"{% $uppercase($states.input.name) %}"},"Next":"Break"},
                  "Break":{"Type":"Pass","Output":"{% $states.input.missing %}","End":true}}}""")).stateMachineArn();
        String arn = sfn.startExecution(b -> b.stateMachineArn(machine).input("{\"name\":\"ann\"}")).executionArn();
        DescribeExecutionResponse failed = awaitStatus(arn, ExecutionStatus.FAILED);
        assertThat(failed.error()).isEqualTo("States.QueryEvaluationError");
        var events = sfn.getExecutionHistory(b -> b.executionArn(arn)).events();
        assertThat(EngineHarness.json(events.stream().filter(e -> e.type() == HistoryEventType.PASS_STATE_EXITED).findFirst().orElseThrow()
                .stateExitedEventDetails().output())).isEqualTo(EngineHarness.json("{\"hello\":\"ANN\"}"));
        var evaluation = events.stream().filter(e -> e.type() == HistoryEventType.EVALUATION_FAILED).findFirst().orElseThrow().evaluationFailedEventDetails();
        assertThat(evaluation.state()).isEqualTo("Break");
        assertThat(evaluation.error()).isEqualTo("States.QueryEvaluationError");
        assertThat(evaluation.cause()).contains("returned nothing");
    }

    @Test
    void redriveExecution_throughTheSdk() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean up = new java.util.concurrent.atomic.AtomicBoolean();
        h.functions.put("flaky", in -> {
            if (!up.get()) {
                throw new EngineHarness.FunctionError("Mail.Down", "not yet");
            }
            return EngineHarness.json("{\"ok\":true}");
        });
        String machine = sfn.createStateMachine(b -> b.name("redrive").roleArn("arn:aws:iam::123456789012:role/sfn").definition("""
                {"StartAt":"Send","States":{"Send":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                  "Parameters":{"FunctionName":"flaky","Payload":{}},"OutputPath":"$.Payload","End":true}}}""")).stateMachineArn();
        String arn = sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
        DescribeExecutionResponse failed = awaitStatus(arn, ExecutionStatus.FAILED);
        assertThat(failed.redriveStatusAsString()).isEqualTo("REDRIVABLE");
        assertThat(failed.redriveCount()).isZero();

        up.set(true);
        var redriven = sfn.redriveExecution(b -> b.executionArn(arn));
        assertThat(redriven.redriveDate()).isNotNull();
        DescribeExecutionResponse done = awaitStatus(arn, ExecutionStatus.SUCCEEDED);
        assertThat(done.redriveCount()).isEqualTo(1);
        assertThat(done.redriveDate()).isEqualTo(redriven.redriveDate());
        assertThat(done.redriveStatusAsString()).isEqualTo("NOT_REDRIVABLE");
        assertThat(done.redriveStatusReason()).isEqualTo("Execution is SUCCEEDED and cannot be redriven.");
        assertThat(sfn.listExecutions(b -> b.stateMachineArn(machine)).executions().getFirst().redriveCount()).isEqualTo(1);
        assertThat(sfn.getExecutionHistory(b -> b.executionArn(arn)).events().stream().filter(e -> e.type() == HistoryEventType.EXECUTION_REDRIVEN)
                .findFirst().orElseThrow().executionRedrivenEventDetails().redriveCount()).isEqualTo(1);
        assertThatThrownBy(() -> sfn.redriveExecution(b -> b.executionArn(arn)))
                .isInstanceOf(software.amazon.awssdk.services.sfn.model.ExecutionNotRedrivableException.class)
                .hasMessageContaining("Execution is SUCCEEDED and cannot be redriven.");
    }

    @Test
    void testState_aStateOfAWholeDefinition_mocked_withItsRetriesSoFar_andAMapOnAMock() {
        String machine = """
                {"StartAt":"Send","States":{
                  "Send":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"nowhere","Payload":{"to.$":"$.to"}},
                          "ResultSelector":{"id.$":"$.Payload.id"},"ResultPath":"$.sent","Next":"Each",
                          "Retry":[{"ErrorEquals":["Mail.Throttled"],"MaxAttempts":2,"IntervalSeconds":3,"BackoffRate":2}],
                          "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Each"}]},
                  "Each":{"Type":"Map","ItemsPath":"$.judges","ItemSelector":{"judge.$":"$$.Map.Item.Value","n.$":"$$.Map.Item.Index"},"MaxConcurrency":2,
                          "ItemProcessor":{"StartAt":"Mail","States":{"Mail":{"Type":"Pass","End":true}}},"ResultPath":"$.mailed","End":true}}}""";
        var mocked = sfn.testState(b -> b.definition(machine).stateName("Send").input("{\"to\":\"ann\"}").inspectionLevel("DEBUG")
                .mock(m -> m.result("{\"Payload\":{\"id\":\"m-1\"}}")));
        assertThat(mocked.statusAsString()).isEqualTo("SUCCEEDED");
        assertThat(EngineHarness.json(mocked.output())).isEqualTo(EngineHarness.json("{\"to\":\"ann\",\"sent\":{\"id\":\"m-1\"}}"));
        assertThat(mocked.nextState()).isEqualTo("Each");

        var retriable = sfn.testState(b -> b.definition(machine).stateName("Send").input("{\"to\":\"ann\"}").inspectionLevel("DEBUG")
                .mock(m -> m.errorOutput(e -> e.error("Mail.Throttled").cause("slow down"))).stateConfiguration(c -> c.retrierRetryCount(1)));
        assertThat(retriable.statusAsString()).isEqualTo("RETRIABLE");
        assertThat(retriable.inspectionData().errorDetails().retryIndex()).isZero();
        assertThat(retriable.inspectionData().errorDetails().retryBackoffIntervalSeconds()).as("3 s, doubled once").isEqualTo(6);
        var spent = sfn.testState(b -> b.definition(machine).stateName("Send").input("{\"to\":\"ann\"}").inspectionLevel("DEBUG")
                .mock(m -> m.errorOutput(e -> e.error("Mail.Throttled").cause("slow down"))).stateConfiguration(c -> c.retrierRetryCount(2)));
        assertThat(spent.statusAsString()).as("its retries spent, its catcher takes it").isEqualTo("CAUGHT_ERROR");
        assertThat(spent.inspectionData().errorDetails().catchIndex()).isZero();

        var map = sfn.testState(b -> b.definition(machine).stateName("Each").input("{\"judges\":[\"ann\",\"bob\"]}").inspectionLevel("DEBUG")
                .mock(m -> m.result("[1,2]")));
        assertThat(EngineHarness.json(map.output())).isEqualTo(EngineHarness.json("{\"judges\":[\"ann\",\"bob\"],\"mailed\":[1,2]}"));
        assertThat(EngineHarness.json(map.inspectionData().afterItemSelector()))
                .isEqualTo(EngineHarness.json("[{\"judge\":\"ann\",\"n\":0},{\"judge\":\"bob\",\"n\":1}]"));
        assertThat(map.inspectionData().maxConcurrency()).isEqualTo(2);

        var ctx = sfn.testState(b -> b.definition("""
                {"Type":"Pass","Parameters":{"run.$":"$$.Execution.Name","state.$":"$$.State.Name"},"End":true}""")
                .context("{\"Execution\":{\"Name\":\"nightly\"}}").input("{}"));
        assertThat(EngineHarness.json(ctx.output())).isEqualTo(EngineHarness.json("{\"run\":\"nightly\",\"state\":\"TestState\"}"));
        assertThatThrownBy(() -> sfn.testState(b -> b.definition(machine).stateName("Nope").input("{}")))
                .hasMessageContaining("The state 'Nope' is not in the definition");
    }

    @Test
    void testState_runsOneStateOnce_andShowsEachStepAtDebug() {
        h.functions.put("double", in -> EngineHarness.json("{\"n\":" + in.path("n").asInt() * 2 + "}"));
        h.functions.put("refuse", in -> {
            throw new EngineHarness.FunctionError("Nomination.Refused", "not eligible");
        });
        String task = """
                {"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","InputPath":"$.entry",
                 "Parameters":{"FunctionName":"%s","Payload":{"n.$":"$.n"}},"ResultSelector":{"n.$":"$.Payload.n"},
                 "ResultPath":"$.doubled","OutputPath":"$.doubled","Next":"After",
                 "Retry":[{"ErrorEquals":["Lambda.TooManyRequestsException"],"MaxAttempts":2}],
                 "Catch":[{"ErrorEquals":["Nomination.Refused"],"ResultPath":"$.why","Next":"Refused"}]}""";
        var ok = sfn.testState(b -> b.definition(task.formatted("double")).roleArn("arn:aws:iam::123456789012:role/sfn")
                .input("{\"entry\":{\"n\":21}}").inspectionLevel("DEBUG"));
        assertThat(ok.statusAsString()).isEqualTo("SUCCEEDED");
        assertThat(EngineHarness.json(ok.output())).isEqualTo(EngineHarness.json("{\"n\":42}"));
        assertThat(ok.nextState()).isEqualTo("After");
        assertThat(EngineHarness.json(ok.inspectionData().afterInputPath())).isEqualTo(EngineHarness.json("{\"n\":21}"));
        assertThat(EngineHarness.json(ok.inspectionData().afterParameters()))
                .isEqualTo(EngineHarness.json("{\"FunctionName\":\"double\",\"Payload\":{\"n\":21}}"));
        assertThat(EngineHarness.json(ok.inspectionData().result()).path("StatusCode").asInt()).isEqualTo(200);
        assertThat(EngineHarness.json(ok.inspectionData().afterResultSelector())).isEqualTo(EngineHarness.json("{\"n\":42}"));
        assertThat(EngineHarness.json(ok.inspectionData().afterResultPath()))
                .as("ResultPath places the result into the raw input, not the InputPath's").isEqualTo(EngineHarness.json("{\"entry\":{\"n\":21},\"doubled\":{\"n\":42}}"));

        var info = sfn.testState(b -> b.definition(task.formatted("double")).roleArn("arn:aws:iam::123456789012:role/sfn").input("{\"entry\":{\"n\":1}}"));
        assertThat(info.inspectionData()).as("INFO shows no inspection data").isNull();

        var caught = sfn.testState(b -> b.definition(task.formatted("refuse")).roleArn("arn:aws:iam::123456789012:role/sfn").input("{\"entry\":{\"n\":1}}"));
        assertThat(caught.statusAsString()).isEqualTo("CAUGHT_ERROR");
        assertThat(caught.nextState()).isEqualTo("Refused");
        assertThat(caught.error()).isEqualTo("Nomination.Refused");
        assertThat(EngineHarness.json(caught.output()).path("why").path("Error").asText()).isEqualTo("Nomination.Refused");

        h.functions.put("busy", in -> {
            throw new EngineHarness.FunctionError("Lambda.TooManyRequestsException", "slow down");
        });
        var retriable = sfn.testState(b -> b.definition(task.formatted("busy")).roleArn("arn:aws:iam::123456789012:role/sfn").input("{\"entry\":{\"n\":1}}"));
        assertThat(retriable.statusAsString()).isEqualTo("RETRIABLE");
        assertThat(retriable.error()).isEqualTo("Lambda.TooManyRequestsException");

        var choice = sfn.testState(b -> b.definition("""
                {"Type":"Choice","Choices":[{"Variable":"$.n","NumericGreaterThan":10,"Next":"Big"}],"Default":"Small"}""").input("{\"n\":11}"));
        assertThat(choice.nextState()).isEqualTo("Big");
        var failed = sfn.testState(b -> b.definition("""
                {"Type":"Pass","InputPath":"$.missing","End":true}""").input("{}"));
        assertThat(failed.statusAsString()).isEqualTo("FAILED");
        assertThat(failed.error()).isEqualTo("States.Runtime");
        assertThat(failed.nextState()).isNull();
        assertThatThrownBy(() -> sfn.testState(b -> b.definition("{\"Type\":\"Pass\"}").input("{}")))
                .isInstanceOf(InvalidDefinitionException.class);
    }
}
