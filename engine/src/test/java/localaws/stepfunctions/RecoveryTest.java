package localaws.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;

import localaws.stepfunctions.engine.Execution;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart carries every execution on exactly where its journal says it was (issue 10): inside a
 * Parallel each branch from its own place, deadlines where they were first set, a retry at the
 * instant it was due. Each test runs an engine, stops it, and starts another on the same folder,
 * its clock later, as a machine restarted after a while.
 */
class RecoveryTest {
    private static final Instant T0 = EngineHarness.T0;

    private static long count(Execution ex, String type) {
        return Collections.frequency(EngineHarness.types(ex), type);
    }

    @Test
    void insideAParallel_eachBranchCarriesOn_andTheParallelStartsOnce(@TempDir Path data) {
        AtomicReference<String> token = new AtomicReference<>();
        String arn;
        String machine = """
                {"StartAt":"Judging","States":{"Judging":{"Type":"Parallel","End":true,"Branches":[
                  {"StartAt":"AwaitPanel","States":{"AwaitPanel":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                    "Parameters":{"FunctionName":"open","Payload":{"token.$":"$$.Task.Token"}},"TimeoutSeconds":3600,"End":true}}},
                  {"StartAt":"WaitForReminder","States":{"WaitForReminder":{"Type":"Wait","Seconds":600,"Next":"Remind"},
                    "Remind":{"Type":"Pass","Result":"reminded","End":true}}}]}}}""";
        try (EngineHarness h = new EngineHarness(data)) {
            h.functions.put("open", in -> {
                token.set(in.path("token").asText());
                return EngineHarness.json("{}");
            });
            Execution ex = h.settle(h.start(h.create(machine), "{}"));
            assertThat(EngineHarness.types(ex)).contains("TaskSubmitted", "WaitStateEntered");
            arn = ex.arn();
        }
        try (EngineHarness h = new EngineHarness(data, T0.plusSeconds(60))) {
            AtomicInteger calls = new AtomicInteger();
            h.functions.put("open", in -> {
                calls.incrementAndGet();
                return EngineHarness.json("{}");
            });
            Execution ex = h.settle(h.engine.execution(arn));
            h.advance(Duration.ofSeconds(600));
            h.settle(ex);
            h.engine.sendTaskSuccess(token.get(), "{\"outcome\":\"SHORTLISTED\"}");
            h.settle(ex);
            assertThat(ex.status()).isEqualTo(Execution.Status.SUCCEEDED);
            assertThat(EngineHarness.output(ex).toString()).isEqualTo("[{\"outcome\":\"SHORTLISTED\"},\"reminded\"]");
            assertThat(calls).as("the function already had the token").hasValue(0);
            assertThat(count(ex, "ParallelStateStarted")).isEqualTo(1);
            assertThat(count(ex, "TaskScheduled")).isEqualTo(1);
            assertThat(count(ex, "WaitStateEntered")).isEqualTo(1);
            assertThat(count(ex, "ParallelStateSucceeded")).isEqualTo(1);
        }
    }

