package awards.local.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import awards.local.LocalRuntime;
import awards.local.RuntimeOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The local runtime, driven only over HTTP as its users drive it: admin, entrants, judges, chairs. */
final class Workflow implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path ROOT = Path.of("..");
    /**
     * How often the judges' rounds schedule runs (JudgingRoundsFunction's rate in the template): a
     * round closes, and its reminder goes, at the first run at or after its time, so a test moves
     * the clock this much past it.
     */
    static final java.time.Duration ROUNDS_EVERY = java.time.Duration.ofMinutes(5);
    private static final Pattern NONCE = Pattern.compile("name=\"nonce\" value=\"([^\"]+)\"");
    final LocalRuntime runtime;
    final HttpClient http = HttpClient.newHttpClient();

    Workflow(Path data) {
        this(RuntimeOptions.anyPorts(ROOT, data), true);
    }

    private Workflow(RuntimeOptions options, boolean unused) {
        runtime = LocalRuntime.start(options, new PrintStream(OutputStream.nullOutputStream()));
    }

    static Workflow with(RuntimeOptions options) {
        return new Workflow(options, true);
    }

    /** A Step Functions client of the runtime, with a developer's (unrestricted) key. */
    software.amazon.awssdk.services.sfn.SfnClient sfn() {
        return software.amazon.awssdk.services.sfn.SfnClient.builder().endpointOverride(URI.create(runtime.endpoint("Step Functions")))
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("a", "b")))
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder()).build();
    }

    /** The execution of the nomination a receipt is for. */
    String executionArn(JsonNode receipt) {
        return runtime.stateMachineArn().replace(":stateMachine:", ":execution:") + ":" + receipt.path("reference").asText() + "_"
                + receipt.path("id").asText();
    }

    String api() {
        return runtime.endpoint("HTTP API");
    }

    HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)));
    }

    JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (Exception e) {
            throw new IllegalStateException(r.statusCode() + " " + r.body(), e);
        }
    }

    void clock(String body) {
        // As a script calls the console: the admin token, and the console's own Origin for a change.
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(runtime.endpoint("Console") + "/api/clock"))
                .header("Authorization", "Bearer " + runtime.adminToken()).header("Origin", runtime.endpoint("Console"))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    void advanceTo(Instant at) {
        clock("{\"advanceTo\":\"" + at + "\"}");
    }

    /** GET of an admin route, with the admin token; the answer as JSON (a 200 is required). */
    JsonNode admin(String path) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(api() + path)).header("Authorization", "Bearer " + runtime.adminToken()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    /** The demo cycle, put by an admin. */
    JsonNode putCycle(ObjectNode cycle) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(api() + "/admin/cycles/dia-2027")).header("Authorization", "Bearer " + runtime.adminToken())
                .header("content-type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(cycle.toString())));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r);
    }

    static String demoCycleText() {
        try {
            return Files.readString(ROOT.resolve("events/cycle/demo-cycle.json"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static ObjectNode demoCycle() throws Exception {
        return (ObjectNode) JSON.readTree(Files.readString(ROOT.resolve("events/cycle/demo-cycle.json")));
    }

    JsonNode submit(String body) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(api() + "/nominations")).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r);
    }

    JsonNode status(JsonNode receipt) {
        return json(get(receipt.path("statusUrl").asText()));
    }

    /** Every email in the outbox, oldest first. */
    List<JsonNode> outbox() {
        List<JsonNode> out = new ArrayList<>();
        json(send(localaws.Signed.request("GET", runtime.endpoint("SES v2") + "/_local/outbox", "ses", null))).path("messages").forEach(out::add);
        return out.reversed();
    }

    static String kind(JsonNode email) {
        Matcher m = Pattern.compile("kind=([A-Z_-]+)").matcher(email.path("tags").asText());
        return m.find() ? m.group(1) : "";
    }

    static String about(JsonNode email) {
        Matcher m = Pattern.compile("about=([^;]+)").matcher(email.path("tags").asText());
        return m.find() ? m.group(1).trim() : "";
    }

    private static final Pattern ENTRY = Pattern.compile("href=\"\\?entry(?:=|&#61;)([a-z0-9]+)\"");

    /**
     * What each judge can decide, as they reach it: from their one email when judging opens
     * ({@code JUDGE_QUEUE}) to their list, and from the list to each nomination's page. One per judge
     * and nomination, shaped as a per-nomination invitation was: {@code {"to": [judge], "links":
     * [the nomination's page], "tags": "kind=JUDGE_INVITE; about=<nomination id>"}}.
     */
    List<JsonNode> judgeInvites() {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode email : outbox()) {
            if (!kind(email).equals("JUDGE_QUEUE")) {
                continue;
            }
            String queue = email.path("links").get(0).asText();
            HttpResponse<String> page = get(queue);
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            Matcher entry = ENTRY.matcher(page.body());
            while (entry.find()) {
                com.fasterxml.jackson.databind.node.ObjectNode invite = JSON.createObjectNode();
                invite.putArray("to").add(email.path("to").get(0).asText());
                invite.putArray("links").add(queue + "?entry=" + entry.group(1));
                invite.put("tags", "kind=JUDGE_INVITE; about=" + entry.group(1));
                out.add(invite);
            }
        }
        return out;
    }

    /** Opens a decision link, then posts the form on it as a browser would (nonce from the page, this site's Origin). */
    HttpResponse<String> decide(String link, String form) {
        HttpResponse<String> page = get(link);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        Matcher nonce = NONCE.matcher(page.body());
        if (!nonce.find()) {
            return page; // already decided: no form
        }
        return send(HttpRequest.newBuilder(URI.create(link)).header("content-type", "application/x-www-form-urlencoded")
                .header("Origin", api()).POST(HttpRequest.BodyPublishers.ofString("nonce=" + nonce.group(1) + "&" + form)));
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        runtime.close();
    }
}
