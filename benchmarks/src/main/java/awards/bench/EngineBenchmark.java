package awards.bench;

import localaws.stepfunctions.engine.Engine;
import localaws.VirtualClock;
import localaws.stepfunctions.engine.Execution;
import localaws.LambdaFunctions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs N executions of a representative definition (Pass, Choice, Wait, Task with a trivial
 * function, Map) in this engine and, in the same run, in aws-local-stepfunctions (npm), and prints
 * executions/s, state transitions/s and peak memory side by side (with the journal on too), each the
 * median of three runs, and the ratio of this engine's speed to aws-local-stepfunctions'; then starts N/2
 * through the HTTP API from 16 AWS SDK clients and prints calls/s and latency. Usage: EngineBenchmark [N].
 */
public final class EngineBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLIENTS = 16;

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        String definition;
        try (InputStream in = EngineBenchmark.class.getResourceAsStream("/representative.asl.json")) {
            definition = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int transitionsPerExecution = 9; // Prepare, Route, Pause, Score, Assign, 3 x One, Done
        System.out.println("engine benchmark: " + n + " executions of a Pass/Choice/Wait/Task/Map definition, "
                + Runtime.getRuntime().availableProcessors() + " cores");
        runOurs(definition, Math.min(2000, n), null); // warm-up, not reported
        // Each engine RUNS times, the median reported with the range: one run of this engine swings by a
        // third with where its garbage collections fall.
        double[] ours = median(() -> {
            System.gc();
            return runOurs(definition, n, null);
        });
        long[] journalBytes = new long[1];
        double[] durable = median(() -> {
            System.gc();
            Path journal = Files.createTempDirectory("engine-bench");
            double[] r = runOurs(definition, n, journal);
            journalBytes[0] = Files.size(journal.resolve("stepfunctions.journal"));
            return r;
        });
        double[] theirs = median(() -> runNode(definition, n));
        Table t = new Table("engine", "executions", "seconds (median of " + RUNS + ")", "range", "executions/s", "state transitions/s", "peak RSS");
        t.row("this engine (Java " + Runtime.version().feature() + ")", n, String.format("%.2f", ours[0]), range(ours),
                String.format("%,.0f", n / ours[0]), String.format("%,.0f", ours[1] / ours[0]), (long) ours[2] / 1024 + " MB");
        t.row("this engine, journal on (" + journalBytes[0] / 1_000_000 + " MB, fsync per batch)", n, String.format("%.2f", durable[0]), range(durable),
                String.format("%,.0f", n / durable[0]), String.format("%,.0f", durable[1] / durable[0]), (long) durable[2] / 1024 + " MB");
        if (theirs != null) {
            t.row("aws-local-stepfunctions 3.0.0 (Node " + System.getProperty("bench.node", "20") + ")", n, String.format("%.2f", theirs[0]), range(theirs),
                    String.format("%,.0f", n / theirs[0]), String.format("%,.0f", n * transitionsPerExecution / theirs[0]),
                    (long) theirs[1] / 1024 + " MB");
        }
        t.print("Executions run to completion, all started at once (in memory unless the journal is on):");
        if (theirs != null) {
            System.out.printf("In memory %.1fx aws-local-stepfunctions' transitions a second; journal on %.1fx (medians).%n",
                    theirs[0] / ours[0], theirs[0] / durable[0]);
        }

        Table api = new Table("engine", "StartExecution calls", "clients", "seconds", "calls/s", "p50 (ms)", "p99 (ms)", "max (ms)");
        for (Path dir : new Path[] {null, Files.createTempDirectory("engine-bench-api")}) {
            double[] r = overHttp(definition, n / 2, dir);
            api.row(dir == null ? "this engine, in memory" : "this engine, journal on", n / 2, CLIENTS, String.format("%.2f", r[0]),
                    String.format("%,.0f", n / 2 / r[0]), String.format("%.1f", r[1]), String.format("%.1f", r[2]), String.format("%.1f", r[3]));
        }
        api.print("StartExecution through the HTTP API (AWS SDK for Java v2, one client each), the executions running meanwhile:");
    }

    private static final int RUNS = 3;

    interface Run {
        double[] run() throws Exception;
    }

    /**
     * Runs {@code run} {@link #RUNS} times; returns the run with the median seconds (its first figure),
     * with the fastest and slowest seconds appended; null if a run returned null.
     */
    private static double[] median(Run run) throws Exception {
        List<double[]> runs = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            double[] r = run.run();
            if (r == null) {
                return null;
            }
            runs.add(r);
        }
        runs.sort(java.util.Comparator.comparingDouble(r -> r[0]));
        double[] mid = runs.get(RUNS / 2);
        double[] out = java.util.Arrays.copyOf(mid, mid.length + 2);
        out[mid.length] = runs.getFirst()[0];
        out[mid.length + 1] = runs.getLast()[0];
        return out;
    }

    private static String range(double[] r) {
        return String.format("%.2f-%.2f", r[r.length - 2], r[r.length - 1]);
    }

    /** Starts {@code n} executions through the API from {@link #CLIENTS} SDK clients; returns seconds and the p50, p99 and max latency in ms. */
    private static double[] overHttp(String definition, int n, Path dataDir) throws Exception {
        LambdaFunctions score = (name, payload) -> new LambdaFunctions.Result("{\"score\":1}".getBytes(StandardCharsets.UTF_8), null);
        Engine.Options options = Engine.Options.inMemory(VirtualClock.running(Instant.now())).withFunctions(score);
        try (Engine engine = new Engine(dataDir == null ? options : options.withDataDir(dataDir));
             var server = new localaws.stepfunctions.api.StepFunctionsServer(engine, 0)) {
            String arn = engine.createStateMachine("bench", definition, null, null).arn();
            long[] nanos = new long[n];
            java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
            List<software.amazon.awssdk.services.sfn.SfnClient> sdks = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                sdks.add(software.amazon.awssdk.services.sfn.SfnClient.builder().endpointOverride(java.net.URI.create(server.endpoint()))
                        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                        .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("local", "local")))
                        .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder()).build());
            }
            // Warm-up: each client's first calls (connection, SDK set-up) are not counted.
            for (var sdk : sdks) {
                for (int i = 0; i < 20; i++) {
                    sdk.startExecution(b -> b.stateMachineArn(arn).input("{\"id\":1,\"judges\":[\"a\"]}"));
                }
            }
            long start = System.nanoTime();
            try (var clients = java.util.concurrent.Executors.newFixedThreadPool(CLIENTS)) {
                for (var sdk : sdks) {
                    clients.execute(() -> {
                        for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                            int id = i;
                            long t0 = System.nanoTime();
                            sdk.startExecution(b -> b.stateMachineArn(arn).name("h" + id).input("{\"id\":" + id + ",\"judges\":[\"a\",\"b\",\"c\"]}"));
                            nanos[id] = System.nanoTime() - t0;
                        }
                    });
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            sdks.forEach(software.amazon.awssdk.services.sfn.SfnClient::close);
            java.util.Arrays.sort(nanos);
            return new double[] {seconds, nanos[n / 2] / 1e6, nanos[(int) (n * 0.99)] / 1e6, nanos[n - 1] / 1e6};
        }
    }

    /** Returns seconds, state transitions, peak RSS in kB. */
    private static double[] runOurs(String definition, int n, Path dataDir) throws Exception {
        LambdaFunctions score = (name, payload) -> {
            try {
                JsonNode in = JSON.readTree(payload);
                return new LambdaFunctions.Result(("{\"score\":" + in.path("id").asInt() % 7 + "}").getBytes(StandardCharsets.UTF_8), null);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        };
        Engine.Options options = Engine.Options.inMemory(VirtualClock.running(Instant.now())).withFunctions(score);
        try (Engine engine = new Engine(dataDir == null ? options : options.withDataDir(dataDir))) {
            String arn = engine.createStateMachine("bench", definition, null, null).arn();
            // Waits for the executions' ends as the engine reports them (as the Node harness awaits its
            // promises), not by polling: a polling loop took ~8 % of the samples a profile drew.
            java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(n);
            java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
            engine.onChange(ex -> {
                if (!ex.isRunning() && seen.add(ex.arn())) {
                    ended.countDown();
                }
            });
            long start = System.nanoTime();
            // Sixteen clients start them at once, as callers of the API would: with the journal on,
            // a start answers once its record is on disk, and their starts share each fsync.
            List<Execution> all = java.util.Collections.synchronizedList(new ArrayList<>(n));
            try (var clients = java.util.concurrent.Executors.newFixedThreadPool(CLIENTS)) {
                for (int c = 0; c < CLIENTS; c++) {
                    int client = c;
                    clients.execute(() -> {
                        for (int i = client; i < n; i += CLIENTS) {
                            all.add(engine.startExecution(arn, "e" + i, "{\"id\":" + i + ",\"judges\":[\"a\",\"b\",\"c\"]}"));
                        }
                    });
                }
            }
            ended.await();
            double seconds = (System.nanoTime() - start) / 1e9;
            for (Execution ex : all) {
                if (ex.status() != Execution.Status.SUCCEEDED) {
                    throw new IllegalStateException(ex.name() + " " + ex.status() + " " + ex.error() + " " + ex.cause());
                }
            }
            return new double[] {seconds, engine.stateTransitions(), Table.peakRssKb()};
        }
    }

    /** Returns seconds and peak RSS in kB, or null if Node or the package is missing. */
    private static double[] runNode(String definition, int n) throws Exception {
        Path tools = Path.of("tools");
        if (!Files.isDirectory(tools.resolve("node_modules/aws-local-stepfunctions"))) {
            System.out.println("aws-local-stepfunctions is not installed: run (cd tools && npm ci) to compare");
            return null;
        }
        Path file = Files.createTempFile("representative", ".asl.json");
        Files.writeString(file, definition);
        Process p = new ProcessBuilder("node", "--max-old-space-size=4096", "bench-aws-local-stepfunctions.mjs", file.toString(), Integer.toString(n))
                .directory(tools.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Files.deleteIfExists(file);
        JsonNode result;
        try {
            result = JSON.readTree(out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow());
        } catch (RuntimeException e) {
            System.out.println("aws-local-stepfunctions failed: " + out);
            return null;
        }
        if (result.path("succeeded").asInt() != n) {
            System.out.println("aws-local-stepfunctions: only " + result.path("succeeded").asInt() + " of " + n + " succeeded");
        }
        return new double[] {result.path("seconds").asDouble(), result.path("peakRssKb").asDouble()};
    }
}
