package awards.bench;

import localaws.stepfunctions.engine.Engine;
import localaws.VirtualClock;
import localaws.stepfunctions.engine.Execution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * How long the engine takes to come back on a data folder as the journal grows (issue 10: restart
 * time grew from 2.4 s to 7.7 s over a cycle). Runs N executions of a nomination-sized history
 * (about 60 events, a 400-byte input), of which a quarter stay parked, then restarts the engine
 * three times: the first restart reads the whole journal and compacts it, the next ones read the
 * compacted journal. Usage: RestartBenchmark [N ...].
 */
public final class RestartBenchmark {
    private static final int STEPS = 28;

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length == 0 ? new int[] {1_000, 4_000, 16_000} : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        Table t = new Table("executions", "running", "journal before", "1st restart (s)", "journal after", "archive", "2nd restart (s)", "3rd restart (s)");
        t.progress = true;
        for (int n : sizes) {
            run(t, n);
        }
        t.print("Engine restart on its data folder: read, compact, resume (" + Runtime.getRuntime().availableProcessors() + " cores):");
    }

    private static String definition() {
        StringBuilder s = new StringBuilder("{\"StartAt\":\"S0\",\"States\":{");
        for (int i = 0; i < STEPS; i++) {
            s.append("\"S").append(i).append("\":{\"Type\":\"Pass\",\"Next\":\"S").append(i + 1).append("\"},");
        }
        s.append("\"S").append(STEPS).append("\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$.park\",\"BooleanEquals\":true,\"Next\":\"Park\"}],\"Default\":\"Done\"},");
        s.append("\"Park\":{\"Type\":\"Wait\",\"TimestampPath\":\"$.milestones.ceremonyAt\",\"Next\":\"Done\"},\"Done\":{\"Type\":\"Succeed\"}}}");
        return s.toString();
    }

    private static void run(Table t, int n) throws Exception {
        Path dir = Files.createTempDirectory("restart");
        VirtualClock clock = VirtualClock.frozen(Instant.parse("2027-05-03T16:00:00Z"));
        Engine.Options options = Engine.Options.inMemory(clock).withDataDir(dir);
        int running = n / 4;
        try (Engine engine = new Engine(options)) {
            String arn = engine.createStateMachine("nomination", definition(), null, null).arn();
            try (var clients = java.util.concurrent.Executors.newFixedThreadPool(16)) {
                for (int c = 0; c < 16; c++) {
                    int client = c;
                    clients.execute(() -> {
                        for (int i = client; i < n; i += 16) {
                            engine.startExecution(arn, "DIA-2027-" + i + "_abcdefghijkmnpqrstuvwxyz23",
                                    "{\"nominationId\":\"abcdefghijkmnpqrstuvwxyz23\",\"cycleId\":\"dia-2027\",\"category\":\"social-mobility\",\"park\":"
                                            + (i % 4 == 0) + ",\"milestones\":{\"closesAt\":\"2027-05-03T16:00:00Z\",\"shortlistAt\":\"2027-07-31T09:00:00Z\","
                                            + "\"ceremonyAt\":\"2027-10-04T18:00:00Z\"},\"reminderAt\":\"2027-07-24T09:00:00Z\",\"judgingTimeoutSeconds\":7751600}");
                        }
                    });
                }
            }
            while (!engine.isIdle() || engine.pendingTimers() < running) {
                Thread.sleep(20);
            }
        }
        long before = Files.size(dir.resolve("stepfunctions.journal"));
        double[] restarts = new double[3];
        long after = 0;
        for (int r = 0; r < 3; r++) {
            long start = System.nanoTime();
            try (Engine engine = new Engine(options)) {
                while (!engine.isIdle() || engine.pendingTimers() < running) {
                    Thread.sleep(1);
                }
                restarts[r] = (System.nanoTime() - start) / 1e9;
                if (engine.executions(null, Execution.Status.RUNNING).size() != running) {
                    throw new IllegalStateException("running executions lost in the restart");
                }
            }
            if (r == 0) {
                after = Files.size(dir.resolve("stepfunctions.journal"));
            }
        }
        long archive = Files.size(dir.resolve("stepfunctions.archive"));
        t.row(n, running, Table.mb(before), String.format("%.2f", restarts[0]), Table.mb(after), Table.mb(archive),
                String.format("%.2f", restarts[1]), String.format("%.2f", restarts[2]));
    }
}
