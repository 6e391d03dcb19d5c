package localaws.stepfunctions;

import static localaws.stepfunctions.EngineHarness.json;
import static localaws.stepfunctions.EngineHarness.output;
import static localaws.stepfunctions.EngineHarness.types;
import static org.assertj.core.api.Assertions.assertThat;

import localaws.stepfunctions.asl.Retrier;
import com.fasterxml.jackson.databind.JsonNode;
import localaws.stepfunctions.engine.Execution;
import localaws.stepfunctions.engine.HistoryEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retry and Catch, matched on the error names of the spec, with time moved by the test. */
class ErrorHandlingTest {
    private final EngineHarness h = new EngineHarness();

    @AfterEach
    void close() {
        h.close();
    }

    private void failTimes(String name, int times, String errorType) {
        AtomicInteger calls = new AtomicInteger();
        h.functions.put(name, in -> {
            if (calls.incrementAndGet() <= times) {
                throw new EngineHarness.FunctionError(errorType, "call " + calls.get());
            }
            return json("{\"calls\":" + calls.get() + "}");
        });
    }

    @Test
    void retry_backsOffByIntervalTimesRate_thenSucceeds() {
        failTimes("flaky", 2, "Lambda.TooManyRequestsException");
        Execution ex = h.settle(h.start(h.create("""
                {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                 "Parameters":{"FunctionName":"flaky","Payload":{"retry.$":"$$.State.RetryCount"}},"ResultSelector":{"calls.$":"$.Payload.calls"},
                 "Retry":[{"ErrorEquals":["Lambda.TooManyRequestsException"],"IntervalSeconds":2,"BackoffRate":3,"MaxAttempts":3}],"End":true}}}"""), "{}"));
        assertThat(ex.status()).isEqualTo(Execution.Status.RUNNING);
        h.advance(Duration.ofSeconds(2)); // first retry after 2 s
        h.settle(ex);
        h.advance(Duration.ofSeconds(5));
        assertThat(h.settle(ex).status()).isEqualTo(Execution.Status.RUNNING); // second retry is due 6 s later
        h.advance(Duration.ofSeconds(1));
        h.settle(ex);
        assertThat(ex.status()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(output(ex)).isEqualTo(json("{\"calls\":3}"));
        assertThat(types(ex).stream().filter("TaskScheduled"::equals).count()).isEqualTo(3);
        assertThat(types(ex).stream().filter("TaskStateEntered"::equals).count()).isEqualTo(1);
    }

    @Test
    void retriesExhausted_thenCatch_putsErrorAndCauseAtResultPath() {
        failTimes("down", 10, "Lambda.ServiceException");
        Execution ex = h.settle(h.start(h.create("""
                {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"down"},
                 "Retry":[{"ErrorEquals":["Lambda.ServiceException"],"IntervalSeconds":1,"MaxAttempts":1}],
                 "Catch":[{"ErrorEquals":["States.TaskFailed"],"ResultPath":"$.error","Next":"Handled"}],"End":true},
                 "Handled":{"Type":"Pass","End":true}}}"""), "{\"id\":9}"));
        h.advance(Duration.ofSeconds(1));
        h.settle(ex);
        assertThat(ex.status()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(output(ex).path("id").asInt()).isEqualTo(9);
        assertThat(output(ex).path("error").path("Error").asText()).isEqualTo("Lambda.ServiceException");
        assertThat(json(output(ex).path("error").path("Cause").asText()).path("errorMessage").asText()).isEqualTo("call 2");
    }

    @Test
    void maxAttemptsZero_neverRetries_andTheFirstMatchingRetrierDecides() {
        failTimes("once", 1, "Custom.Error");
        Execution ex = h.run("""
                {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"once"},
                 "Retry":[{"ErrorEquals":["Custom.Error"],"MaxAttempts":0},{"ErrorEquals":["States.ALL"],"MaxAttempts":5}],"End":true}}}""", "{}");
        assertThat(ex.status()).isEqualTo(Execution.Status.FAILED);
        assertThat(ex.error()).isEqualTo("Custom.Error");
    }

    @Test
    void taskFailed_doesNotMatchTimeout_butStatesAllDoes() {
        h.functions.put("slow", in -> json("{}"));
        String definition = """
                {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                 "Parameters":{"FunctionName":"slow","Payload":{"t.$":"$$.Task.Token"}},"TimeoutSeconds":5,
                 "Catch":[{"ErrorEquals":["%s"],"Next":"Caught"}],"End":true},"Caught":{"Type":"Succeed"}}}""";
        Execution byTaskFailed = h.settle(h.start(h.create(definition.formatted("States.TaskFailed")), "{}"));
        Execution byAll = h.settle(h.start(h.create(definition.formatted("States.ALL")), "{}"));
        h.advance(Duration.ofSeconds(5));
        assertThat(h.settle(byTaskFailed).error()).isEqualTo("States.Timeout");
        assertThat(h.settle(byAll).status()).isEqualTo(Execution.Status.SUCCEEDED);
    }

    @Test
    void statesRuntime_isNotCaught_evenByStatesAll() {
        Execution ex = h.run("""
                {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName.$":"$.nope"},
                 "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Caught"}],"End":true},"Caught":{"Type":"Succeed"}}}""", "{}");
        assertThat(ex.status()).isEqualTo(Execution.Status.FAILED);
        assertThat(ex.error()).isEqualTo("States.Runtime");
    }

    @Test
    void failState_takesErrorAndCause_fromFieldsOrPaths() {
        Execution fixed = h.run("""
                {"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Nomination.Invalid","Cause":"no citation"}}}""", "{}");
        assertThat(fixed.error()).isEqualTo("Nomination.Invalid");
        assertThat(fixed.cause()).isEqualTo("no citation");
        assertThat(types(fixed)).containsExactly("ExecutionStarted", "FailStateEntered", "ExecutionFailed");
        Execution paths = h.run("""
                {"StartAt":"F","States":{"F":{"Type":"Fail","ErrorPath":"$.e","CausePath":"$.c"}}}""", "{\"e\":\"E1\",\"c\":\"because\"}");
        assertThat(paths.error()).isEqualTo("E1");
        assertThat(paths.cause()).isEqualTo("because");
    }

    @Test
    void retrierDelay_isCappedByMaxDelaySeconds() {
        Retrier r = new Retrier(List.of("X"), 1, 10, 2.0, 5, false);
        assertThat(r.delaySeconds(0)).isEqualTo(1);
        assertThat(r.delaySeconds(2)).isEqualTo(4);
        assertThat(r.delaySeconds(3)).isEqualTo(5);
    }

    /** A function throttled on its first call, then answering its input; {@code calls} counts them. */
    private static java.util.function.Function<JsonNode, JsonNode> throttledOnce(java.util.concurrent.atomic.AtomicInteger calls) {
        return in -> {
            if (calls.incrementAndGet() == 1) {
                throw new EngineHarness.FunctionError("Lambda.TooManyRequestsException", "slow down");
            }
            return in;
        };
    }

    @Test
    void fullJitter_waitsTheDrawnShareOfTheBackoff_toTheMillisecond() {
        // A draw of 0.25 of a 10 s backoff: the retry is due 2.5 s after the failure, not before.
        try (EngineHarness jittery = new EngineHarness(null, EngineHarness.T0, () -> 0.25)) {
            java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
            jittery.functions.put("jittery", throttledOnce(calls));
            Execution ex = jittery.settle(jittery.start(jittery.create("""
                    {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"jittery"},
                     "Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":10,"JitterStrategy":"FULL"}],"End":true}}}"""), "{}"));
            assertThat(calls.get()).isEqualTo(1);
            jittery.advance(Duration.ofMillis(2499));
            jittery.settle(ex);
            assertThat(calls.get()).as("not retried before 2.5 s").isEqualTo(1);
            jittery.advance(Duration.ofMillis(1));
            assertThat(jittery.settle(ex).status()).isEqualTo(Execution.Status.SUCCEEDED);
            assertThat(calls.get()).isEqualTo(2);
            List<HistoryEvent> scheduled = ex.history().stream().filter(e -> e.type().equals("TaskScheduled")).toList();
            assertThat(scheduled.get(1).timestamp() - scheduled.get(0).timestamp()).isEqualTo(2500);
        }
    }

    @Test
    void withoutJitter_theRetryWaitsTheWholeBackoff() {
        try (EngineHarness exact = new EngineHarness(null, EngineHarness.T0, () -> 0.25)) {
            java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
            exact.functions.put("f", throttledOnce(calls));
            Execution ex = exact.settle(exact.start(exact.create("""
                    {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f"},
                     "Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":10}],"End":true}}}"""), "{}"));
            exact.advance(Duration.ofMillis(9999));
            exact.settle(ex);
            assertThat(calls.get()).as("no jitter drawn: the whole 10 s").isEqualTo(1);
            exact.advance(Duration.ofMillis(1));
            assertThat(exact.settle(ex).status()).isEqualTo(Execution.Status.SUCCEEDED);
        }
    }
}
