package awards.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import awards.local.LocalRuntime;
import awards.local.RuntimeOptions;
import awards.local.console.SampleEvents;
import awards.local.template.SamTemplate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/openapi.yaml says what the HTTP API is: its routes are the template's, and every answer it
 * documents (each status, each problem type) is one a real request gets from the running API, with
 * a body its schema accepts; every real answer here is one it documents.
 */
class OpenApiIT {
    private static final Path ROOT = Path.of("..");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern LINK = Pattern.compile("/judging/([^/]+)/([^/?#]+)");
    /**
     * Documented answers this test cannot bring about against a healthy local API, each with why; the
     * list must be exact (an answer documented later without a test here fails below).
     */
    private static final Set<String> NOT_EXERCISED = Set.of(
            "POST /nominations 409 request-in-progress",   // a replay racing the first request (IntakeIT races fifty)
            "POST /nominations 429 message",               // the stage's rate limit (HttpApiLimitsTest)
            "POST /nominations 500 internal",              // a failing dependency
            "POST /nominations 503 busy",                  // SES throttled while sending the receipt (IntakeIT)
            "POST /nominations/{id}/withdraw 409 busy",    // a withdrawal racing another change
            "POST /judging/{linkId}/{secret} 400 html",    // a chair's contradictory choice, at the shortlist (LifecycleIT)
            "PUT /admin/cycles/{cycleId} 403 forbidden",     // a signed caller who is not an admin: AWS only
            "GET /admin/cycles/{cycleId} 403 forbidden",
            "GET /admin/cycles/{cycleId}/judging 403 forbidden",
            "POST /admin/cycles/{cycleId}/judging/reminders 403 forbidden",
            "GET /admin/nominations 403 forbidden",
            "POST /admin/people/export 403 forbidden",
            "POST /admin/people/erasure 403 forbidden");
    static JsonNode api;
    static LocalRuntime runtime;
    static SchemaRegistry schemas;
    static final Set<String> seen = new TreeSet<>();

