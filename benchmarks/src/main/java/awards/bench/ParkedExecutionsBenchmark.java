package awards.bench;

import localaws.stepfunctions.engine.Engine;
import localaws.VirtualClock;
import localaws.stepfunctions.engine.Execution;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Parks N executions on a Wait for one instant (as every nomination waits for the close date), then
 * measures the heap they hold, and the time for all of them to wake and finish when the clock
 * reaches that instant; in memory and with the journal. Usage: ParkedExecutionsBenchmark [N].
 */
public final class ParkedExecutionsBenchmark {
    private static final String DEFINITION = """
            {"StartAt":"WaitForClose","States":{"WaitForClose":{"Type":"Wait","TimestampPath":"$.milestones.closesAt","Next":"Closed"},
             "Closed":{"Type":"Pass","Result":"CLOSED","ResultPath":"$.status","Next":"Done"},"Done":{"Type":"Succeed"}}}""";

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Table t = new Table("store", "executions", "start all, 16 clients (s)", "heap held after GC", "per execution", "wake all at one instant (s)", "journal size");
        run(t, n, null);
        Path dir = Files.createTempDirectory("parked");
        run(t, n, dir);
        t.print("Executions parked on one Wait, then woken together (" + Runtime.getRuntime().availableProcessors() + " cores):");
    }

    private static void run(Table t, int n, Path dir) throws Exception {
        VirtualClock clock = VirtualClock.frozen(Instant.parse("2027-04-15T10:00:00Z"));
        System.gc();
        long before = usedHeap();
        Engine.Options options = Engine.Options.inMemory(clock);
        try (Engine engine = new Engine(dir == null ? options : options.withDataDir(dir))) {
            String arn = engine.createStateMachine("parked", DEFINITION, null, null).arn();
            long start = System.nanoTime();
            // Sixteen clients start executions at once, as many entrants submit at once.
            List<Execution> all = java.util.Collections.synchronizedList(new ArrayList<>(n));
            try (var clients = java.util.concurrent.Executors.newFixedThreadPool(16)) {
                for (int c = 0; c < 16; c++) {
                    int client = c;
                    clients.execute(() -> {
                        for (int i = client; i < n; i += 16) {
                            all.add(engine.startExecution(arn, "DIA-2027-" + i + "_abcdefghijkmnpqrstuvwxyz23",
                                    "{\"nominationId\":\"abcdefghijkmnpqrstuvwxyz23\",\"cycleId\":\"dia-2027\",\"category\":\"social-mobility\","
                                            + "\"milestones\":{\"closesAt\":\"2027-05-03T16:00:00Z\",\"shortlistAt\":\"2027-07-31T09:00:00Z\",\"ceremonyAt\":\"2027-10-04T18:00:00Z\"}}"));
                        }
                    });
                }
            }
            while (engine.pendingTimers() < n) {
                Thread.sleep(5);
            }
            double startSeconds = (System.nanoTime() - start) / 1e9;
            System.gc();
            long held = usedHeap() - before;
            long wake = System.nanoTime();
            clock.advanceTo(Instant.parse("2027-05-03T16:00:00Z"));
            for (Execution ex : all) {
                while (ex.isRunning()) {
                    Thread.sleep(1);
                }
            }
            double wakeSeconds = (System.nanoTime() - wake) / 1e9;
            String journal = engine.journalFile().map(f -> {
                try {
                    return Table.mb(Files.size(f));
                } catch (java.io.IOException e) {
                    return "?";
                }
            }).orElse("-");
            t.row(dir == null ? "in memory" : "journal (fsync per group)", n, String.format("%.2f", startSeconds), Table.mb(held),
                    held / n + " B", String.format("%.2f", wakeSeconds), journal);
        }
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
