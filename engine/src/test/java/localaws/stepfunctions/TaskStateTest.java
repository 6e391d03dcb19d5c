package localaws.stepfunctions;

import static localaws.stepfunctions.EngineHarness.json;
import static localaws.stepfunctions.EngineHarness.output;
import static localaws.stepfunctions.EngineHarness.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import localaws.stepfunctions.engine.EngineException;
import localaws.stepfunctions.engine.Execution;
import localaws.stepfunctions.engine.HistoryEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Task states on Lambda: the invoke integration, the plain function ARN, and waiting for a task token. */
class TaskStateTest {
    private final EngineHarness h = new EngineHarness();

    @AfterEach
    void close() {
        h.close();
    }

    /** A function "ask" that keeps the task token it is given, as a judging handler stores it. */
    private AtomicReference<String> askCapturingTheToken() {
        AtomicReference<String> token = new AtomicReference<>();
        h.functions.put("ask", in -> {
            token.set(in.path("token").asText());
            return json("{}");
        });
        return token;
    }

    @Test
    void lambdaInvoke_returnsAwsEnvelope_andResultSelectorPicksThePayload() {
        h.functions.put("double", in -> json("{\"n\":" + in.path("n").asInt() * 2 + "}"));
        Execution ex = h.run("""
                {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                 "Parameters":{"FunctionName":"double","Payload":{"n.$":"$.n"}},"ResultPath":"$.raw","End":true}}}""", "{\"n\":21}");
        JsonNode raw = output(ex).path("raw");
        assertThat(raw.path("Payload")).isEqualTo(json("{\"n\":42}"));
        assertThat(raw.path("StatusCode").asInt()).isEqualTo(200);
        assertThat(raw.path("ExecutedVersion").asText()).isEqualTo("$LATEST");
        assertThat(raw.path("SdkHttpMetadata").path("HttpStatusCode").asInt()).isEqualTo(200);
        assertThat(types(ex)).containsExactly("ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted",
                "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded");
        HistoryEvent scheduled = ex.history().get(2);
        JsonNode details = EngineHarness.apiEvent(scheduled).path("taskScheduledEventDetails");
        assertThat(details.path("resourceType").asText()).isEqualTo("lambda");
        assertThat(details.path("resource").asText()).isEqualTo("invoke");
        assertThat(json(details.path("parameters").asText())).isEqualTo(json("{\"FunctionName\":\"double\",\"Payload\":{\"n\":21}}"));

        Execution selected = h.run("""
                {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                 "Parameters":{"FunctionName":"double","Payload.$":"$"},"ResultSelector":{"n.$":"$.Payload.n"},"End":true}}}""", "{\"n\":5}");
        assertThat(output(selected)).isEqualTo(json("{\"n\":10}"));
    }

    @Test
    void plainFunctionArn_passesTheInput_andReturnsThePayloadItself_withLambdaEvents() {
        h.functions.put("echo", in -> in);
        Execution ex = h.run("""
                {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:echo","End":true}}}""",
                "{\"x\":1}");
        assertThat(output(ex)).isEqualTo(json("{\"x\":1}"));
        assertThat(types(ex)).containsExactly("ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted",
                "LambdaFunctionSucceeded", "TaskStateExited", "ExecutionSucceeded");
    }

    @Test
    void functionError_becomesTheTaskError_withTheErrorJsonAsCause() {
        h.functions.put("boom", in -> {
            throw new EngineHarness.FunctionError("NominationClosed", "too late");
        });
        Execution ex = h.run("""
                {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                 "Parameters":{"FunctionName":"boom","Payload":{}},"End":true}}}""", "{}");
        assertThat(ex.status()).isEqualTo(Execution.Status.FAILED);
        assertThat(ex.error()).isEqualTo("NominationClosed");
        assertThat(json(ex.cause())).isEqualTo(json("{\"errorMessage\":\"too late\",\"errorType\":\"NominationClosed\"}"));
        assertThat(types(ex)).contains("TaskFailed").doesNotContain("TaskStateExited");
    }

    @Test
    void unknownFunction_isLambdaResourceNotFound() {
        Execution ex = h.run("""
                {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                 "Parameters":{"FunctionName":"nobody"},"End":true}}}""", "{}");
        assertThat(ex.error()).isEqualTo("Lambda.ResourceNotFoundException");
    }

