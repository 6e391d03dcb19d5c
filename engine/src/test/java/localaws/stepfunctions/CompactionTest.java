package localaws.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;

import localaws.stepfunctions.engine.Execution;
import localaws.stepfunctions.engine.HistoryEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart compacts the journal (issue 10: restart time grew with the journal): ended executions'
 * histories move to the archive and the journal keeps a short record of each, so a restart reads
 * only what running executions need, and nothing is lost to anyone who asks.
 */
class CompactionTest {
    private static final String MACHINE = """
            {"StartAt":"Step","States":{"Step":{"Type":"Pass","Next":"Choose"},
              "Choose":{"Type":"Choice","Choices":[{"Variable":"$.park","BooleanEquals":true,"Next":"Park"}],"Default":"Done"},
              "Park":{"Type":"Wait","Seconds":3600,"Next":"Done"},
              "Done":{"Type":"Pass","Result":"done","End":true}}}""";

    @Test
    void aRestart_movesEndedHistoriesToTheArchive_keepsRunningOnesWhole_andLosesNothing(@TempDir Path data) throws Exception {
        String ended;
        String running;
        List<HistoryEvent> endedHistory;
        long before;
        try (EngineHarness h = new EngineHarness(data)) {
            String sm = h.create(MACHINE);
            for (int i = 0; i < 50; i++) {
                h.settle(h.start(sm, "{\"park\":false,\"padding\":\"" + "x".repeat(500) + "\"}"));
            }
            Execution e = h.settle(h.start(sm, "{\"park\":false}"));
            Execution r = h.settle(h.start(sm, "{\"park\":true}"));
            ended = e.arn();
            running = r.arn();
            endedHistory = e.history();
            before = Files.size(data.resolve("stepfunctions.journal"));
        }
        try (EngineHarness h = new EngineHarness(data)) {
            long after = Files.size(data.resolve("stepfunctions.journal"));
            assertThat(after).as("the journal keeps a short record per ended execution").isLessThan(before / 4);
            assertThat(Files.readString(data.resolve("stepfunctions.journal"))).doesNotContain("x".repeat(500) + "\\\"}\",\"inputDetails");
            Execution e = h.engine.execution(ended);
            assertThat(e.status()).isEqualTo(Execution.Status.SUCCEEDED);
            assertThat(e.history()).isEqualTo(endedHistory);
            assertThat(e.historySize()).isEqualTo(endedHistory.size());
            assertThat(e.output()).isEqualTo("\"done\"");
            assertThat(h.engine.executions(null, Execution.Status.SUCCEEDED)).hasSize(51);
            Execution r = h.settle(h.engine.execution(running));
            assertThat(r.isRunning()).isTrue();
            h.advance(java.time.Duration.ofHours(1));
            h.settle(r);
            assertThat(r.status()).isEqualTo(Execution.Status.SUCCEEDED);
        }
        // Compacted again, with what ended since; the first archived histories still read back.
        try (EngineHarness h = new EngineHarness(data)) {
            assertThat(h.engine.execution(ended).history()).isEqualTo(endedHistory);
            assertThat(h.engine.execution(running).status()).isEqualTo(Execution.Status.SUCCEEDED);
            assertThat(EngineHarness.types(h.engine.execution(running))).endsWith("ExecutionSucceeded");
            assertThat(h.engine.executions(null, Execution.Status.SUCCEEDED)).hasSize(52);
            String sm = h.engine.stateMachines().getFirst().arn();
            Execution next = h.settle(h.start(sm, "{\"park\":false}"));
            assertThat(next.status()).isEqualTo(Execution.Status.SUCCEEDED);
        }
        try (EngineHarness h = new EngineHarness(data)) {
            assertThat(h.engine.executions(null, null)).hasSize(53);
            assertThat(Files.exists(data.resolve("stepfunctions.journal.compacting"))).isFalse();
        }
    }

    @Test
    void aCompactionCutShort_leavesTheOldJournalInForce(@TempDir Path data) throws Exception {
        String arn;
        List<HistoryEvent> history;
        try (EngineHarness h = new EngineHarness(data)) {
            Execution e = h.settle(h.start(h.create(MACHINE), "{\"park\":false}"));
            arn = e.arn();
            history = e.history();
        }
        // A crash after the archive was written, before the rename: a half-written new journal lies beside the old.
        Files.writeString(data.resolve("stepfunctions.journal.compacting"), "{\"k\":\"sm\",\"arn\":\"torn");
        Files.writeString(data.resolve("stepfunctions.archive"), "[[1,0,0,\"Torn\"\n");
        try (EngineHarness h = new EngineHarness(data)) {
            assertThat(h.engine.execution(arn).history()).isEqualTo(history);
        }
        try (EngineHarness h = new EngineHarness(data)) {
            assertThat(h.engine.execution(arn).history()).isEqualTo(history);
        }
    }
}