    @BeforeAll
    static void start() throws Exception {
        api = new YAMLMapper().readTree(ROOT.resolve("docs/openapi.yaml").toFile());
        schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        runtime = LocalRuntime.start(RuntimeOptions.anyPorts(ROOT, null).withDemo(true), new PrintStream(OutputStream.nullOutputStream()));
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void theDocumentedRoutes_areTheTemplatesRoutes() {
        Set<String> template = new TreeSet<>();
        SamTemplate.read(ROOT.resolve("infra/template.yaml")).resources("AWS::Serverless::Function").values()
                .forEach(f -> f.path("Properties").path("Events").forEach(e -> {
                    if (e.path("Type").asText().equals("HttpApi")) {
                        template.add(e.path("Properties").path("Method").asText() + " " + e.path("Properties").path("Path").asText());
                    }
                }));
        Set<String> documented = new TreeSet<>();
        api.path("paths").properties().forEach(p -> p.getValue().properties().forEach(op -> {
            if (!op.getKey().equals("parameters")) {
                documented.add(op.getKey().toUpperCase() + " " + p.getKey());
            }
        }));
        assertThat(documented).isEqualTo(template);
    }

    @Test
    void everyDocumentedAnswer_isARealOne_andEveryRealOneIsDocumented() throws Exception {
        String base = runtime.endpoint("HTTP API");
        String admin = "Bearer " + runtime.adminToken();
        String sample = SampleEvents.body(ROOT, SampleEvents.MUTUAL_MENTORING);
        ObjectNode other = (ObjectNode) JSON.readTree(sample);
        other.put("citation", "Another citation, shorter than the first.");

        // Entrants, inside the window the demo set the clock to.
        JsonNode receipt = JSON.readTree(check("POST", "/nominations", sample, "Idempotency-Key", "openapi-1").body());
        check("POST", "/nominations", sample, "Idempotency-Key", "openapi-1");
        check("POST", "/nominations", other.toString(), "Idempotency-Key", "openapi-1");
        check("POST", "/nominations", "{\"cycleId\":\"dia-2027\"}");
        check("POST", "/nominations", "{\"cycleId\":");
        check("POST", "/nominations", sample, "Content-Type", "text/plain");
        check("POST", "/nominations", "{\"citation\":\"" + "x".repeat(70_000) + "\"}");
        JsonNode second = JSON.readTree(check("POST", "/nominations", sample, "Idempotency-Key", "openapi-2").body());
        for (int i = 0; i < 12; i++) {
            // One nominator's address gets at most ReceiptsPerAddressPerHour receipts an hour.
            ObjectNode again = other.deepCopy();
            again.put("citation", "Citation number " + i + ".");
            if (check("POST", "/nominations", again.toString()).statusCode() == 429) {
                break;
            }
        }
        String id = receipt.path("id").asText();
        String token = receipt.path("statusUrl").asText().replaceFirst(".*token=", "");
        check("GET", "/nominations/" + id + "?token=" + token, null);
        check("GET", "/nominations/" + id + "?token=wrong", null);
        check("POST", "/nominations/" + second.path("id").asText() + "/withdraw?token="
                + second.path("statusUrl").asText().replaceFirst(".*token=", ""), null);
        check("POST", "/nominations/" + id + "/withdraw?token=wrong", null);
        // curl -d sends a form type too: without a browser's Accept, it is the JSON API.
        assertThat(check("POST", "/nominations/" + id + "/withdraw?token=wrong", "", "Content-Type", "application/x-www-form-urlencoded")
                .headers().firstValue("content-type")).hasValue("application/problem+json");

        // The entrants' pages.
        String html = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
        String form = "application/x-www-form-urlencoded";
        String answers = formOf(JSON.readTree(sample), "openapi.pages@example.gov.uk");
        String quotaReached = formOf(JSON.readTree(sample), JSON.readTree(sample).at("/nominator/email").asText());
        String home = check("GET", "/", null, "Accept", html).body();
        check("GET", "/cycles/dia-2027/nominate", null, "Accept", html);
        check("GET", "/cycles/no-such-cycle/nominate", null, "Accept", html);
        check("POST", "/cycles/dia-2027/nominate", "citation=", "Content-Type", form, "Origin", base);
        check("POST", "/cycles/dia-2027/nominate", answers, "Content-Type", form);
        check("POST", "/cycles/no-such-cycle/nominate", answers, "Content-Type", form, "Origin", base);
        check("POST", "/cycles/dia-2027/nominate", answers, "Content-Type", form, "Origin", base);
        check("POST", "/cycles/dia-2027/nominate", answers + "&step=submit&idempotencyKey=openapi-page-1", "Content-Type", form, "Origin", base);
        check("POST", "/cycles/dia-2027/nominate", quotaReached + "&step=submit&idempotencyKey=openapi-page-2", "Content-Type", form, "Origin", base);
        check("GET", "/nominations/" + id + "?token=" + token, null, "Accept", html);
        check("GET", "/nominations/" + id + "?token=wrong", null, "Accept", html);
        String idWithdrawNonce = URLEncoder.encode(between(check("GET", "/nominations/" + id + "/withdraw?token=" + token, null, "Accept", html).body(),
                "name=\"nonce\" value=\"", "\""), StandardCharsets.UTF_8);
        check("GET", "/nominations/" + id + "/withdraw?token=wrong", null, "Accept", html);
        String edit = "/nominations/" + id + "/edit?token=" + token;
        String editNonce = URLEncoder.encode(between(check("GET", edit, null, "Accept", html).body(), "name=\"nonce\" value=\"", "\""), StandardCharsets.UTF_8);
        check("GET", "/nominations/" + id + "/edit?token=wrong", null, "Accept", html);
        check("POST", edit, "nonce=wrong&" + answers, "Content-Type", form, "Origin", base);
        check("POST", edit, "nonce=" + editNonce + "&citation=", "Content-Type", form, "Origin", base);
        check("POST", edit, "nonce=" + editNonce + "&" + formOf(JSON.readTree(sample), JSON.readTree(sample).at("/nominator/email").asText()),
                "Content-Type", form, "Origin", base);
        check("POST", "/nominations/" + id + "/edit?token=wrong", "nonce=x", "Content-Type", form, "Origin", base);
        ObjectNode third = (ObjectNode) JSON.readTree(sample);
        ((ObjectNode) third.path("nominator")).put("email", "openapi.withdraws@example.gov.uk");
        JsonNode thirdReceipt = JSON.readTree(check("POST", "/nominations", third.toString()).body());
        String withdraw = "/nominations/" + thirdReceipt.path("id").asText() + "/withdraw?token="
                + thirdReceipt.path("statusUrl").asText().replaceFirst(".*token=", "");
        String withdrawNonce = URLEncoder.encode(between(check("GET", withdraw, null, "Accept", html).body(), "name=\"nonce\" value=\"", "\""),
                StandardCharsets.UTF_8);
        check("POST", withdraw, "nonce=wrong", "Content-Type", form, "Origin", base, "Accept", html);
        check("POST", withdraw, "nonce=" + withdrawNonce, "Content-Type", form, "Origin", base, "Accept", html);
        check("POST", "/nominations/" + thirdReceipt.path("id").asText() + "/withdraw?token=wrong", "nonce=x", "Content-Type", form, "Origin", base, "Accept", html);
        check("GET", between(home, "<link rel=\"stylesheet\" href=\"", "\""), null, "Accept-Encoding", "gzip");
        check("GET", between(home, "<script type=\"module\" src=\"", "\""), null);
        check("GET", "/assets/no-such-file.css", null);

        // Admins.
        JsonNode cycle = JSON.readTree(Files.readString(ROOT.resolve("events/cycle/demo-cycle.json")));
        ObjectNode copy = (ObjectNode) cycle.deepCopy();
        copy.remove("id");
        JsonNode created = JSON.readTree(check("PUT", "/admin/cycles/openapi-2027", copy.toString(), "Authorization", admin).body());
        copy.put("version", created.path("version").asLong());
        check("PUT", "/admin/cycles/openapi-2027", copy.toString(), "Authorization", admin);
        check("PUT", "/admin/cycles/openapi-2027", copy.toString(), "Authorization", admin);
        check("PUT", "/admin/cycles/openapi-2027", "{\"name\":\"\"}", "Authorization", admin);
        check("PUT", "/admin/cycles/openapi-2027", "[1]", "Authorization", admin);
        check("PUT", "/admin/cycles/openapi-2027", copy.toString());
        check("GET", "/admin/cycles/openapi-2027", null, "Authorization", admin);
        check("GET", "/admin/cycles/no-such-cycle", null, "Authorization", admin);
        check("GET", "/admin/cycles/openapi-2027", null);
        check("GET", "/admin/nominations?cycleId=dia-2027", null, "Authorization", admin);
        check("GET", "/admin/nominations?cycleId=dia-2027&format=csv", null, "Authorization", admin);
        check("GET", "/admin/nominations?cycleId=dia-2027&limit=0", null, "Authorization", admin);
        check("GET", "/admin/nominations?cycleId=dia-2027", null);
        check("GET", "/admin/cycles/dia-2027/judging", null, "Authorization", admin);
        check("GET", "/admin/cycles/no-such-cycle/judging", null, "Authorization", admin);
        check("GET", "/admin/cycles/dia-2027/judging", null);
        check("POST", "/admin/cycles/dia-2027/judging/reminders", null, "Authorization", admin);
        check("POST", "/admin/cycles/no-such-cycle/judging/reminders", null, "Authorization", admin);
        check("POST", "/admin/cycles/dia-2027/judging/reminders", null);

        // A person's data: export, erasure (of someone the table does not hold), refusals.
        check("POST", "/admin/people/export", "{\"email\":\"joanna.pike@example.gov.uk\"}", "Authorization", admin);
        check("POST", "/admin/people/erasure", "{\"email\":\"nobody@example.gov.uk\"}", "Authorization", admin);
        check("POST", "/admin/people/export", "{\"email\":\"not an address\"}", "Authorization", admin);
        check("POST", "/admin/people/erasure", "[]", "Authorization", admin);
        check("POST", "/admin/people/erasure", "{\"email\":\"\"}", "Authorization", admin);
        check("POST", "/admin/people/export", "{\"email\":", "Authorization", admin);
        check("POST", "/admin/people/export", "{\"email\":\"a@example.gov.uk\"}");
        check("POST", "/admin/people/erasure", "{\"email\":\"a@example.gov.uk\"}");

        // The close: submissions and withdrawals are refused; judges get their links.
        Instant close = java.time.OffsetDateTime.parse(JSON.readTree(check("GET", "/admin/cycles/dia-2027", null, "Authorization", admin).body())
                .path("milestones").path("closesAt").asText()).toInstant();
        runtime.clock().advanceTo(close.plusSeconds(3600));
        check("POST", "/admin/cycles/dia-2027/judging/reminders", null, "Authorization", admin);
        check("POST", "/nominations", other.toString());
        check("POST", "/nominations/" + id + "/withdraw?token=" + token, null);
        check("POST", "/cycles/dia-2027/nominate", answers, "Content-Type", form, "Origin", base);
        check("GET", "/nominations/" + id + "/withdraw?token=" + token, null, "Accept", html);
        check("POST", "/nominations/" + id + "/withdraw?token=" + token, "nonce=" + idWithdrawNonce, "Content-Type", form, "Origin", base, "Accept", html);
        check("GET", edit, null, "Accept", html);
        check("POST", edit, "nonce=" + editNonce + "&" + answers, "Content-Type", form, "Origin", base);
        Matcher link = null;
        for (int tries = 0; tries < 100 && link == null; tries++) {
            for (var m : runtime.outbox().list()) {
                Matcher found = m.links().stream().map(LINK::matcher).filter(Matcher::find).findFirst().orElse(null);
                if (found != null && m.tags().contains("JUDGE_QUEUE")) {
                    link = found;
                    break;
                }
            }
            Thread.sleep(100);
        }
        assertThat(link).as("a judge's email with the link to their list").isNotNull();
        String queue = "/judging/" + link.group(1) + "/" + link.group(2);
        String list = check("GET", queue, null).body();
        Matcher entry = java.util.regex.Pattern.compile("\\?entry(?:=|&#61;)([a-z0-9]+)").matcher(list);
        assertThat(entry.find()).as("the list links each nomination: " + list).isTrue();
        String page = queue + "?entry=" + entry.group(1);
        check("GET", page, null);
        check("GET", queue + "?entry=" + "a".repeat(26), null);
        check("GET", "/judging/" + link.group(1) + "/wrong", null);
        check("POST", page, "decision=shortlist", "Content-Type", "application/x-www-form-urlencoded");
        check("POST", page, "nonce=%zz", "Content-Type", "application/x-www-form-urlencoded", "Origin", base);
        String nonce = between(HTTP.send(HttpRequest.newBuilder(URI.create(base + page)).build(), HttpResponse.BodyHandlers.ofString()).body(),
                "name=\"nonce\" value=\"", "\"");
        check("POST", page, "nonce=" + URLEncoder.encode(nonce, StandardCharsets.UTF_8) + "&decision=shortlist",
                "Content-Type", "application/x-www-form-urlencoded", "Origin", base);

        Set<String> documented = new TreeSet<>();
        api.path("paths").properties().forEach(p -> p.getValue().properties().forEach(op -> {
            if (!op.getKey().equals("parameters")) {
                op.getValue().path("responses").properties().forEach(r -> answers(resolve(r.getValue())).forEach(a ->
                        documented.add(op.getKey().toUpperCase() + " " + p.getKey() + " " + r.getKey() + " " + a)));
            }
        }));
        Set<String> missing = new TreeSet<>(documented);
        missing.removeAll(seen);
        missing.removeAll(NOT_EXERCISED);
        assertThat(missing).as("documented answers no request here got").isEmpty();
        assertThat(documented).as("answers this test leaves out on purpose are documented").containsAll(NOT_EXERCISED);
    }

    /** What one documented response may be: each problem type, "html", "csv", "message" or "json". */
    private static List<String> answers(JsonNode response) {
        List<String> out = new ArrayList<>();
        response.path("content").properties().forEach(c -> {
            switch (c.getKey()) {
                case "application/problem+json" -> c.getValue().path("schema").path("x-problem-types").forEach(t -> out.add(t.asText()));
                case "text/html" -> out.add("html");
                case "text/csv" -> out.add("csv");
                case "text/css" -> out.add("css");
                case "text/javascript" -> out.add("javascript");
                case "text/plain" -> out.add("text");
                default -> out.add(c.getValue().path("schema").path("$ref").asText().endsWith("GatewayMessage") ? "message" : "json");
            }
        });
        return out;
    }

    private static JsonNode resolve(JsonNode node) {
        if (node.has("$ref")) {
            String[] parts = node.get("$ref").asText().substring(2).split("/");
            JsonNode n = api;
            for (String part : parts) {
                n = n.path(part);
            }
            return n;
        }
        return node;
    }

    /** Sends a request, and checks its answer is documented for its route with a body the schema accepts. */
    private static HttpResponse<String> check(String method, String pathAndQuery, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(runtime.endpoint("HTTP API") + pathAndQuery))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        boolean typed = false;
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
            typed |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (body != null && !typed) {
            b.header("Content-Type", "application/json");
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        String path = pathAndQuery.replaceFirst("\\?.*", "");
        String route = null;
        for (var p : api.path("paths").properties()) {
            if (path.matches(p.getKey().replaceAll("\\{[^}]+}", "[^/]+"))) {
                route = p.getKey();
            }
        }
        String what = method + " " + pathAndQuery.replaceAll("token=[^&]+", "token=…") + " answered " + r.statusCode() + " " + r.body();
        assertThat(route).as(what).isNotNull();
        JsonNode response = resolve(api.path("paths").path(route).path(method.toLowerCase()).path("responses").path(String.valueOf(r.statusCode())));
        assertThat(response.isMissingNode()).as("undocumented status: " + what).isFalse();
        String type = r.headers().firstValue("content-type").orElse("").replaceFirst(";.*", "").strip();
        JsonNode content = response.path("content").path(type);
        assertThat(content.isMissingNode()).as("undocumented content type " + type + ": " + what).isFalse();
        String answer = switch (type) {
            case "text/html" -> "html";
            case "text/csv" -> "csv";
            case "text/css" -> "css";
            case "text/javascript" -> "javascript";
            case "text/plain" -> "text";
            default -> {
                Schema schema = schemaOf(content.path("schema"));
                var errors = schema.validate(r.body(), InputFormat.JSON);
                assertThat(errors).as("the body against its schema: " + what).isEmpty();
                if (type.equals("application/problem+json")) {
                    String problem = JSON.readTree(r.body()).path("type").asText().replaceFirst(".*/", "");
                    assertThat(content.path("schema").path("x-problem-types").toString()).as("undocumented problem type: " + what)
                            .contains("\"" + problem + "\"");
                    yield problem;
                }
                yield content.path("schema").path("$ref").asText().endsWith("GatewayMessage") ? "message" : "json";
            }
        };
        seen.add(method + " " + route + " " + r.statusCode() + " " + answer);
        return r;
    }

    /** The schema, with the document's components beside it so its $refs resolve. */
    private static Schema schemaOf(JsonNode schema) {
        ObjectNode wrapper = JSON.createObjectNode();
        wrapper.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        wrapper.set("components", api.path("components"));
        wrapper.put("$ref", schema.path("$ref").asText());
        return schemas.getSchema(wrapper.toString(), InputFormat.JSON);
    }

    /** A nomination's answers as the entrants' form posts them, from {@code email}. */
    private static String formOf(JsonNode body, String email) {
        StringBuilder out = new StringBuilder("category=" + body.path("category").asText());
        for (String group : List.of("nominee", "nominator")) {
            body.path(group).properties().forEach(e -> out.append('&').append(group).append('.').append(e.getKey()).append('=')
                    .append(URLEncoder.encode(group.equals("nominator") && e.getKey().equals("email") ? email : e.getValue().asText(), StandardCharsets.UTF_8)));
        }
        List<String> links = new ArrayList<>();
        body.path("links").forEach(l -> links.add(l.asText()));
        out.append("&citation=").append(URLEncoder.encode(body.path("citation").asText(), StandardCharsets.UTF_8))
                .append("&links=").append(URLEncoder.encode(String.join("\n", links), StandardCharsets.UTF_8))
                .append("&confirmations.nomineeAware=yes&confirmations.dataConsent=yes");
        return out.toString();
    }

    private static String between(String text, String before, String after) {
        int i = text.indexOf(before) + before.length();
        return text.substring(i, text.indexOf(after, i));
    }
}
