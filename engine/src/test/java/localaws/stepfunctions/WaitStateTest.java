package localaws.stepfunctions;

import static localaws.stepfunctions.EngineHarness.output;
import static localaws.stepfunctions.EngineHarness.types;
import static org.assertj.core.api.Assertions.assertThat;

import localaws.stepfunctions.engine.Execution;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Wait states against the engine's clock: nothing here sleeps for the wait; the test moves time. */
class WaitStateTest {
    private final EngineHarness h = new EngineHarness();

    @AfterEach
    void close() {
        h.close();
    }

    private Execution parked(String waitFields, String input) {
        Execution ex = h.settle(h.start(h.create("""
                {"StartAt":"W","States":{"W":{"Type":"Wait",%s,"Next":"Done"},"Done":{"Type":"Pass","End":true}}}"""
                .formatted(waitFields)), input));
        assertThat(ex.status()).isEqualTo(Execution.Status.RUNNING);
        assertThat(types(ex)).containsExactly("ExecutionStarted", "WaitStateEntered");
        return ex;
    }

    @Test
    void seconds_waitsExactlyThatLong_onTheEnginesClock() {
        Execution ex = parked("\"Seconds\":60", "{\"a\":1}");
        h.advance(Duration.ofSeconds(59));
        assertThat(h.settle(ex).status()).isEqualTo(Execution.Status.RUNNING);
        h.advance(Duration.ofSeconds(1));
        assertThat(h.settle(ex).status()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(output(ex)).isEqualTo(EngineHarness.json("{\"a\":1}"));
        assertThat(ex.history().get(2).timestamp() - ex.history().get(1).timestamp()).isEqualTo(60_000);
    }

    @Test
    void timestampPath_wakesAtTheInstantInTheInput() {
        Execution ex = parked("\"TimestampPath\":\"$.closesAt\"", "{\"closesAt\":\"2027-05-03T16:00:00Z\"}");
        h.clock.advanceTo(Instant.parse("2027-05-03T15:59:59Z"));
        assertThat(h.settle(ex).status()).isEqualTo(Execution.Status.RUNNING);
        h.clock.advanceTo(Instant.parse("2027-05-03T16:00:00Z"));
        assertThat(h.settle(ex).status()).isEqualTo(Execution.Status.SUCCEEDED);
    }

    @Test
    void timestampLiteral_andSecondsPath_work_andAPastTimestampGoesOnAtOnce() {
        Execution literal = parked("\"Timestamp\":\"2027-04-01T08:00:30Z\"", "{}");
        Execution path = parked("\"SecondsPath\":\"$.s\"", "{\"s\":30}");
        h.advance(Duration.ofSeconds(30));
        assertThat(h.settle(literal).status()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(h.settle(path).status()).isEqualTo(Execution.Status.SUCCEEDED);
        Execution past = h.run("""
                {"StartAt":"W","States":{"W":{"Type":"Wait","Timestamp":"2020-01-01T00:00:00Z","End":true}}}""", "{}");
        assertThat(past.status()).isEqualTo(Execution.Status.SUCCEEDED);
    }

    @Test
    void aBadSecondsPathOrTimestampPath_isStatesRuntime() {
        assertThat(h.run("""
                {"StartAt":"W","States":{"W":{"Type":"Wait","SecondsPath":"$.s","End":true}}}""", "{\"s\":-1}").error())
                .isEqualTo("States.Runtime");
        assertThat(h.run("""
                {"StartAt":"W","States":{"W":{"Type":"Wait","TimestampPath":"$.t","End":true}}}""", "{\"t\":\"tomorrow\"}").error())
                .isEqualTo("States.Runtime");
    }

    @Test
    void manyExecutions_wakingAtTheSameInstant_allGoOn() throws InterruptedException {
        String arn = h.create("""
                {"StartAt":"W","States":{"W":{"Type":"Wait","TimestampPath":"$.at","Next":"Done"},"Done":{"Type":"Succeed"}}}""");
        var list = new java.util.ArrayList<Execution>();
        for (int i = 0; i < 2000; i++) {
            list.add(h.start(arn, "{\"at\":\"2027-05-03T16:00:00Z\"}"));
        }
        // Starting is asynchronous: wait (briefly, in real time) until every execution has parked.
        for (int i = 0; i < 1000 && h.engine.pendingTimers() < 2000; i++) {
            Thread.sleep(10);
        }
        assertThat(h.engine.pendingTimers()).isGreaterThanOrEqualTo(2000);
        h.clock.advanceTo(Instant.parse("2027-05-03T16:00:00Z"));
        for (Execution ex : list) {
            h.settle(ex);
        }
        assertThat(list).allMatch(ex -> ex.status() == Execution.Status.SUCCEEDED);
    }
}