    /**
     * A host serves before the recovered executions are resumed (they resume on a thread of their
     * own); a task token's answer that arrives first waits for them, and is not refused as a token
     * that does not exist.
     */
    @Test
    void aTokensAnswer_beforeTheExecutionsAreResumed_waitsForThem(@TempDir Path data) {
        AtomicReference<String> token = new AtomicReference<>();
        String machine = """
                {"StartAt":"AwaitPanel","States":{"AwaitPanel":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                  "Parameters":{"FunctionName":"open","Payload":{"token.$":"$$.Task.Token"}},"TimeoutSeconds":3600,"End":true}}}""";
        String arn;
        try (EngineHarness h = new EngineHarness(data)) {
            h.functions.put("open", in -> {
                token.set(in.path("token").asText());
                return EngineHarness.json("{}");
            });
            arn = h.settle(h.start(h.create(machine), "{}")).arn();
        }
        localaws.LambdaFunctions none = (name, payload) -> {
            throw new AssertionError("the function already had the token");
        };
        var options = localaws.stepfunctions.engine.Engine.Options.inMemory(localaws.VirtualClock.frozen(T0.plusSeconds(60)))
                .withFunctions(none).withDataDir(data);
        try (var engine = new localaws.stepfunctions.engine.Engine(options, false)) {
            assertThat(engine.recovered()).isNotDone();
            engine.sendTaskSuccess(token.get(), "{\"outcome\":\"SHORTLISTED\"}");
            assertThat(engine.awaitIdle(Duration.ofSeconds(10))).isTrue();
            Execution ex = engine.execution(arn);
            assertThat(ex.status()).isEqualTo(Execution.Status.SUCCEEDED);
            assertThat(ex.output()).isEqualTo("{\"outcome\":\"SHORTLISTED\"}");
            assertThat(engine.recovered().join().running()).isEqualTo(1);
            assertThat(engine.startFigures().resumeSeconds()).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void aTasksTimeout_countsFromWhenItWasScheduled_notFromTheRestart(@TempDir Path data) {
        String arn;
        String machine = """
                {"StartAt":"Judging","States":{"Judging":{"Type":"Parallel","End":true,"Branches":[
                  {"StartAt":"AwaitPanel","States":{"AwaitPanel":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                    "Parameters":{"FunctionName":"open","Payload":{"token.$":"$$.Task.Token"}},"TimeoutSeconds":100,
                    "Catch":[{"ErrorEquals":["States.Timeout"],"Next":"Undecided"}],"End":true},
                    "Undecided":{"Type":"Pass","Result":"undecided","End":true}}}]}}}""";
        try (EngineHarness h = new EngineHarness(data)) {
            h.functions.put("open", in -> EngineHarness.json("{}"));
            arn = h.settle(h.start(h.create(machine), "{}")).arn();
        }
        // Restarted 60 s later: the deadline is still T0 + 100 s, not the restart + 100 s.
        try (EngineHarness h = new EngineHarness(data, T0.plusSeconds(60))) {
            h.functions.put("open", in -> EngineHarness.json("{}"));
            Execution ex = h.settle(h.engine.execution(arn));
            assertThat(ex.isRunning()).isTrue();
            h.clock.advanceTo(T0.plusSeconds(101));
            h.settle(ex);
            assertThat(ex.status()).isEqualTo(Execution.Status.SUCCEEDED);
            assertThat(EngineHarness.output(ex).toString()).isEqualTo("[\"undecided\"]");
            assertThat(count(ex, "TaskTimedOut")).isEqualTo(1);
            assertThat(count(ex, "ParallelStateStarted")).isEqualTo(1);
        }
    }

    @Test
    void aRetryBackOff_isKeptAcrossARestart(@TempDir Path data) {
        String arn;
        String machine = """
                {"StartAt":"Close","States":{"Close":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:close",
                  "Retry":[{"ErrorEquals":["Busy"],"IntervalSeconds":30,"MaxAttempts":2,"BackoffRate":1}],"End":true}}}""";
        try (EngineHarness h = new EngineHarness(data)) {
            h.functions.put("close", in -> {
                throw new EngineHarness.FunctionError("Busy", "try later");
            });
            Execution ex = h.settle(h.start(h.create(machine), "{}"));
            assertThat(EngineHarness.types(ex)).endsWith("LambdaFunctionFailed");
            arn = ex.arn();
        }
        try (EngineHarness h = new EngineHarness(data, T0.plusSeconds(10))) {
            AtomicInteger calls = new AtomicInteger();
            h.functions.put("close", in -> {
                calls.incrementAndGet();
                return EngineHarness.json("{\"closed\":true}");
            });
            Execution ex = h.settle(h.engine.execution(arn));
            assertThat(calls).as("not before the retry is due at T0 + 30 s").hasValue(0);
            h.clock.advanceTo(T0.plusSeconds(31));
            h.settle(ex);
            assertThat(ex.status()).isEqualTo(Execution.Status.SUCCEEDED);
            assertThat(calls).hasValue(1);
            assertThat(count(ex, "LambdaFunctionScheduled")).isEqualTo(2);
        }
    }

    @Test
    void aRetryWhoseBudgetWasSpent_goesToItsCatcher_afterARestart(@TempDir Path data) {
        String arn;
        String machine = """
                {"StartAt":"Close","States":{"Close":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:close",
                  "Retry":[{"ErrorEquals":["Busy"],"IntervalSeconds":1,"MaxAttempts":1,"BackoffRate":1}],
                  "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Gave up"}],"End":true},
                  "Gave up":{"Type":"Pass","Result":"gave up","End":true}}}""";
        AtomicInteger calls = new AtomicInteger();
        try (EngineHarness h = new EngineHarness(data)) {
            h.functions.put("close", in -> {
                calls.incrementAndGet();
                throw new EngineHarness.FunctionError("Busy", "try later");
            });
            Execution ex = h.settle(h.start(h.create(machine), "{}"));
            // One failure, its retry armed for T0 + 1 s: stop before it runs.
            assertThat(count(ex, "LambdaFunctionFailed")).isEqualTo(1);
            arn = ex.arn();
        }
        // Restarted before the retry is due, so the function is in place when it comes.
        try (EngineHarness h = new EngineHarness(data, T0)) {
            h.functions.put("close", in -> {
                calls.incrementAndGet();
                throw new EngineHarness.FunctionError("Busy", "still");
            });
            h.clock.advanceTo(T0.plusSeconds(5));
            Execution ex = h.settle(h.engine.execution(arn));
            assertThat(ex.status()).isEqualTo(Execution.Status.SUCCEEDED);
            assertThat(EngineHarness.output(ex).asText()).isEqualTo("gave up");
            assertThat(calls).as("one first attempt, one retry: MaxAttempts 1").hasValue(2);
        }
    }

    @Test
    void aRetryThatRunsLate_countsItsTimeoutFromWhenItWasDue() throws Exception {
        // The clock jumped months ahead while a retry waited (the console's next milestone): its
        // attempt's deadline is its due instant plus the timeout, not the jump plus the timeout.
        AtomicInteger calls = new AtomicInteger();
        try (EngineHarness h = new EngineHarness()) {
            h.functions.put("open", in -> {
                if (calls.incrementAndGet() == 1) {
                    throw new EngineHarness.FunctionError("Busy", "later");
                }
                return EngineHarness.json("{}");
            });
            Execution ex = h.settle(h.start(h.create("""
                    {"StartAt":"AwaitPanel","States":{"AwaitPanel":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                      "Parameters":{"FunctionName":"open","Payload":{"token.$":"$$.Task.Token"}},"TimeoutSeconds":100,
                      "Retry":[{"ErrorEquals":["Busy"],"IntervalSeconds":10,"MaxAttempts":1}],
                      "Catch":[{"ErrorEquals":["States.Timeout"],"Next":"Undecided"}],"End":true},
                      "Undecided":{"Type":"Pass","Result":"undecided","End":true}}}"""), "{}"));
            h.advance(Duration.ofDays(90));
            h.settle(ex);
            // The retry's call and its (already passed) deadline race; the call is made all the same.
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!h.engine.isIdle() && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            assertThat(calls).hasValue(2);
            assertThat(ex.status()).isEqualTo(Execution.Status.SUCCEEDED);
            assertThat(EngineHarness.output(ex).asText()).isEqualTo("undecided");
        }
    }

    @Test
    void insideAMap_endedIterationsKeepTheirResults_runningOnesCarryOn_theRestStart(@TempDir Path data) {
        // Four items, two at a time: item 0 ends, item 1 waits on its token, item 2 waits in a Wait
        // state; the engine stops there. After the restart nothing that ended runs again.
        String machine = """
                {"StartAt":"Each","States":{"Each":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":3,"End":true,
                  "ItemProcessor":{"StartAt":"Route","States":{
                    "Route":{"Type":"Choice","Choices":[{"Variable":"$.kind","StringEquals":"token","Next":"Await"},
                                                       {"Variable":"$.kind","StringEquals":"wait","Next":"Pause"}],"Default":"Done"},
                    "Await":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                      "Parameters":{"FunctionName":"open","Payload":{"token.$":"$$.Task.Token"}},"TimeoutSeconds":3600,"End":true},
                    "Pause":{"Type":"Wait","Seconds":600,"Next":"Done"},
                    "Done":{"Type":"Pass","Parameters":{"n.$":"$.n"},"End":true}}}}}}""";
        String input = "{\"items\":[{\"kind\":\"now\",\"n\":0},{\"kind\":\"token\",\"n\":1},{\"kind\":\"wait\",\"n\":2},{\"kind\":\"now\",\"n\":3}]}";
        AtomicReference<String> token = new AtomicReference<>();
        String arn;
        try (EngineHarness h = new EngineHarness(data)) {
            h.functions.put("open", in -> {
                token.set(in.path("token").asText());
                return EngineHarness.json("{}");
            });
            Execution ex = h.settle(h.start(h.create(machine), input));
            assertThat(count(ex, "MapIterationSucceeded")).as("items 0 and 3").isEqualTo(2);
            assertThat(count(ex, "MapIterationStarted")).isEqualTo(4);
            arn = ex.arn();
        }
        try (EngineHarness h = new EngineHarness(data, T0.plusSeconds(60))) {
            AtomicInteger calls = new AtomicInteger();
            h.functions.put("open", in -> {
                calls.incrementAndGet();
                return EngineHarness.json("{}");
            });
            Execution ex = h.settle(h.engine.execution(arn));
            assertThat(ex.isRunning()).isTrue();
            // The Wait is due at T0 + 600 s, as entered, not the restart + 600 s.
            h.clock.advanceTo(T0.plusSeconds(601));
            h.settle(ex);
            h.engine.sendTaskSuccess(token.get(), "{\"n\":1}");
            h.settle(ex);
            assertThat(ex.status()).isEqualTo(Execution.Status.SUCCEEDED);
            assertThat(EngineHarness.output(ex).toString()).isEqualTo("[{\"n\":0},{\"n\":1},{\"n\":2},{\"n\":3}]");
            assertThat(calls).as("the function already had the token").hasValue(0);
            assertThat(count(ex, "MapStateStarted")).isEqualTo(1);
            assertThat(count(ex, "MapIterationStarted")).isEqualTo(4);
            assertThat(count(ex, "MapIterationSucceeded")).isEqualTo(4);
            assertThat(count(ex, "TaskScheduled")).isEqualTo(1);
            assertThat(count(ex, "WaitStateEntered")).isEqualTo(1);
            assertThat(count(ex, "MapStateSucceeded")).isEqualTo(1);
        }
    }

    @Test
    void aMapWithIterationsNotYetStarted_startsThemAfterARestart_withinItsConcurrency(@TempDir Path data) {
        String machine = """
                {"StartAt":"Each","States":{"Each":{"Type":"Map","MaxConcurrency":1,"End":true,
                  "ItemProcessor":{"StartAt":"Await","States":{
                    "Await":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                      "Parameters":{"FunctionName":"open","Payload":{"token.$":"$$.Task.Token","n.$":"$"}},"End":true}}}}}}""";
        java.util.List<String> tokens = new java.util.concurrent.CopyOnWriteArrayList<>();
        String arn;
        try (EngineHarness h = new EngineHarness(data)) {
            h.functions.put("open", in -> {
                tokens.add(in.path("token").asText());
                return EngineHarness.json("{}");
            });
            Execution ex = h.settle(h.start(h.create(machine), "[10,20,30]"));
            h.engine.sendTaskSuccess(tokens.getFirst(), "\"ten\"");
            h.settle(ex);
            assertThat(count(ex, "MapIterationStarted")).as("one at a time").isEqualTo(2);
            arn = ex.arn();
        }
        try (EngineHarness h = new EngineHarness(data, T0.plusSeconds(5))) {
            h.functions.put("open", in -> {
                tokens.add(in.path("token").asText());
                return EngineHarness.json("{}");
            });
            Execution ex = h.settle(h.engine.execution(arn));
            assertThat(tokens).as("iteration 1 kept its token; iteration 2 waits its turn").hasSize(2);
            h.engine.sendTaskSuccess(tokens.get(1), "\"twenty\"");
            h.settle(ex);
            assertThat(tokens).hasSize(3);
            h.engine.sendTaskSuccess(tokens.get(2), "\"thirty\"");
            h.settle(ex);
            assertThat(ex.status()).isEqualTo(Execution.Status.SUCCEEDED);
            assertThat(EngineHarness.output(ex).toString()).isEqualTo("[\"ten\",\"twenty\",\"thirty\"]");
            assertThat(count(ex, "MapIterationStarted")).isEqualTo(3);
        }
    }

    @Test
    void aWait_endsAtTheInstantItWasEnteredFor_notARestartLater(@TempDir Path data) {
        String arn;
        try (EngineHarness h = new EngineHarness(data)) {
            arn = h.settle(h.start(h.create("""
                    {"StartAt":"Pause","States":{"Pause":{"Type":"Wait","SecondsPath":"$.s","Next":"Done"},
                      "Done":{"Type":"Pass","End":true}}}"""), "{\"s\":100}")).arn();
        }
        try (EngineHarness h = new EngineHarness(data, T0.plusSeconds(90))) {
            Execution ex = h.settle(h.engine.execution(arn));
            h.clock.advanceTo(T0.plusSeconds(99));
            h.settle(ex);
            assertThat(ex.isRunning()).as("not before T0 + 100 s").isTrue();
            h.clock.advanceTo(T0.plusSeconds(100));
            h.settle(ex);
            assertThat(ex.status()).isEqualTo(Execution.Status.SUCCEEDED);
            assertThat(count(ex, "WaitStateEntered")).isEqualTo(1);
        }
    }

    @Test
    void aMapThatHadSucceeded_justBeforeTheCrash_isNotSucceededTwice(@TempDir Path data) throws Exception {
        String arn;
        try (EngineHarness h = new EngineHarness(data)) {
            arn = h.settle(h.start(h.create("""
                    {"StartAt":"Each","States":{"Each":{"Type":"Map","Next":"Done",
                      "ItemProcessor":{"StartAt":"Echo","States":{"Echo":{"Type":"Pass","End":true}}}},
                      "Done":{"Type":"Pass","End":true}}}"""), "[1,2]")).arn();
        }
        // The journal as a crash just after MapStateSucceeded leaves it: nothing after that event.
        Path journal = data.resolve("stepfunctions.journal");
        java.util.List<String> lines = java.nio.file.Files.readAllLines(journal);
        int cut = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("\"ty\":\"MapStateSucceeded\"")) {
                cut = i + 1;
            }
        }
        assertThat(cut).isPositive();
        java.nio.file.Files.write(journal, lines.subList(0, cut));
        try (EngineHarness h = new EngineHarness(data)) {
            Execution ex = h.settle(h.engine.execution(arn));
            assertThat(ex.status()).isEqualTo(Execution.Status.SUCCEEDED);
            assertThat(EngineHarness.output(ex).toString()).isEqualTo("[1,2]");
            assertThat(count(ex, "MapStateSucceeded")).isEqualTo(1);
            assertThat(count(ex, "MapIterationStarted")).isEqualTo(2);
        }
    }
}
