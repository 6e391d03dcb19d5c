package awards.bench;

import awards.local.LocalRuntime;
import awards.local.RuntimeOptions;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * What one DynamoDB call costs in the local runtime, the unit every other figure is made of: calls
 * of each kind the functions make, sent by the real SDK client (URL connection, as the functions
 * send) with a function's key (so the IAM gate reads and authorises each), from 8 threads at once,
 * in memory. Prints calls a second, p50/p99 latency and the whole process's CPU time a call
 * (client, gate, DynamoDB Local and SQLite together). Usage: DynamoDbCallBenchmark [calls per kind].
 */
public final class DynamoDbCallBenchmark {
    private static final int CLIENTS = 8;
    private static final String PAYLOAD = "x".repeat(1_000);

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        try (LocalRuntime runtime = LocalRuntime.start(RuntimeOptions.anyPorts(Path.of("."), null).withDemo(false),
                new PrintStream(OutputStream.nullOutputStream()));
             DynamoDbClient ddb = DynamoDbClient.builder().endpointOverride(URI.create(runtime.endpoint("DynamoDB Local")))
                     .region(Region.US_EAST_1).httpClientBuilder(UrlConnectionHttpClient.builder())
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("MilestoneFunction", "local"))).build()) {
            String table = "NominationsTable";
            for (int t = 0; t < CLIENTS; t++) {
                for (int i = 0; i < 3; i++) {
                    String pk = "BENCH#" + t + "#" + i;
                    ddb.putItem(b -> b.tableName(table).item(item(pk, 0)));
                }
            }
            Table out = new Table("call", "calls", "calls/s", "p50 (ms)", "p99 (ms)", "CPU a call (ms)");
            Map<String, BiConsumer<Integer, Integer>> kinds = new java.util.LinkedHashMap<>();
            kinds.put("GetItem (consistent)", (t, i) -> ddb.getItem(b -> b.tableName(table).consistentRead(true).key(key("BENCH#" + t + "#0"))));
            kinds.put("BatchGetItem, 3 keys", (t, i) -> ddb.batchGetItem(b -> b.requestItems(Map.of(table, KeysAndAttributes.builder()
                    .consistentRead(true).keys(key("BENCH#" + t + "#0"), key("BENCH#" + t + "#1"), key("BENCH#" + t + "#2")).build()))));
            kinds.put("PutItem, new item", (t, i) -> ddb.putItem(b -> b.tableName(table).item(item("NEW#" + t + "#" + i, i))
                    .conditionExpression("attribute_not_exists(pk)")));
            kinds.put("UpdateItem, ADD", (t, i) -> ddb.updateItem(b -> b.tableName(table).key(key("BENCH#" + t + "#1"))
                    .updateExpression("ADD n :one").expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))));
            kinds.put("TransactWriteItems, Put + Update", (t, i) -> ddb.transactWriteItems(b -> b.transactItems(
                    x -> x.put(p -> p.tableName(table).item(item("TX#" + t + "#" + i, i)).conditionExpression("attribute_not_exists(pk)")),
                    x -> x.update(u -> u.tableName(table).key(key("BENCH#" + t + "#2")).updateExpression("ADD n :one")
                            .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))))));
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            kinds.forEach((name, call) -> run(pool, call, Math.min(calls, 2_000))); // warm-up
            for (var kind : kinds.entrySet()) {
                List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
                long cpu0 = cpu();
                long t0 = System.nanoTime();
                run(pool, (t, i) -> {
                    long s = System.nanoTime();
                    kind.getValue().accept(t, i + 1_000_000);
                    latencies.add(System.nanoTime() - s);
                }, calls);
                double seconds = (System.nanoTime() - t0) / 1e9;
                double cpuMs = (cpu() - cpu0) / 1e6 / calls;
                List<Long> sorted = new ArrayList<>(latencies);
                Collections.sort(sorted);
                out.row(kind.getKey(), calls, String.format("%.0f", calls / seconds), String.format("%.2f", sorted.get(sorted.size() / 2) / 1e6),
                        String.format("%.2f", sorted.get((int) (sorted.size() * 0.99)) / 1e6), String.format("%.2f", cpuMs));
            }
            pool.shutdown();
            out.print("DynamoDB calls through the local runtime's endpoint, " + CLIENTS + " threads, in memory ("
                    + Runtime.getRuntime().availableProcessors() + " cores):");
        }
    }

    /** {@code calls} calls of {@code call}, shared among the threads, each thread with its own items. */
    private static void run(ExecutorService pool, BiConsumer<Integer, Integer> call, int calls) {
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < CLIENTS; t++) {
            int thread = t;
            running.add(pool.submit(() -> {
                for (int i = thread; i < calls; i += CLIENTS) {
                    call.accept(thread, i);
                }
            }));
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static Map<String, AttributeValue> key(String pk) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("BENCH"));
    }

    private static Map<String, AttributeValue> item(String pk, int n) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("BENCH"), "n", AttributeValue.fromN(Integer.toString(n)),
                "payload", AttributeValue.fromS(PAYLOAD));
    }
}
