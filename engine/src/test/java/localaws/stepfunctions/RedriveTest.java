package localaws.stepfunctions;

import static localaws.stepfunctions.EngineHarness.json;
import static localaws.stepfunctions.EngineHarness.output;
import static localaws.stepfunctions.EngineHarness.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import localaws.stepfunctions.engine.EngineException;
import localaws.stepfunctions.engine.Execution;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RedriveExecution (https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html):
 * a failed, timed-out or aborted execution runs again from the state that did not succeed, with
 * what succeeded kept, its variables kept, and {@code redriveCount} counted; across a restart too.
 */
class RedriveTest {
    private static final String MACHINE = """
            {"StartAt":"Register","States":{
              "Register":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"register","Payload":{}},
                          "Assign":{"ref.$":"$.Payload.ref"},"ResultPath":null,"Next":"Notify"},
              "Notify":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                        "Parameters":{"FunctionName":"notify","Payload":{"ref.$":"$ref","redrives.$":"$$.Execution.RedriveCount"}},
                        "ResultSelector":{"sent.$":"$.Payload.sent","redrives.$":"$.Payload.redrives"},"End":true}}}""";

    @Test
    void aFailedExecution_runsAgainFromTheFailedState_keepingWhatSucceededAndItsVariables() {
        try (EngineHarness h = new EngineHarness()) {
            AtomicInteger registered = new AtomicInteger();
            AtomicBoolean mailUp = new AtomicBoolean(false);
            h.functions.put("register", in -> json("{\"ref\":\"DIA-2027-0001\",\"n\":" + registered.incrementAndGet() + "}"));
            h.functions.put("notify", in -> {
                if (!mailUp.get()) {
                    throw new EngineHarness.FunctionError("Mail.Down", "SES is unavailable");
                }
                return json("{\"sent\":\"" + in.path("ref").asText() + "\",\"redrives\":" + in.path("redrives").asInt() + "}");
            });
            Execution ex = h.run(MACHINE, "{}");
            assertThat(ex.status()).isEqualTo(Execution.Status.FAILED);
            assertThat(h.engine.notRedrivableBecause(ex)).isNull();

            mailUp.set(true);
            h.engine.redriveExecution(ex.arn(), "token-1");
            h.settle(ex);
            assertThat(ex.status()).as(ex.cause()).isEqualTo(Execution.Status.SUCCEEDED);
            assertThat(output(ex)).isEqualTo(json("{\"sent\":\"DIA-2027-0001\",\"redrives\":1}"));
            assertThat(registered).as("the state that succeeded is not run again").hasValue(1);
            assertThat(ex.redriveCount()).isEqualTo(1);
            assertThat(ex.error()).isNull();
            assertThat(types(ex)).containsSubsequence("TaskStateEntered", "TaskFailed", "ExecutionFailed", "ExecutionRedriven",
                    "TaskStateEntered", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded");
            assertThat(Collections.frequency(types(ex), "ExecutionRedriven")).isEqualTo(1);
            var redriven = ex.history().stream().filter(e -> e.type().equals("ExecutionRedriven")).findFirst().orElseThrow();
            assertThat(json(redriven.details())).isEqualTo(json("{\"redriveCount\":1}"));

            assertThatThrownBy(() -> h.engine.redriveExecution(ex.arn(), null)).isInstanceOfSatisfying(EngineException.class, e -> {
                assertThat(e.code()).isEqualTo("ExecutionNotRedrivable");
                assertThat(e.getMessage()).contains("Execution is SUCCEEDED and cannot be redriven.");
            });
        }
    }

    @Test
    void aParallelAndAMap_runAgainOnlyTheirBranchesAndIterationsThatFailed() {
        try (EngineHarness h = new EngineHarness()) {
            java.util.Map<String, AtomicInteger> calls = new java.util.concurrent.ConcurrentHashMap<>();
            AtomicBoolean fixed = new AtomicBoolean(false);
            h.functions.put("work", in -> {
                String item = in.path("item").asText();
                calls.computeIfAbsent(item, k -> new AtomicInteger()).incrementAndGet();
                if (item.startsWith("bad") && !fixed.get()) {
                    throw new EngineHarness.FunctionError("Work.Failed", item);
                }
                return json("\"done " + item + "\"");
            });
            String task = "{\"Type\":\"Task\",\"Resource\":\"arn:aws:lambda:us-east-1:123456789012:function:work\",\"End\":true}";
            Execution parallel = h.run("""
                    {"StartAt":"Both","States":{"Both":{"Type":"Parallel","End":true,"Branches":[
                        {"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"item":"good-branch"},"Next":"A2"},"A2":%s}},
                        {"StartAt":"Later","States":{"Later":{"Type":"Wait","Seconds":10,"Next":"B"},
                          "B":{"Type":"Pass","Parameters":{"item":"bad-branch"},"Next":"B2"},"B2":%s}}]}}}"""
                    .formatted(task, task), "{}");
            // The good branch ends first; the other fails after its wait.
            h.advance(Duration.ofSeconds(10));
            h.settle(parallel);
            Execution map = h.run("""
                    {"StartAt":"Each","States":{"Each":{"Type":"Map","ItemSelector":{"item.$":"$$.Map.Item.Value"},"MaxConcurrency":1,
                      "ItemProcessor":{"StartAt":"W","States":{"W":%s}},"End":true}}}""".formatted(task), "[\"one\",\"bad-two\",\"three\"]");
            assertThat(parallel.status()).isEqualTo(Execution.Status.FAILED);
            assertThat(map.status()).isEqualTo(Execution.Status.FAILED);
            assertThat(calls.get("good-branch")).hasValue(1);
            assertThat(calls.get("one")).hasValue(1);
            assertThat(calls.get("three")).as("after the failed iteration, none started").isNull();

            fixed.set(true);
            h.engine.redriveExecution(parallel.arn(), null);
            h.engine.redriveExecution(map.arn(), null);
            h.settle(parallel);
            h.settle(map);
            assertThat(parallel.status()).as(parallel.cause()).isEqualTo(Execution.Status.SUCCEEDED);
            assertThat(output(parallel)).isEqualTo(json("[\"done good-branch\",\"done bad-branch\"]"));
            assertThat(calls.get("good-branch")).as("the branch that succeeded is not run again").hasValue(1);
            assertThat(calls.get("bad-branch")).hasValue(2);
            assertThat(Collections.frequency(types(parallel), "ParallelStateStarted")).as("it carries on, not started again").isEqualTo(1);

            assertThat(map.status()).as(map.cause()).isEqualTo(Execution.Status.SUCCEEDED);
            assertThat(output(map)).isEqualTo(json("[\"done one\",\"done bad-two\",\"done three\"]"));
            assertThat(calls.get("one")).as("the iteration that succeeded is not run again").hasValue(1);
            assertThat(calls.get("bad-two")).hasValue(2);
            assertThat(calls.get("three")).hasValue(1);
        }
    }

    @Test
    void anAbortedExecution_isRedriven_theSameTokenTwiceRedrivesOnce_andTheRedrivablePeriodEnds() {
        try (EngineHarness h = new EngineHarness()) {
            Execution ex = h.run("""
                    {"StartAt":"Wait","States":{"Wait":{"Type":"Wait","Seconds":60,"Next":"Done"},"Done":{"Type":"Pass","Result":"done","End":true}}}""", "{}");
            assertThatThrownBy(() -> h.engine.redriveExecution(ex.arn(), null)).hasMessageContaining("Execution is RUNNING and cannot be redriven.");
            h.engine.stopExecution(ex.arn(), "Stopped", "by a test");
            h.engine.redriveExecution(ex.arn(), "same");
            h.engine.redriveExecution(ex.arn(), "same");
            assertThat(ex.redriveCount()).isEqualTo(1);
            h.settle(ex);
            h.advance(Duration.ofSeconds(60));
            h.settle(ex);
            assertThat(ex.status()).isEqualTo(Execution.Status.SUCCEEDED);
            assertThat(output(ex)).isEqualTo(json("\"done\""));

            Execution old = h.run("""
                    {"StartAt":"F","States":{"F":{"Type":"Fail","Error":"E"}}}""", "{}");
            h.advance(Duration.ofDays(15));
            assertThat(h.engine.notRedrivableBecause(old)).isEqualTo("Execution redrivable period exceeded.");
        }
    }

    @Test
    void aRedrivenExecution_carriesOnAfterARestart_andOneArchivedByCompactionCanBeRedriven(@TempDir Path data) {
        String arn;
        String archivedArn;
        try (EngineHarness h = new EngineHarness(data)) {
            h.functions.put("register", in -> json("{\"ref\":\"DIA-2027-0002\"}"));
            h.functions.put("notify", in -> {
                throw new EngineHarness.FunctionError("Mail.Down", "SES is unavailable");
            });
            archivedArn = h.run(MACHINE, "{}").arn();
            Execution ex = h.run("""
                    {"StartAt":"Keep","States":{"Keep":{"Type":"Pass","Assign":{"who":"ann"},"Next":"Wait"},
                      "Wait":{"Type":"Wait","Seconds":60,"Next":"Read"},"Read":{"Type":"Pass","Parameters":{"who.$":"$who"},"End":true}}}""", "{}");
            h.engine.stopExecution(ex.arn(), null, null);
            h.engine.redriveExecution(ex.arn(), null);
            h.settle(ex);
            arn = ex.arn();
        }
        // The restart compacts the journal: the failed execution's history goes to the archive.
        try (EngineHarness h = new EngineHarness(data, EngineHarness.T0.plusSeconds(10))) {
            h.functions.put("notify", in -> json("{\"sent\":\"" + in.path("ref").asText() + "\",\"redrives\":" + in.path("redrives").asInt() + "}"));
            Execution ex = h.settle(h.engine.execution(arn));
            assertThat(ex.isRunning()).isTrue();
            assertThat(ex.redriveCount()).isEqualTo(1);
            h.advance(Duration.ofSeconds(60));
            h.settle(ex);
            assertThat(ex.status()).isEqualTo(Execution.Status.SUCCEEDED);
            assertThat(output(ex)).as("the variable assigned before the abort").isEqualTo(json("{\"who\":\"ann\"}"));

            Execution archived = h.engine.execution(archivedArn);
            h.engine.redriveExecution(archivedArn, null);
            h.settle(archived);
            assertThat(archived.status()).as(archived.cause()).isEqualTo(Execution.Status.SUCCEEDED);
            assertThat(output(archived)).isEqualTo(json("{\"sent\":\"DIA-2027-0002\",\"redrives\":1}"));
        }
    }
}
