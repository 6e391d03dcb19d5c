package awards.bench;

import awards.local.LocalRuntime;
import awards.local.RuntimeOptions;
import awards.local.console.SampleEvents;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The local runtime: time from start to ready, then nominations submitted through the HTTP API
 * (handler, DynamoDB Local, StartExecution) at 1, 16 and 64 concurrent clients, with p50/p99
 * latency; on disk (the default) and in memory. Usage: RuntimeBenchmark [requests per level].
 */
public final class RuntimeBenchmark {
    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Table t = new Table("store", "start to ready (s)", "clients", "requests", "submissions/s", "p50 (ms)", "p99 (ms)", "errors");
        for (boolean onDisk : new boolean[] {true, false}) {
            Path data = onDisk ? Files.createTempDirectory("runtime-bench") : null;
            long t0 = System.nanoTime();
            try (LocalRuntime runtime = LocalRuntime.start(RuntimeOptions.anyPorts(Path.of("."), data).withDemo(true),
                    new PrintStream(OutputStream.nullOutputStream()))) {
                double ready = (System.nanoTime() - t0) / 1e9;
                String url = runtime.endpoint("HTTP API") + "/nominations";
                String body = SampleEvents.body(Path.of("."), SampleEvents.SOCIAL_MOBILITY);
                HttpClient http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
                run(http, url, body, 8, 100); // warm-up
                for (int clients : new int[] {1, 16, 64}) {
                    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
                    long start = System.nanoTime();
                    int errors = run(http, url, body, clients, requests, latencies);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    List<Long> sorted = new ArrayList<>(latencies);
                    Collections.sort(sorted);
                    t.row(onDisk ? "on disk" : "in memory", String.format("%.1f", ready), clients, requests, String.format("%.0f", requests / seconds),
                            String.format("%.1f", sorted.get(sorted.size() / 2) / 1e6), String.format("%.1f", sorted.get((int) (sorted.size() * 0.99)) / 1e6), errors);
                }
            }
        }
        t.print("Local runtime: POST /nominations through the HTTP API (" + Runtime.getRuntime().availableProcessors() + " cores):");
    }

    private static final java.util.concurrent.atomic.AtomicLong SENT = new java.util.concurrent.atomic.AtomicLong();

    private static int run(HttpClient http, String url, String body, int clients, int requests) throws Exception {
        return run(http, url, body, clients, requests, Collections.synchronizedList(new ArrayList<>()));
    }

    private static int run(HttpClient http, String url, String body, int clients, int requests, List<Long> latencies) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<Integer>> results = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int share = requests / clients + (c < requests % clients ? 1 : 0);
            results.add(pool.submit(() -> {
                int errors = 0;
                for (int i = 0; i < share; i++) {
                    long s = System.nanoTime();
                    // Each from its own nominator: one address gets at most ReceiptsPerAddressPerHour receipts.
                    String own = body.replace("joanna.pike@example.gov.uk", "nominator-" + SENT.incrementAndGet() + "@example.org");
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("content-type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(own)).build(), HttpResponse.BodyHandlers.ofString());
                    latencies.add(System.nanoTime() - s);
                    if (r.statusCode() != 201) {
                        errors++;
                    }
                }
                return errors;
            }));
        }
        int errors = 0;
        for (Future<Integer> f : results) {
            errors += f.get();
        }
        pool.shutdown();
        return errors;
    }
}