    @Test
    void waitForTaskToken_parksUntilSendTaskSuccess_andTheOutputIsTheResult() {
        AtomicReference<String> token = askCapturingTheToken();
        Execution ex = h.settle(h.start(h.create("""
                {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                 "Parameters":{"FunctionName":"ask","Payload":{"token.$":"$$.Task.Token"}},"ResultPath":"$.decision","End":true}}}"""), "{\"id\":1}"));
        assertThat(ex.status()).isEqualTo(Execution.Status.RUNNING);
        assertThat(types(ex)).endsWith("TaskScheduled", "TaskStarted", "TaskSubmitted");
        assertThat(h.engine.waitingTaskTokens()).isEqualTo(1);
        h.engine.sendTaskSuccess(token.get(), "{\"shortlist\":true}");
        h.settle(ex);
        assertThat(output(ex)).isEqualTo(json("{\"id\":1,\"decision\":{\"shortlist\":true}}"));
        // The token is spent: a second answer is refused as AWS refuses it.
        assertThatThrownBy(() -> h.engine.sendTaskSuccess(token.get(), "{}"))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.code()).isEqualTo("TaskDoesNotExist"));
        assertThatThrownBy(() -> h.engine.sendTaskSuccess("not a token!", "{}"))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.code()).isEqualTo("InvalidToken"));
    }

    @Test
    void sendTaskFailure_failsTheTask_withTheGivenErrorAndCause() {
        AtomicReference<String> token = askCapturingTheToken();
        Execution ex = h.settle(h.start(h.create("""
                {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                 "Parameters":{"FunctionName":"ask","Payload":{"token.$":"$$.Task.Token"}},"End":true}}}"""), "{}"));
        h.engine.sendTaskFailure(token.get(), "Judge.Declined", "conflict of interest");
        h.settle(ex);
        assertThat(ex.error()).isEqualTo("Judge.Declined");
        assertThat(ex.cause()).isEqualTo("conflict of interest");
    }

    @Test
    void heartbeatAndTimeout_timeTheTaskOut_andALateAnswerIsTaskTimedOut() {
        AtomicReference<String> token = askCapturingTheToken();
        String arn = h.create("""
                {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                 "Parameters":{"FunctionName":"ask","Payload":{"token.$":"$$.Task.Token"}},"HeartbeatSeconds":60,"TimeoutSeconds":300,"End":true}}}""");
        Execution beat = h.settle(h.start(arn, "{}"));
        h.advance(Duration.ofSeconds(50));
        h.engine.sendTaskHeartbeat(token.get());
        h.advance(Duration.ofSeconds(50));
        assertThat(h.settle(beat).status()).isEqualTo(Execution.Status.RUNNING);
        h.advance(Duration.ofSeconds(11));
        h.settle(beat);
        assertThat(beat.error()).isEqualTo("States.HeartbeatTimeout");
        assertThat(types(beat)).contains("TaskTimedOut");
        String spent = token.get();
        assertThatThrownBy(() -> h.engine.sendTaskSuccess(spent, "{}"))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.code()).isEqualTo("TaskTimedOut"));
    }

    @Test
    void timeoutSeconds_isStatesTimeout() {
        h.functions.put("ask", in -> json("{}"));
        Execution ex = h.settle(h.start(h.create("""
                {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                 "Parameters":{"FunctionName":"ask","Payload":{"token.$":"$$.Task.Token"}},"TimeoutSecondsPath":"$.t","End":true}}}"""), "{\"t\":30}"));
        h.advance(Duration.ofSeconds(30));
        h.settle(ex);
        assertThat(ex.error()).isEqualTo("States.Timeout");
    }

    @Test
    void aResultOver256KiB_isTheTasksDataLimitExceeded_whichStatesAllCatches() {
        // As executions recorded on AWS show: the task fails, and its Catch handles it.
        h.functions.put("big", in -> json("\"" + "x".repeat(300 * 1024) + "\""));
        Execution ex = h.run("""
                {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                 "Parameters":{"FunctionName":"big"},"Catch":[{"ErrorEquals":["States.ALL"],"Next":"Caught"}],"End":true},
                 "Caught":{"Type":"Pass","End":true}}}""", "{}");
        assertThat(ex.status()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(output(ex).path("Error").asText()).isEqualTo("States.DataLimitExceeded");
        assertThat(output(ex).path("Cause").asText())
                .isEqualTo("The state/task 'lambda' returned a result with a size exceeding the maximum number of bytes service limit.");
        assertThat(types(ex)).contains("TaskFailed").doesNotContain("TaskSucceeded");
    }

    @Test
    void aResultOver256KiB_withoutACatch_failsTheExecution() {
        h.functions.put("big", in -> json("\"" + "x".repeat(300 * 1024) + "\""));
        Execution ex = h.run("""
                {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"big"},"End":true}}}""", "{}");
        assertThat(ex.error()).isEqualTo("States.DataLimitExceeded");
    }

    @Test
    void theLimit_is262144BytesOfUtf8_theLimitItselfIncluded() {
        // A string result of n characters is n + 2 bytes of JSON; "é" is two bytes of UTF-8.
        h.functions.put("under", in -> json("\"" + "x".repeat(262_141) + "\""));
        h.functions.put("at", in -> json("\"" + "x".repeat(262_142) + "\""));
        h.functions.put("wide", in -> json("\"" + "é".repeat(131_071) + "\""));
        String definition = """
                {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:%s","End":true}}}""";
        assertThat(h.run(definition.formatted("under"), "{}").status()).isEqualTo(Execution.Status.SUCCEEDED);
        Execution at = h.run(definition.formatted("at"), "{}");
        assertThat(at.error()).isEqualTo("States.DataLimitExceeded");
        assertThat(at.cause()).isEqualTo("The state/task 'arn:aws:lambda:us-east-1:123456789012:function:at' returned a result with a size "
                + "exceeding the maximum number of bytes service limit.");
        assertThat(h.run(definition.formatted("wide"), "{}").error()).as("131,071 two-byte characters and two quotes: 262,144 bytes")
                .isEqualTo("States.DataLimitExceeded");
    }

    @Test
    void aStatesOwnOutputOverTheLimit_isTerminal_noCatchHandlesIt() {
        Execution ex = h.run("""
                {"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[{"StartAt":"B","States":{"B":{"Type":"Pass","Parameters":{"s.$":"$.s"},"End":true}}}],
                 "Parameters":{"s.$":"$.s"},"ResultSelector":{"a.$":"$[0].s","b.$":"$[0].s"},"Catch":[{"ErrorEquals":["States.ALL"],"Next":"Caught"}],"End":true},
                 "Caught":{"Type":"Succeed"}}}""", "{\"s\":\"" + "x".repeat(140 * 1024) + "\"}");
        assertThat(ex.status()).isEqualTo(Execution.Status.FAILED);
        assertThat(ex.error()).isEqualTo("States.DataLimitExceeded");
    }
}
