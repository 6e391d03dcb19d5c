package awards.bench;

import awards.local.LocalRuntime;
import awards.local.RuntimeOptions;
import awards.local.console.SampleEvents;
import awards.local.email.Outbox;
import localaws.stepfunctions.engine.Engine;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A whole cycle of N nominations through the local runtime (in memory): submit, close, every judge
 * follows their link, shortlist, chairs choose, ceremony. Prints time per phase, emails sent, state
 * transitions per nomination and peak memory. Usage: CycleBenchmark [N] [--disk] [--ses-rate R] [--clients C] [--scored] [--call-sites]; with {@code --call-sites} it also
 * prints the DynamoDB calls by the code that made them (a stack walk per call: its times are not comparable).
 *
 * <p>With {@code --scored} every category is judged by scores (two weighted criteria): judges score
 * each entry, the round closes on 20 July, no chair confirms a shortlist, and each category's
 * default (its five best, and any tied) is taken at the shortlist date.
 *
 * <p>SES accepts {@code R} messages a second (default 200, a production quota; a new account's 14
 * a second alone takes N × 3.5 / 14 seconds of sending). Every wait has a deadline: a phase that
 * stops moving fails the benchmark with what it was waiting for, rather than waiting for ever.
 */
public final class CycleBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NONCE = Pattern.compile("name=\"nonce\" value=\"([^\"]+)\"");
    private static final Pattern WINNER = Pattern.compile("name=\"winner\" value=\"([a-z0-9]+)\"");
    private static final String[] CATEGORIES = {"social-mobility", "mentoring", "network-of-the-year"};
    /** Clients submitting and judging at once (default 32; --clients). */
    private static int clients = 32;

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        boolean disk = List.of(args).contains("--disk");
        int rateAt = List.of(args).indexOf("--ses-rate");
        double sesRate = rateAt >= 0 ? Double.parseDouble(args[rateAt + 1]) : 200;
        int clientsAt = List.of(args).indexOf("--clients");
        clients = clientsAt >= 0 ? Integer.parseInt(args[clientsAt + 1]) : clients;
        boolean scored = List.of(args).contains("--scored");
        if (List.of(args).contains("--call-sites")) {
            CallCounter.countSites();
        }
        Path data = disk ? Files.createTempDirectory("cycle-bench") : null;
        Table t = new Table("phase", "seconds", "DynamoDB calls", "what happened");
        t.progress = true;
        long t0 = System.nanoTime();
        try (LocalRuntime runtime = LocalRuntime.start(RuntimeOptions.anyPorts(Path.of("."), data)
                .withSes(new RuntimeOptions.Ses(false, sesRate, List.of())), new PrintStream(OutputStream.nullOutputStream()))) {
            String api = runtime.endpoint("HTTP API");
            Engine engine = runtime.engine();
            HttpClient http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
            t.row("start", secs(t0), dynamo(n, false), "runtime ready" + (disk ? " (on disk)" : " (in memory)") + ", SES at " + sesRate + " messages/s");
            runtime.clock().advanceTo(Instant.parse("2027-04-15T09:00:00Z"));
            ObjectNode cycle = (ObjectNode) JSON.readTree(Files.readString(Path.of("events/cycle/demo-cycle.json")));
            if (scored) {
                ((ObjectNode) cycle.path("milestones")).put("judgingClosesAt", "2027-07-20T17:00");
                for (com.fasterxml.jackson.databind.JsonNode c : cycle.path("categories")) {
                    ObjectNode judging = ((ObjectNode) c).putObject("judging").put("mode", "score").put("shortlistSize", 5);
                    judging.putArray("criteria").add(JSON.createObjectNode().put("name", "Impact").put("weight", 2))
                            .add(JSON.createObjectNode().put("name", "Reach").put("weight", 1));
                }
            }
            send(http, HttpRequest.newBuilder(URI.create(api + "/admin/cycles/dia-2027")).header("Authorization", "Bearer " + runtime.adminToken())
                    .header("content-type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(cycle.toString())));

            long p = System.nanoTime();
            String sample = SampleEvents.body(Path.of("."), SampleEvents.SOCIAL_MOBILITY);
            int accepted = parallel(n, i -> {
                ObjectNode body = (ObjectNode) JSON.readTree(sample);
                body.put("category", CATEGORIES[i % 3]);
                ((ObjectNode) body.path("nominee")).put("name", "Team " + i).put("organisation", "Agency " + (i % 50));
                ((ObjectNode) body.path("nominator")).put("email", "n" + i + "@example.org").put("organisation", "Agency " + (i % 50));
                HttpResponse<String> r = send(http, HttpRequest.newBuilder(URI.create(api + "/nominations")).header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
                if (r.statusCode() != 201) {
                    refused.merge(r.statusCode() + " " + r.body().replaceAll(".*\"(title|type)\":\"([^\"]*)\".*", "$2"), 1, Integer::sum);
                }
                return r.statusCode() == 201;
            });
            t.row("submit", secs(p), dynamo(n, false), n + " nominations through POST /nominations, " + clients + " clients");
            if (accepted != n) {
                throw new IllegalStateException((n - accepted) + " of " + n + " submissions were not accepted (no 201): " + refused);
            }

            p = settled();
            runtime.clock().advanceTo(Instant.parse("2027-05-03T16:16:00Z"));
            // Every judge is eligible here (no shared organisations): three panel seats per nomination,
            // each on a judge's list (one email per judge).
            await("every execution waiting for its panel", () -> engine.waitingTaskTokens() >= n);
            List<String> invites = new java.util.ArrayList<>();
            await("every panel seat on a judge's list", () -> {
                invites.clear();
                invites.addAll(entryPages(runtime, http));
                return invites.size() >= 3L * n;
            });
            t.row("close", secs(p), dynamo(n, false), n + " executions woke, closed and assigned their panels (" + invites.size() + " seats on the judges' lists)");

            p = settled();
            int votes = parallel(invites.size(), i -> {
                String link = invites.get(i);
                HttpResponse<String> opened = send(http, HttpRequest.newBuilder(URI.create(link)));
                String page = opened.body();
                Matcher m = NONCE.matcher(page);
                if (!m.find()) {
                    failed.merge("GET " + opened.statusCode(), 1, Integer::sum);
                    return false;
                }
                String form = scored ? "c0=" + (1 + Math.floorMod(link.hashCode(), 5)) + "&c1=" + (1 + Math.floorMod(link.hashCode() / 5, 5)) + "&comment=ok"
                        : "decision=" + (Math.floorMod(link.hashCode(), 4) == 0 ? "shortlist" : "decline");
                int status = send(http, HttpRequest.newBuilder(URI.create(link)).header("content-type", "application/x-www-form-urlencoded")
                        .header("Origin", api).POST(HttpRequest.BodyPublishers.ofString("nonce=" + m.group(1) + "&" + form))).statusCode();
                if (status != 200) {
                    failed.merge("POST " + status, 1, Integer::sum);
                }
                return status == 200;
            });
            if (scored) {
                // Scores may change until the round closes: the panels wait for it.
                t.row("judging", secs(p), dynamo(n, false), invites.size() + " judge links opened and " + votes + " score forms saved" + (failed.isEmpty() ? "" : ", not: " + failed));
                p = settled();
                // The rounds schedule runs every five minutes: the first run after the close closes it.
                runtime.clock().advanceTo(Instant.parse("2027-07-20T16:05:01Z"));
                await("every round closed", () -> engine.waitingTaskTokens() == 0);
                t.row("round closed", secs(p), dynamo(n, false), "every panel's round closed; one leaderboard email per chair");
            } else {
                await("every panel decided", () -> engine.waitingTaskTokens() == 0);
                t.row("judging", secs(p), dynamo(n, false), invites.size() + " judge links opened and " + votes + " decisions posted" + (failed.isEmpty() ? "" : ", not: " + failed));
            }

            p = settled();
            runtime.clock().advanceTo(Instant.parse("2027-07-31T09:16:00Z"));
            long shortlisted = waitForShortlist(runtime, n);
            t.row("shortlist", secs(p), dynamo(n, false), shortlisted + " shortlisted, " + (n - shortlisted) + " not");

            p = settled();
            // A chair's email goes when the first shortlisted entry of the category waits: keep looking until none waits.
            java.util.Set<String> chosen = new java.util.HashSet<>();
            long chairsBy = System.nanoTime() + PHASE_AT_MOST.toNanos();
            while (engine.waitingTaskTokens() > 0) {
                if (System.nanoTime() > chairsBy) {
                    throw new IllegalStateException("gave up waiting for the chairs' choices to resume every shortlisted execution");
                }
                for (Outbox.Sent chair : runtime.outbox().list().stream().filter(m -> "CHAIR_INVITE".equals(kind(m))).toList()) {
                    if (!chosen.add(chair.id())) {
                        continue;
                    }
                    String link = chair.links().get(0);
                    String page = send(http, HttpRequest.newBuilder(URI.create(link))).body();
                    Matcher nonce = NONCE.matcher(page);
                    Matcher winner = WINNER.matcher(page);
                    if (nonce.find() && winner.find()) {
                        send(http, HttpRequest.newBuilder(URI.create(link)).header("content-type", "application/x-www-form-urlencoded").header("Origin", api)
                                .POST(HttpRequest.BodyPublishers.ofString("nonce=" + nonce.group(1) + "&winner=" + winner.group(1))));
                    }
                }
                Thread.sleep(100);
            }
            t.row("awards", secs(p), dynamo(n, false), "chairs chose; every shortlisted execution resumed");

            p = settled();
            runtime.clock().advanceTo(Instant.parse("2027-10-04T18:16:00Z"));
            await("every execution ended", () -> engine.executions(runtime.stateMachineArn(), localaws.stepfunctions.engine.Execution.Status.RUNNING).isEmpty());
            t.row("ceremony", secs(p), dynamo(n, false), "every execution ended");
            t.row("total", secs(t0), dynamo(n, true), "");
            settled();

            long emails = runtime.outbox().list().size();
            t.print("A whole cycle of " + n + " nominations in the local runtime (" + Runtime.getRuntime().availableProcessors() + " cores):");
            Table f = new Table("figure", "value");
            java.util.Set<String> toNominators = java.util.Set.of("RECEIPT", "CLOSED", "SHORTLISTED", "NOT_SHORTLISTED", "RESULT");
            long nominators = runtime.outbox().list().stream().filter(m -> toNominators.contains(kind(m))).count();
            f.row("emails sent", emails + " (" + String.format("%.1f", emails / (double) n) + " per nomination)");
            f.row("  to nominators", nominators + " (" + String.format("%.1f", nominators / (double) n) + " per nomination)");
            f.row("  to judges, chairs, admins", (emails - nominators) + " (" + runtime.outbox().list().stream().filter(m -> !toNominators.contains(kind(m)))
                    .map(CycleBenchmark::kind).collect(java.util.stream.Collectors.groupingBy(k -> k, java.util.TreeMap::new, java.util.stream.Collectors.counting())) + ")");
            f.row("state transitions per nomination", String.format("%.1f", engine.stateTransitions() / (double) n));
            f.row("requests throttled (429, sent again)", Long.toString(throttled.sum()));
            CallCounter.snapshot().entrySet().stream().filter(e -> e.getKey().startsWith("DynamoDb ")).sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> f.row("  " + e.getKey(), e.getValue() + " (" + String.format("%.1f", e.getValue() / (double) n) + " per nomination)"));
            f.row("peak heap (the pools' peaks, garbage included)", Table.mb(peakHeap()));
            f.row("live heap (largest after a full GC at a phase's end)", Table.mb(liveHeap));
            f.row("peak RSS", Table.peakRssKb() / 1024 + " MB");
            f.print("Figures:");
            if (!CallCounter.sites().isEmpty()) {
                Table sites = new Table("DynamoDB calls", "per nomination", "operation from call site");
                CallCounter.sites().stream().limit(40).forEach(e -> sites.row(Long.toString(e.getValue()), String.format("%.1f", e.getValue() / (double) n), e.getKey()));
                sites.print("Where the DynamoDB calls come from (the 40 busiest call sites):");
            }
        }
    }

    private static long dynamoAtLastRow;
    /** Judges' pages and forms that failed, by method and status. */
    private static final java.util.Map<String, Integer> failed = new java.util.concurrent.ConcurrentHashMap<>();
    /** Submissions not accepted, by status and problem type. */
    private static final java.util.Map<String, Integer> refused = new java.util.concurrent.ConcurrentHashMap<>();

    /** DynamoDB calls (every client in this JVM, counted by {@link CallCounter}) since the last row, or in all. */
    private static String dynamo(int n, boolean total) {
        long now = CallCounter.of("DynamoDb");
        long calls = total ? now : now - dynamoAtLastRow;
        dynamoAtLastRow = now;
        return calls + " (" + String.format("%.1f", calls / (double) n) + " per nomination)";
    }

    private static long waitForShortlist(LocalRuntime runtime, int n) {
        Engine engine = runtime.engine();
        await("every nominator told the shortlist outcome", () -> engine.waitingTaskTokens() + engine.executions(runtime.stateMachineArn(), localaws.stepfunctions.engine.Execution.Status.SUCCEEDED).size() >= n
                && runtime.outbox().list().stream().filter(m -> "SHORTLISTED".equals(kind(m)) || "NOT_SHORTLISTED".equals(kind(m))).count() >= n);
        return runtime.outbox().list().stream().filter(m -> "SHORTLISTED".equals(kind(m))).count();
    }

    private static final Pattern ENTRY = Pattern.compile("href=\"\\?entry(?:=|&#61;)([a-z0-9]+)\"");

    /** Every nomination's page on every judge's list, reached as a judge does: their one email, their list. */
    private static List<String> entryPages(awards.local.LocalRuntime runtime, HttpClient http) {
        List<String> out = new java.util.ArrayList<>();
        for (Outbox.Sent email : runtime.outbox().list().stream().filter(m -> "JUDGE_QUEUE".equals(kind(m))).toList()) {
            String queue = email.links().get(0);
            Matcher entry = ENTRY.matcher(send(http, HttpRequest.newBuilder(URI.create(queue))).body());
            while (entry.find()) {
                out.add(queue + "?entry=" + entry.group(1));
            }
        }
        return out;
    }

    static String kind(Outbox.Sent m) {
        Matcher k = Pattern.compile("kind=([A-Z_]+)").matcher(m.tags() == null ? "" : m.tags());
        return k.find() ? k.group(1) : "";
    }

    /**
     * One request, sent again after a pause while the API answers 429: each route takes 200 requests a
     * second (the template's throttle, which the local gateway enforces as API Gateway does), and the
     * benchmark's clients, unlike people, can ask faster. Counted in {@link #throttled}.
     */
    private static HttpResponse<String> send(HttpClient http, HttpRequest.Builder b) {
        try {
            HttpRequest request = b.build();
            for (int attempt = 0; ; attempt++) {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 429 || attempt == 50) {
                    return r;
                }
                throttled.increment();
                Thread.sleep(50 + java.util.concurrent.ThreadLocalRandom.current().nextLong(50));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Requests the API answered 429 (and were sent again). */
    private static final java.util.concurrent.atomic.LongAdder throttled = new java.util.concurrent.atomic.LongAdder();

    interface Job {
        boolean run(int i) throws Exception;
    }

    private static int parallel(int count, Job job) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> all = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            all.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    if (job.run(i)) {
                        ok.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : all) {
            f.get();
        }
        pool.shutdown();
        return ok.get();
    }

    /** How long a phase may go without finishing: far beyond any phase's time at 10,000 nominations. */
    private static final java.time.Duration PHASE_AT_MOST = java.time.Duration.ofMinutes(15);

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PHASE_AT_MOST.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up after " + PHASE_AT_MOST.toMinutes() + " minutes waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static String secs(long since) {
        return String.format("%.1f", (System.nanoTime() - since) / 1e9);
    }

    /** The heap in use after a full GC, the largest seen at a phase's end: what the system holds, not its garbage. */
    private static long liveHeap;

    /** Collects garbage between phases (not timed), notes the heap still in use, and returns the time the next phase starts. */
    private static long settled() {
        System.gc();
        liveHeap = Math.max(liveHeap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        return System.nanoTime();
    }

    private static long peakHeap() {
        long total = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                total += pool.getPeakUsage().getUsed();
            }
        }
        return total;
    }
}
