package localaws.stepfunctions;

import static localaws.stepfunctions.EngineHarness.json;
import static localaws.stepfunctions.EngineHarness.output;
import static localaws.stepfunctions.EngineHarness.types;
import static org.assertj.core.api.Assertions.assertThat;

import localaws.stepfunctions.engine.Execution;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Parallel branches and inline Map: outputs in order, failures, concurrency and tolerated failures. */
class ParallelAndMapTest {
    private final EngineHarness h = new EngineHarness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void parallel_outputsAnArrayInBranchOrder() {
        Execution ex = h.run("""
                {"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[
                  {"StartAt":"A","States":{"A":{"Type":"Pass","Result":"a","End":true}}},
                  {"StartAt":"B","States":{"B":{"Type":"Wait","Seconds":0,"Next":"B2"},"B2":{"Type":"Pass","Result":"b","End":true}}}],
                 "ResultPath":"$.both","End":true}}}""", "{\"k\":1}");
        assertThat(output(ex)).isEqualTo(json("{\"k\":1,\"both\":[\"a\",\"b\"]}"));
        assertThat(types(ex)).startsWith("ExecutionStarted", "ParallelStateEntered", "ParallelStateStarted")
                .endsWith("ParallelStateSucceeded", "ParallelStateExited", "ExecutionSucceeded");
    }

    @Test
    void aFailingBranch_failsTheParallel_andItsCatchHandlesIt() {
        Execution ex = h.run("""
                {"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[
                  {"StartAt":"A","States":{"A":{"Type":"Fail","Error":"Branch.Broke","Cause":"b1"}}},
                  {"StartAt":"B","States":{"B":{"Type":"Pass","End":true}}}],
                 "Catch":[{"ErrorEquals":["Branch.Broke"],"Next":"Caught"}],"End":true},"Caught":{"Type":"Pass","End":true}}}""", "{}");
        assertThat(ex.status()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(output(ex)).isEqualTo(json("{\"Error\":\"Branch.Broke\",\"Cause\":\"b1\"}"));
        assertThat(types(ex)).contains("ParallelStateFailed");
    }

    @Test
    void map_runsEachItem_withItemSelectorAndTheMapContext() {
        Execution ex = h.run("""
                {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.judges","MaxConcurrency":2,
                 "ItemSelector":{"judge.$":"$$.Map.Item.Value","index.$":"$$.Map.Item.Index","nomination.$":"$.id"},
                 "ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"},"StartAt":"Assign","States":{"Assign":{"Type":"Pass","End":true}}},
                 "ResultPath":"$.assigned","End":true}}}""", "{\"id\":\"n1\",\"judges\":[\"ann\",\"bob\",\"cy\"]}");
        assertThat(output(ex).path("assigned")).isEqualTo(json("""
                [{"judge":"ann","index":0,"nomination":"n1"},{"judge":"bob","index":1,"nomination":"n1"},{"judge":"cy","index":2,"nomination":"n1"}]"""));
        assertThat(types(ex).stream().filter("MapIterationStarted"::equals).count()).isEqualTo(3);
        assertThat(types(ex).stream().filter("MapIterationSucceeded"::equals).count()).isEqualTo(3);
    }

    /** An iteration's events name the Map (escaped as JSON) and the item's index, as AWS's history does. */
    @Test
    void mapIterationEvents_nameTheMapAndTheIndex() {
        Execution ex = h.run("""
                {"StartAt":"The \\"M\\"","States":{"The \\"M\\"":{"Type":"Map","ItemsPath":"$.items",
                 "ItemProcessor":{"StartAt":"One","States":{"One":{"Type":"Pass","End":true}}},"End":true}}}""", "{\"items\":[1,2]}");
        assertThat(ex.history().stream().filter(e -> e.type().startsWith("MapIteration")).map(e -> e.type() + " " + json(e.details())))
                .containsExactlyInAnyOrder(
                        "MapIterationStarted " + json("{\"name\":\"The \\\"M\\\"\",\"index\":0}"),
                        "MapIterationSucceeded " + json("{\"name\":\"The \\\"M\\\"\",\"index\":0}"),
                        "MapIterationStarted " + json("{\"name\":\"The \\\"M\\\"\",\"index\":1}"),
                        "MapIterationSucceeded " + json("{\"name\":\"The \\\"M\\\"\",\"index\":1}"));
    }

    @Test
    void map_runsExactlyMaxConcurrencyIterationsAtOnce() {
        // Each iteration waits for a partner at a barrier of two: a Map that ran them one at a time
        // would break it (and fail); one that ran more than two at once would show a peak above two.
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        java.util.concurrent.CyclicBarrier pair = new java.util.concurrent.CyclicBarrier(2);
        h.functions.put("work", in -> {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                pair.await(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new EngineHarness.FunctionError("NoPartner", "no second iteration ran beside this one: " + e);
            } finally {
                running.decrementAndGet();
            }
            return in;
        });
        Execution ex = h.run("""
                {"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":2,
                 "Iterator":{"StartAt":"W","States":{"W":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:work","End":true}}},
                 "End":true}}}""", "[1,2,3,4,5,6]");
        assertThat(output(ex)).as(ex.error() + " " + ex.cause()).isEqualTo(json("[1,2,3,4,5,6]"));
        assertThat(peak.get()).isEqualTo(2);
    }

    @Test
    void map_overAnEmptyArray_isAnEmptyArray_andANonArrayIsStatesRuntime() {
        assertThat(output(h.run("""
                {"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}""",
                "[]"))).isEqualTo(json("[]"));
        assertThat(h.run("""
                {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.x","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}""",
                "{\"x\":5}").error()).isEqualTo("States.Runtime");
    }

    @Test
    void anInlineMap_acceptsFailureThresholds_andFailsWithItsFirstFailedIteration() {
        // AWS applies the thresholds to a Distributed Map's Map Run only; inline, they change nothing.
        String definition = """
                {"StartAt":"M","States":{"M":{"Type":"Map","ToleratedFailureCount":%d,"ToleratedFailurePercentage":50,
                 "ItemProcessor":{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$","NumericGreaterThan":2,"Next":"Bad"}],"Default":"Ok"},
                   "Bad":{"Type":"Fail","Error":"Item.Bad"},"Ok":{"Type":"Pass","End":true}}},"End":true}}}""";
        for (int count : new int[] {0, 2, 4}) {
            Execution ex = h.run(definition.formatted(count), "[1,2,3,4]");
            assertThat(ex.status()).isEqualTo(Execution.Status.FAILED);
            assertThat(ex.error()).isEqualTo("Item.Bad");
        }
    }
}
