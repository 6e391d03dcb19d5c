package awards.local.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import localaws.Signed;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Issue 11's proof: hundreds of bad inputs across every route of the HTTP API and every local
 * server, each answered with a clear 4xx (never a 5xx) and each leaving the table, the executions,
 * the outbox and the clock exactly as they were.
 */
class SecurityIT {
    private static Workflow w;
    private static DynamoDbClient ddb;
    private static String receiptId;
    private static String judgingLink;
    private static String consoleCookie;
    private static final String EVIL = "http://evil.example";

    @BeforeAll
    static void start() throws Exception {
        w = new Workflow(null);
        w.advanceTo(Instant.parse("2027-04-15T09:00:00Z"));
        w.putCycle(Workflow.demoCycle());
        // A second cycle that closes the next day, so one entry has judges and links while the demo cycle stays open.
        ObjectNode early = Workflow.demoCycle();
        early.put("name", "Early Awards 2027").put("referencePrefix", "EAR");
        ((ObjectNode) early.path("milestones")).put("closesAt", "2027-04-16T10:00").put("shortlistAt", "2027-05-31T10:00")
                .put("ceremonyAt", "2027-06-30T19:00");
        HttpResponse<String> put = w.send(HttpRequest.newBuilder(URI.create(w.api() + "/admin/cycles/early-2027"))
                .header("Authorization", "Bearer " + w.runtime.adminToken()).header("content-type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(early.toString())));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        receiptId = w.submit(sample()).path("id").asText();
        ObjectNode earlyEntry = (ObjectNode) Workflow.JSON.readTree(sample());
        earlyEntry.put("cycleId", "early-2027");
        w.submit(earlyEntry.toString());
        w.advanceTo(Instant.parse("2027-04-16T09:20:00Z"));
        Workflow.await("the early entry's judges invited", () -> w.judgeInvites().stream().count() == 3);
        judgingLink = w.judgeInvites().stream().findFirst().orElseThrow().path("links").get(0).asText();
        ddb = DynamoDbClient.builder().endpointOverride(URI.create(w.runtime.endpoint("DynamoDB Local"))).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        // A browser session of the console, for the CSRF cases.
        HttpResponse<String> signIn = w.get(w.runtime.consoleSignInLink());
        assertThat(signIn.statusCode()).isEqualTo(303);
        consoleCookie = signIn.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
        Workflow.await("a quiet system", () -> w.runtime.engine().isIdle());
        Thread.sleep(1000);
    }

    @AfterAll
    static void stop() {
        if (ddb != null) {
            ddb.close();
        }
        if (w != null) {
            w.close();
        }
    }

    private static String sample() {
        try {
            return awards.local.console.SampleEvents.body(Workflow.ROOT, awards.local.console.SampleEvents.SOCIAL_MOBILITY);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What a bad request must not change. */
    record Snapshot(int items, int executions, long events, int emails, long clockMinute) {}

    private static Snapshot snapshot() {
        var engine = w.runtime.engine();
        var executions = engine.executions(null, null);
        return new Snapshot(ddb.scan(b -> b.tableName(w.runtime.tableName()).select("COUNT")).count(), executions.size(),
                executions.stream().mapToLong(e -> e.historySize()).sum(), w.runtime.outbox().list().size(),
                w.runtime.clock().now().getEpochSecond() / 600);
    }

    /** One bad input: what it is, and how to send it; the answer is its status, headers and body. */
    record Case(String name, Supplier<Answer> send) {}

    record Answer(int status, Map<String, List<String>> headers, String body) {}

    private static Answer http(HttpRequest.Builder b) {
        HttpResponse<String> r = w.send(b);
        return new Answer(r.statusCode(), r.headers().map(), r.body());
    }

    private static Case c(String name, Supplier<HttpRequest.Builder> request) {
        return new Case(name, () -> http(request.get()));
    }

    private static HttpRequest.Builder post(String url, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body));
        return contentType == null ? b : b.header("content-type", contentType);
    }

    /** A request written by hand, for what Java's client will not send (another Host). */
    private static Answer raw(String endpoint, String request) {
        URI uri = URI.create(endpoint);
        try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            return new Answer(status, Map.of(), response);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Case> cases() throws Exception {
        List<Case> cases = new ArrayList<>();
        String api = w.api();
        JsonNode good = Workflow.JSON.readTree(sample());

        // 1. POST /nominations: every field of the form, each given what it must refuse.
        String[] fields = {"cycleId", "category", "nominee.name", "nominee.kind", "nominee.organisation", "nominator.name", "nominator.email",
                "nominator.organisation", "citation"};
        Object[] values = {null, 123, true, List.of(), Map.of(), "", "   ", "Team \u202eevil", "a\u2028b", "\u200b\u200b", "\u3000", "a\u0000b",
                "x".repeat(70_000), "<script>alert(1)</script>\r\nBcc: x@example.org", "\u2066\u2069", 1.5e308};
        for (String field : fields) {
            for (Object v : values) {
                ObjectNode body = good.deepCopy();
                ObjectNode parent = field.contains(".") ? (ObjectNode) body.path(field.substring(0, field.indexOf('.'))) : body;
                String leaf = field.contains(".") ? field.substring(field.indexOf('.') + 1) : field;
                parent.set(leaf, Workflow.JSON.valueToTree(v));
                // Some values are fine in some fields (a citation may be long-ish or hold < >): only those that must be refused.
                if (field.equals("citation") && v instanceof String s && !s.isBlank() && !s.contains("\u0000") && s.length() < 60_000
                        && !s.chars().allMatch(ch -> Character.isWhitespace(ch) || Character.isSpaceChar(ch) || Character.getType(ch) == Character.FORMAT)) {
                    continue;
                }
                if (field.equals("nominee.organisation") || field.equals("nominator.organisation") || field.equals("nominee.name") || field.equals("nominator.name")) {
                    if (v instanceof String s && s.startsWith("<script>") && !s.contains("\r")) {
                        continue;
                    }
                }
                cases.add(c("nomination " + field + "=" + String.valueOf(v).substring(0, Math.min(20, String.valueOf(v).length())),
                        () -> post(api + "/nominations", "application/json", body.toString())));
            }
        }
        for (Object v : new Object[] {"true", 1, 0, "yes", null, false, List.of(true), Map.of("value", true)}) {
            for (String confirmation : new String[] {"nomineeAware", "dataConsent"}) {
                ObjectNode body = good.deepCopy();
                ((ObjectNode) body.path("confirmations")).set(confirmation, Workflow.JSON.valueToTree(v));
                cases.add(c("confirmation " + confirmation + "=" + v, () -> post(api + "/nominations", "application/json", body.toString())));
            }
        }
        for (Object v : new Object[] {"https://x", List.of("javascript:alert(1)"), List.of("ftp://x"), List.of(1), List.of("https://a", "https://b", "https://c",
                "https://d", "https://e", "https://f"), List.of("https:// spaces"), List.of("x".repeat(2100))}) {
            ObjectNode body = good.deepCopy();
            body.set("links", Workflow.JSON.valueToTree(v));
            cases.add(c("links=" + String.valueOf(v).substring(0, Math.min(20, String.valueOf(v).length())),
                    () -> post(api + "/nominations", "application/json", body.toString())));
        }
        String g = good.toString();
        for (String body : new String[] {g + "garbage", g + g, "{\"category\":\"mentoring\"," + g.substring(1), "[" + g + "]", "42", "", "null", "{",
                g.replace("\"dia-2027\"", "\"nosuch\""), g.replace("\"social-mobility\"", "\"x\"")}) {
            cases.add(c("nomination body " + body.substring(0, Math.min(20, body.length())), () -> post(api + "/nominations", "application/json", body)));
        }
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", null}) {
            cases.add(c("nomination as " + type, () -> post(api + "/nominations", type, g)));
        }
        for (String key : new String[] {"has space", "x".repeat(256), "tab\there", ""}) {
            cases.add(c("idempotency key " + key.length(), () -> post(api + "/nominations", "application/json", g).header("Idempotency-Key", key.isEmpty() ? " " : key)));
        }

        // 2. The status page and withdrawal with ids and tokens no one was given.
        String[] ids = {"x".repeat(2100), "nosuchnomination", "../../admin", "%00", receiptId + "x", receiptId.toUpperCase(), "\u00e9".repeat(26)};
        for (String id : ids) {
            String path = java.net.URLEncoder.encode(id, StandardCharsets.UTF_8);
            cases.add(c("status of " + id.substring(0, Math.min(12, id.length())), () -> HttpRequest.newBuilder(URI.create(api + "/nominations/" + path + "?token=abc"))));
            cases.add(c("withdraw " + id.substring(0, Math.min(12, id.length())), () -> post(api + "/nominations/" + path + "/withdraw?token=abc", "application/json", "{}")));
        }
        for (String token : new String[] {"", "wrong", "x".repeat(5000)}) {
            cases.add(c("status with token " + token.length(), () -> HttpRequest.newBuilder(URI.create(api + "/nominations/" + receiptId + "?token=" + token))));
            cases.add(c("withdraw with token " + token.length(), () -> post(api + "/nominations/" + receiptId + "/withdraw?token=" + token, "application/json", "{}")));
        }

        // 3. Admin routes: no credentials, wrong ones, and bad queries and bodies with the right ones.
        String bearer = "Bearer " + w.runtime.adminToken();
        for (String auth : new String[] {null, "Bearer wrong", "Basic YWRtaW46YWRtaW4=", bearer + "x", "AWS4-HMAC-SHA256 Credential=x"}) {
            cases.add(c("admin list as " + auth, () -> auth == null ? HttpRequest.newBuilder(URI.create(api + "/admin/nominations?cycleId=dia-2027"))
                    : HttpRequest.newBuilder(URI.create(api + "/admin/nominations?cycleId=dia-2027")).header("Authorization", auth)));
            cases.add(c("admin put as " + auth, () -> {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + "/admin/cycles/attack")).header("content-type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(Workflow.demoCycleText()));
                return auth == null ? b : b.header("Authorization", auth);
            }));
        }
        for (String query : new String[] {"", "cycleId=", "cycleId=" + "x".repeat(500), "cycleId=dia-2027&category=" + "x".repeat(2000), "cycleId=dia-2027&limit=-1",
                "cycleId=dia-2027&limit=99999", "cycleId=dia-2027&status=NOPE", "cycleId=dia-2027&nextToken=garbage", "cycleId=dia-2027&nextToken=" + otherQueryToken(),
                "cycleId=dia-2027&category=mentoring&nextToken=" + otherQueryToken(), "cycleId=dia-2027&limit=abc"}) {
            cases.add(c("admin list ?" + query.substring(0, Math.min(30, query.length())),
                    () -> HttpRequest.newBuilder(URI.create(api + "/admin/nominations?" + query)).header("Authorization", bearer)));
        }
        ObjectNode cycle = Workflow.demoCycle();
        for (String body : new String[] {cycle + "garbage", "{\"name\":\"a\"," + cycle.toString().substring(1), "[]", "not json",
                cycle.deepCopy().put("timeZone", "Mars/Olympus").toString(), cycle.deepCopy().put("wordLimit", "five hundred").toString(),
                cycle.deepCopy().put("sender", "nobody@elsewhere.example").toString(), cycle.deepCopy().put("referencePrefix", "x".repeat(100)).toString()}) {
            cases.add(c("cycle body " + body.substring(0, Math.min(20, body.length())), () -> HttpRequest.newBuilder(URI.create(api + "/admin/cycles/attack"))
                    .header("Authorization", bearer).header("content-type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body))));
        }
        cases.add(c("cycle as text", () -> HttpRequest.newBuilder(URI.create(api + "/admin/cycles/attack"))
                .header("Authorization", bearer).header("content-type", "text/plain").PUT(HttpRequest.BodyPublishers.ofString(cycle.toString()))));
        cases.add(c("cycle id too long", () -> HttpRequest.newBuilder(URI.create(api + "/admin/cycles/" + "x".repeat(300))).header("Authorization", bearer)));

        // 4. Judging links: tampered, malformed, and forms that must not decide.
        String linkId = judgingLink.substring(judgingLink.indexOf("/judging/") + 9, judgingLink.lastIndexOf('/'));
        String secret = judgingLink.substring(judgingLink.lastIndexOf('/') + 1);
        String base = judgingLink.substring(0, judgingLink.indexOf("/judging/") + 9);
        for (String url : new String[] {base + linkId + "/" + secret + "x", base + linkId + "/" + secret.substring(1), base + linkId + "x/" + secret,
                base + "x".repeat(2100) + "/" + secret, base + linkId, base + linkId + "/" + secret + "/more", base + "%00/" + secret}) {
            cases.add(c("judging GET " + url.substring(base.length(), Math.min(url.length(), base.length() + 10)), () -> HttpRequest.newBuilder(URI.create(url))));
            cases.add(c("judging POST " + url.substring(base.length(), Math.min(url.length(), base.length() + 10)),
                    () -> post(url, "application/x-www-form-urlencoded", "nonce=x&decision=shortlist").header("Origin", api)));
        }
        String nonce = awards.judging.Links.nonce(secret);
        for (String[] form : new String[][] {{"decision=shortlist", api}, {"nonce=wrong&decision=shortlist", api}, {"nonce=" + nonce + "&decision=shortlist", EVIL},
                {"nonce=" + nonce + "&decision=shortlist", null}, {"nonce=" + nonce + "&decision=maybe", api}, {"nonce=%ZZ&decision=shortlist", api},
                {"nonce=" + nonce + "&decision=%", api}, {"nonce=" + nonce + "&decision=shortlist&decision=decline", api}, {"nonce=" + nonce, api}}) {
            cases.add(c("judging form " + form[0].replace(nonce, "<nonce>") + " from " + form[1], () -> {
                HttpRequest.Builder b = post(judgingLink, "application/x-www-form-urlencoded", form[0]);
                return form[1] == null ? b : b.header("Origin", form[1]);
            }));
        }
        cases.add(c("judging form as JSON", () -> post(judgingLink, "application/json", "{\"nonce\":\"" + nonce + "\",\"decision\":\"shortlist\"}").header("Origin", api)));

        // 5. The AWS-protocol servers: unsigned, half-signed, signed as a function its policy does not allow.
        String sfn = w.runtime.endpoint("Step Functions");
        String ses = w.runtime.endpoint("SES v2");
        String lambda = w.runtime.endpoint("Lambda (Invoke)");
        String dynamo = w.runtime.endpoint("DynamoDB Local");
        String startExecution = "{\"stateMachineArn\":\"" + w.runtime.stateMachineArn() + "\",\"input\":\"{}\"}";
        for (String auth : new String[] {null, "", "AWS4-HMAC-SHA256", "AWS4-HMAC-SHA256 Credential=test/20270101/us-east-1/states/aws4_request", "Bearer " + w.runtime.adminToken()}) {
            cases.add(c("sfn StartExecution auth=" + auth, () -> withAuth(post(sfn + "/", "application/x-amz-json-1.0", startExecution)
                    .header("X-Amz-Target", "AWSStepFunctions.StartExecution"), auth)));
            cases.add(c("ses SendEmail auth=" + auth, () -> withAuth(post(ses + "/v2/email/outbound-emails", "application/json", sendEmail("awards@example.gov.uk")), auth)));
            cases.add(c("ses outbox auth=" + auth, () -> withAuth(HttpRequest.newBuilder(URI.create(ses + "/_local/outbox")), auth)));
            cases.add(c("lambda invoke auth=" + auth, () -> withAuth(post(lambda + "/2015-03-31/functions/CycleAdminFunction/invocations", "application/json",
                    adminEvent()), auth)));
            cases.add(c("dynamodb PutItem auth=" + auth, () -> withAuth(post(dynamo + "/", "application/x-amz-json-1.0",
                    "{\"TableName\":\"" + w.runtime.tableName() + "\",\"Item\":{\"pk\":{\"S\":\"x\"},\"sk\":{\"S\":\"x\"}}}").header("X-Amz-Target", "DynamoDB_20120810.PutItem"), auth)));
            cases.add(c("sfn clock auth=" + auth, () -> withAuth(post(sfn + "/_local/clock", "application/json", "{\"advanceBy\":\"P30D\"}"), auth)));
        }
        cases.add(new Case("lambda invoke as a function without the right", () -> signedAs("GetNominationFunction", "POST",
                lambda + "/2015-03-31/functions/CycleAdminFunction/invocations", "lambda", adminEvent())));
        cases.add(new Case("ses SendEmail as a function without the right", () -> signedAs("GetNominationFunction", "POST",
                ses + "/v2/email/outbound-emails", "ses", sendEmail("awards@example.gov.uk"))));
        cases.add(new Case("ses SendEmail from an unverified sender", () -> signedAs("test", "POST", ses + "/v2/email/outbound-emails", "ses",
                sendEmail("forger@elsewhere.example"))));
        cases.add(new Case("ses SendEmail not JSON", () -> signedAs("test", "POST", ses + "/v2/email/outbound-emails", "ses", "not json")));
        cases.add(new Case("sfn SendTaskSuccess with a made-up token", () -> signedTarget(sfn, "AWSStepFunctions.SendTaskSuccess",
                "{\"taskToken\":\"" + "A".repeat(64) + "\",\"output\":\"{}\"}")));
        cases.add(new Case("sfn StartExecution with input not JSON", () -> signedTarget(sfn, "AWSStepFunctions.StartExecution",
                "{\"stateMachineArn\":\"" + w.runtime.stateMachineArn() + "\",\"input\":\"{nope\"}")));
        cases.add(new Case("sfn StopExecution of nothing", () -> signedTarget(sfn, "AWSStepFunctions.StopExecution",
                "{\"executionArn\":\"" + w.runtime.stateMachineArn().replace(":stateMachine:", ":execution:") + ":nothing\"}")));
        cases.add(new Case("sfn DeleteStateMachine of nothing", () -> signedTarget(sfn, "AWSStepFunctions.DeleteStateMachine",
                "{\"stateMachineArn\":\"arn:aws:states:us-east-1:123456789012:stateMachine:nothing\"}")));

        // 6. The console: no admin, an admin from another origin, a browser session without its CSRF token, bad clock bodies.
        String console = w.runtime.endpoint("Console");
        for (String path : new String[] {"/api/clock", "/api/outbox", "/api/executions", "/api/nominations?cycleId=dia-2027", "/api/nominations.csv?cycleId=dia-2027",
                "/api/samples/nomination", "/api/session", "/api/graph"}) {
            cases.add(c("console GET " + path + " signed out", () -> HttpRequest.newBuilder(URI.create(console + path))));
        }
        String clockMove = "{\"advanceBy\":\"P30D\"}";
        cases.add(c("console clock signed out", () -> post(console + "/api/clock", "application/json", clockMove)));
        cases.add(c("console clock, token, no Origin", () -> post(console + "/api/clock", "application/json", clockMove).header("Authorization", bearer)));
        cases.add(c("console clock, token, other Origin", () -> post(console + "/api/clock", "application/json", clockMove).header("Authorization", bearer).header("Origin", EVIL)));
        cases.add(c("console clock, token, Origin null", () -> post(console + "/api/clock", "application/json", clockMove).header("Authorization", bearer).header("Origin", "null")));
        cases.add(c("console clock, session, no CSRF", () -> post(console + "/api/clock", "application/json", clockMove).header("Cookie", consoleCookie).header("Origin", console)));
        cases.add(c("console clock, session, wrong CSRF", () -> post(console + "/api/clock", "application/json", clockMove).header("Cookie", consoleCookie)
                .header("Origin", console).header("X-CSRF-Token", "guess")));
        cases.add(c("console clock, session, other Origin", () -> post(console + "/api/clock", "application/json", clockMove).header("Cookie", consoleCookie)
                .header("Origin", EVIL).header("X-CSRF-Token", csrf())));
        cases.add(c("console clock, forged session", () -> post(console + "/api/clock", "application/json", clockMove)
                .header("Cookie", "awards_console_session=forged").header("Origin", console)));
        for (String body : new String[] {"not json", "[]", "{}", "{\"advanceTo\":\"yesterday\"}", "{\"advanceBy\":\"PT9999999999999999H\"}",
                "{\"advanceBy\":\"P999999999D\"}", "{\"advanceTo\":\"+999999999-12-31T23:59:59Z\"}", "{\"toNextMilestone\":true,\"cycleId\":\"nosuch\"}", "", "{\"advanceBy\":1}"}) {
            cases.add(c("console clock body " + body, () -> post(console + "/api/clock", "application/json", body).header("Authorization", bearer).header("Origin", console)));
        }
        cases.add(c("console sign-in with a used code", () -> HttpRequest.newBuilder(URI.create(console + "/login?code=used"))));
        cases.add(c("console sign-in form with a wrong token", () -> post(console + "/login", "application/x-www-form-urlencoded", "token=wrong").header("Origin", console)));
        cases.add(c("console sign-in form from another origin", () -> post(console + "/login", "application/x-www-form-urlencoded",
                "token=" + w.runtime.adminToken()).header("Origin", EVIL)));
        cases.add(c("console unknown execution", () -> HttpRequest.newBuilder(URI.create(console + "/api/executions/nothing")).header("Authorization", bearer)));
        cases.add(c("console unknown message", () -> HttpRequest.newBuilder(URI.create(console + "/api/outbox/nothing/html")).header("Authorization", bearer)));

        // Bad percent-escapes, which Java's client will not send: written by hand.
        String apiHost = URI.create(api).getAuthority();
        String judgingPath = URI.create(judgingLink).getPath();
        for (String[] line : new String[][] {{"GET /nominations/" + receiptId + "?token=%ZZ", ""}, {"GET /admin/nominations?cycleId=%ZZ", bearer},
                {"GET " + judgingPath.substring(0, judgingPath.lastIndexOf('/')) + "/%ZZ", ""}, {"GET " + judgingPath + "%", ""},
                {"POST /nominations/%ZZ/withdraw?token=x", ""}}) {
            cases.add(new Case("hand-written " + line[0].replace(secret, "<secret>"), () -> raw(api, line[0] + " HTTP/1.1\r\nHost: " + apiHost
                    + (line[1].isEmpty() ? "" : "\r\nAuthorization: " + line[1]) + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")));
        }
        String form = "nonce=%ZZ&decision=shortlist";
        cases.add(new Case("hand-written judging form with a bad escape", () -> raw(api, "POST " + judgingPath + " HTTP/1.1\r\nHost: " + apiHost
                + "\r\nOrigin: " + api + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length()
                + "\r\nConnection: close\r\n\r\n" + form)));

        // 7. Every server: another Host (DNS rebinding), and a CORS preflight.
        for (String endpoint : new String[] {api, sfn, ses, lambda, dynamo, console}) {
            URI uri = URI.create(endpoint);
            for (String host : new String[] {"evil.example:" + uri.getPort(), "127.0.0.1.nip.io:" + uri.getPort(), "127.0.0.1:1"}) {
                cases.add(new Case("Host " + host + " at " + endpoint, () -> raw(endpoint, "GET /_local/outbox HTTP/1.1\r\nHost: " + host
                        + "\r\nAuthorization: Bearer " + w.runtime.adminToken() + "\r\nConnection: close\r\n\r\n")));
            }
            cases.add(c("preflight at " + endpoint, () -> HttpRequest.newBuilder(URI.create(endpoint + "/")).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", EVIL).header("Access-Control-Request-Method", "POST").header("Access-Control-Request-Headers", "authorization")));
        }
        return cases;
    }

    private static String csrf() {
        try {
            return Workflow.JSON.readTree(w.send(HttpRequest.newBuilder(URI.create(w.runtime.endpoint("Console") + "/api/session")).header("Cookie", consoleCookie)).body())
                    .path("csrf").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String otherQueryToken() {
        String key = "{\"pk\":\"NOM#abcdefghijkmnpqrstuvwxyz\",\"sk\":\"NOM\",\"gsi1pk\":\"CYCLE#early-2027\",\"gsi1sk\":\"social-mobility#SUBMITTED#EAR-2027-0001\"}";
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpRequest.Builder withAuth(HttpRequest.Builder b, String auth) {
        return auth == null ? b : b.header("Authorization", auth).header("X-Amz-Date", "20270416T092000Z");
    }

    private static String sendEmail(String from) {
        return "{\"FromEmailAddress\":\"" + from + "\",\"Destination\":{\"ToAddresses\":[\"victim@example.org\"]},"
                + "\"Content\":{\"Simple\":{\"Subject\":{\"Data\":\"Forged\"},\"Body\":{\"Text\":{\"Data\":\"forged\"}}}}}";
    }

    /** An HTTP API event that claims IAM's blessing, as a page tried to run the admin function with. */
    private static String adminEvent() {
        return "{\"version\":\"2.0\",\"routeKey\":\"PUT /admin/cycles/{cycleId}\",\"rawPath\":\"/admin/cycles/forged\",\"pathParameters\":{\"cycleId\":\"forged\"},"
                + "\"headers\":{\"content-type\":\"application/json\"},\"requestContext\":{\"timeEpoch\":1807783200000,\"http\":{\"method\":\"PUT\",\"path\":\"/admin/cycles/forged\"},"
                + "\"authorizer\":{\"iam\":{\"userArn\":\"arn:aws:iam::123456789012:user/admin\"}}},\"body\":" + Workflow.JSON.valueToTree(Workflow.demoCycleText()) + "}";
    }

    private static Answer signedAs(String key, String method, String url, String service, String body) {
        var unsigned = software.amazon.awssdk.http.SdkHttpRequest.builder().uri(URI.create(url)).method(software.amazon.awssdk.http.SdkHttpMethod.fromValue(method)).build();
        var signed = software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.create().sign(r -> r
                .identity(software.amazon.awssdk.identity.spi.AwsCredentialsIdentity.create(key, "secret")).request(unsigned)
                .payload(software.amazon.awssdk.http.ContentStreamProvider.fromUtf8String(body))
                .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.REGION_NAME, "us-east-1"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.ofString(body)).header("content-type", "application/json");
        signed.request().headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                values.forEach(v -> b.header(name, v));
            }
        });
        return http(b);
    }

    private static Answer signedTarget(String endpoint, String target, String body) {
        HttpRequest.Builder b = Signed.request("POST", endpoint + "/", "states", body).header("X-Amz-Target", target)
                .header("content-type", "application/x-amz-json-1.0");
        return http(b);
    }

    @Test
    void hundredsOfBadInputs_areEachAClear4xx_andChangeNothing() throws Exception {
        List<Case> cases = cases();
        List<String> failures = new ArrayList<>();
        Snapshot before = snapshot();
        for (Case k : cases) {
            Answer a = k.send().get();
            Snapshot after = snapshot();
            boolean signInRedirect = a.status() == 303 && k.name().startsWith("console");
            if (a.status() < 400 && !signInRedirect || a.status() >= 500) {
                failures.add(k.name() + ": " + a.status() + " " + a.body().substring(0, Math.min(200, a.body().length())));
            }
            if (a.status() >= 400 && !a.body().isEmpty() && !a.body().contains("\"message\"") && !a.body().contains("\"detail\"")
                    && !a.body().contains("<html") && !a.body().contains("<!doctype") && !a.body().contains("<h1>400 Bad Request</h1>") && !k.name().startsWith("Host")) {
                failures.add(k.name() + ": an error that says nothing: " + a.body().substring(0, Math.min(200, a.body().length())));
            }
            if (a.headers().keySet().stream().anyMatch(h -> h.equalsIgnoreCase("access-control-allow-origin"))) {
                failures.add(k.name() + ": answered with CORS headers");
            }
            if (!after.equals(before)) {
                failures.add(k.name() + ": changed " + before + " to " + after);
                before = after;
            }
        }
        System.out.printf("SecurityIT: %d bad inputs, %d failures%n", cases.size(), failures.size());
        assertThat(cases).hasSizeGreaterThanOrEqualTo(300);
        assertThat(failures).isEmpty();
    }

    @Test
    void aPageOnAnotherOrigin_triesEachAttack_inChromium_andNoneTakesEffect() throws Exception {
        org.openqa.selenium.chrome.ChromeDriver browser = Browser.start(800, 600);
        com.sun.net.httpserver.HttpServer evil = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        try {
            // The admin is signed in to the console in this browser: the page tries to ride that session.
            // (the one-time link went to the setup above: sign in with the token, as the sign-in page asks)
            browser.get(w.runtime.endpoint("Console") + "/login");
            browser.findElement(org.openqa.selenium.By.id("token")).sendKeys(w.runtime.adminToken());
            browser.findElement(org.openqa.selenium.By.cssSelector("form button")).click();
            browser.get(w.runtime.endpoint("Console") + "/");
            String page = attackPage();
            evil.createContext("/", exchange -> {
                byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            evil.start();
            Snapshot before = snapshot();
            // localhost, not 127.0.0.1: another origin, and another site, from every local server.
            browser.get("http://localhost:" + evil.getAddress().getPort() + "/");
            new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> "done".equals(d.getTitle()));
            Thread.sleep(1500); // the form post lands in its frame
            @SuppressWarnings("unchecked")
            Map<String, Object> results = (Map<String, Object>) browser.executeScript("return window.results;");
            System.out.println("SecurityIT cross-origin page: " + results);
            assertThat(results).as("what the page could read").containsEntry("read the console outbox", "blocked")
                    .containsEntry("read the SES outbox", "blocked").containsEntry("read the console clock", "blocked")
                    .containsEntry("PUT an admin cycle", "blocked").containsEntry("start an execution", "blocked");
            assertThat(snapshot()).as("nothing changed").isEqualTo(before);
        } finally {
            evil.stop(0);
            browser.quit();
        }
    }

    private static String attackPage() throws Exception {
        String console = w.runtime.endpoint("Console");
        return """
                <!doctype html><html><head><title>attack</title></head><body>
                <iframe name="sink" style="display:none"></iframe>
                <form id="f" method="post" action="%1$s/api/clock" enctype="text/plain" target="sink">
                <input name='{"advanceBy":"P30D","x":"' value='"}'></form>
                <script>
                window.results = {};
                async function attempt(name, f) {
                  try { const r = await f(); window.results[name] = r === undefined ? 'sent' : 'read: ' + String(r).slice(0, 40); }
                  catch (e) { window.results[name] = 'blocked'; }
                }
                (async () => {
                  await attempt('move the clock', () => fetch('%1$s/api/clock', {method: 'POST', mode: 'no-cors', credentials: 'include', body: '{"advanceBy":"P30D"}'}).then(() => undefined));
                  await attempt('read the console clock', () => fetch('%1$s/api/clock', {credentials: 'include'}).then(r => r.text()));
                  await attempt('read the console outbox', () => fetch('%1$s/api/outbox', {credentials: 'include'}).then(r => r.text()));
                  await attempt('read the SES outbox', () => fetch('%2$s/_local/outbox').then(r => r.text()));
                  await attempt('send a forged email', () => fetch('%2$s/v2/email/outbound-emails', {method: 'POST', mode: 'no-cors', body: %3$s}).then(() => undefined));
                  await attempt('run the admin function', () => fetch('%4$s/2015-03-31/functions/CycleAdminFunction/invocations', {method: 'POST', mode: 'no-cors', body: %5$s}).then(() => undefined));
                  await attempt('start an execution', () => fetch('%6$s/', {method: 'POST', headers: {'X-Amz-Target': 'AWSStepFunctions.StartExecution', 'content-type': 'application/x-amz-json-1.0'}, body: %7$s}).then(r => r.text()));
                  await attempt('PUT an admin cycle', () => fetch('%8$s/admin/cycles/attack', {method: 'PUT', headers: {'content-type': 'application/json'}, body: '{}'}).then(r => r.text()));
                  await attempt('put an item', () => fetch('%9$s/', {method: 'POST', mode: 'no-cors', body: '{}'}).then(() => undefined));
                  document.getElementById('f').submit();
                  document.title = 'done';
                })();
                </script></body></html>
                """.formatted(console, w.runtime.endpoint("SES v2"), Workflow.JSON.valueToTree(sendEmail("awards@example.gov.uk")),
                w.runtime.endpoint("Lambda (Invoke)"), Workflow.JSON.valueToTree(adminEvent()), w.runtime.endpoint("Step Functions"),
                Workflow.JSON.valueToTree("{\"stateMachineArn\":\"" + w.runtime.stateMachineArn() + "\",\"input\":\"{}\"}"), w.api(),
                w.runtime.endpoint("DynamoDB Local"));
    }

    @Test
    void theConsole_showsWhereATaskTokenWas_neverTheToken() throws Exception {
        // Issue 11: the console showed task tokens in execution payloads to anyone on the port.
        var early = w.runtime.engine().executions(null, null).stream().filter(e -> e.name().startsWith("EAR-")).findFirst().orElseThrow();
        String token = null;
        try (var sfn = w.sfn()) {
            for (var e : sfn.getExecutionHistory(b -> b.executionArn(early.arn()).maxResults(1000)).events()) {
                if (e.taskScheduledEventDetails() != null && e.taskScheduledEventDetails().parameters().contains("\"token\"")) {
                    var m = java.util.regex.Pattern.compile("\"token\":\"([A-Za-z0-9_-]{64})\"").matcher(e.taskScheduledEventDetails().parameters());
                    if (m.find()) {
                        token = m.group(1);
                    }
                }
            }
        }
        assertThat(token).as("the panel's task token, from the Step Functions API (as in AWS's history)").isNotNull();
        String shown = w.send(HttpRequest.newBuilder(URI.create(w.runtime.endpoint("Console") + "/api/executions/" + early.name()))
                .header("Authorization", "Bearer " + w.runtime.adminToken())).body();
        assertThat(shown).contains("AwaitPanel", "(task token hidden)").doesNotContain(token);
    }
}
