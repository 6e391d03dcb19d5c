package awards.local.lifecycle;

import static awards.local.lifecycle.Workflow.kind;
import static org.assertj.core.api.Assertions.assertThat;

import awards.local.console.SampleEvents;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.chrome.ChromeDriver;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Judging links: opening one (five times, by HEAD, in a browser) changes nothing; only the page's
 * own form, with its nonce and this site's Origin, records a decision, once; everything else is the
 * same plain 404; the task token is nowhere but its table item.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JudgingLinksSecurityIT {
    private static final Pattern NONCE = Pattern.compile("name=\"nonce\" value=\"([^\"]+)\"");
    static Workflow w;
    static DynamoDbClient dynamo;
    static String link;
    static String otherLink;
    static String notFoundBody;
    static final List<String> seenBodies = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        w = new Workflow(null);
        dynamo = DynamoDbClient.builder().endpointOverride(URI.create(w.runtime.endpoint("DynamoDB Local"))).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        w.advanceTo(Instant.parse("2027-04-15T09:00:00Z"));
        w.putCycle(Workflow.demoCycle());
        w.submit(SampleEvents.body(Workflow.ROOT, SampleEvents.MUTUAL_MENTORING));
        w.advanceTo(Instant.parse("2027-05-03T16:16:00Z"));
        Workflow.await("judge invites", () -> w.judgeInvites().stream().count() == 3);
        List<JsonNode> invites = w.judgeInvites().stream().toList();
        link = invites.get(0).path("links").get(0).asText();
        otherLink = invites.get(1).path("links").get(0).asText();
        notFoundBody = w.get(link.substring(0, link.lastIndexOf('/') + 1) + "x".repeat(43)).body();
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        w.close();
    }

    private static int votes() {
        return dynamo.scan(b -> b.tableName(w.runtime.tableName()).filterExpression("#t = :v")
                .expressionAttributeNames(Map.of("#t", "type")).expressionAttributeValues(Map.of(":v", AttributeValue.fromS("vote")))).count();
    }

    private static HttpResponse<String> post(String url, String form, String origin, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (origin != null) {
            b.header("Origin", origin);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> r = w.send(b);
        seenBodies.add(r.body());
        return r;
    }

    private static String nonce(String page) {
        Matcher m = NONCE.matcher(page);
        assertThat(m.find()).as("the page has a form").isTrue();
        return m.group(1);
    }

    @Test
    @Order(1)
    void openingTheLink_fiveTimes_byHead_andInABrowser_changesNothing() {
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> page = w.get(link);
            seenBodies.add(page.body());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("Record my decision").doesNotContain("You decided");
            assertThat(page.headers().firstValue("cache-control")).hasValue("no-store");
            assertThat(page.headers().firstValue("referrer-policy")).hasValue("no-referrer");
            assertThat(page.headers().firstValue("content-security-policy").orElse("")).startsWith("default-src 'none'");
            assertThat(page.body()).doesNotContain("<script", "<link", "src=", "<img");
        }
        HttpResponse<String> head = w.send(HttpRequest.newBuilder(URI.create(link)).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.statusCode()).isIn(404, 405);
        ChromeDriver browser = Browser.start(390, 844);
        try {
            browser.get(link);
            assertThat(browser.getTitle()).isEqualTo("Judge a nomination");
            browser.navigate().refresh();
        } finally {
            browser.quit();
        }
        assertThat(votes()).isZero();
        assertThat(w.get(link).body()).contains("Record my decision");
        // The judge's list, which the nomination's page is reached from, is as inert.
        String list = link.substring(0, link.indexOf('?'));
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> page = w.get(list);
            seenBodies.add(page.body());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("0 of 1", "To do").doesNotContain("<script", "<link", "src=", "<img");
            assertThat(page.headers().firstValue("referrer-policy")).hasValue("no-referrer");
        }
        assertThat(w.send(HttpRequest.newBuilder(URI.create(list)).header("content-type", "application/x-www-form-urlencoded")
                .header("Origin", w.api()).POST(HttpRequest.BodyPublishers.ofString("decision=shortlist"))).statusCode())
                .as("the list itself takes no POST").isEqualTo(404);
        assertThat(votes()).isZero();
    }

    @Test
    @Order(2)
    void tamperedTruncatedForeignOrUnknownLinks_areAllTheSamePlain404() {
        String secret = link.substring(link.lastIndexOf('/') + 1);
        String flipped = link.substring(0, link.length() - 1) + (secret.endsWith("A") ? "B" : "A");
        String truncated = link.substring(0, link.length() - 5);
        String otherId = otherLink.substring(0, otherLink.lastIndexOf('/') + 1) + secret;
        String unknown = w.api() + "/judging/abcdefghijkmnpqrstuvwxyz23/" + secret;
        for (String url : List.of(flipped, truncated, otherId, unknown)) {
            HttpResponse<String> r = w.get(url);
            assertThat(r.statusCode()).as(url).isEqualTo(404);
            assertThat(r.body()).isEqualTo(notFoundBody);
        }
        assertThat(votes()).isZero();
    }

    @Test
    @Order(3)
    void aPostWithoutTheNonce_fromAForeignOrigin_orWithoutOrigin_isRefused() {
        String nonce = nonce(w.get(link).body());
        assertThat(post(link, "decision=shortlist", w.api()).statusCode()).isEqualTo(404);
        assertThat(post(link, "nonce=" + nonce + "&decision=shortlist", "https://evil.example").statusCode()).isEqualTo(404);
        assertThat(post(link, "nonce=" + nonce + "&decision=shortlist", null).statusCode()).isEqualTo(404);
        // A browser under no-referrer sends Origin: null; then only its own Sec-Fetch-Site can vouch for the page.
        assertThat(post(link, "nonce=" + nonce + "&decision=shortlist", "null", "Sec-Fetch-Site", "cross-site").statusCode()).isEqualTo(404);
        assertThat(post(link, "nonce=" + nonce + "&decision=shortlist", "null").statusCode()).isEqualTo(404);
        assertThat(post(link, "nonce=" + nonce(w.get(otherLink).body()) + "&decision=shortlist", w.api()).statusCode()).as("another link's nonce").isEqualTo(404);
        assertThat(post(link, "nonce=" + nonce + "&decision=maybe", w.api()).statusCode()).isEqualTo(404);
        assertThat(votes()).isZero();
    }

    @Test
    @Order(4)
    void theFormRecordsOnce_andAReplayShowsWhatWasDecided() {
        String nonce = nonce(w.get(link).body());
        HttpResponse<String> first = post(link, "nonce=" + nonce + "&decision=shortlist&comment=%3Cb%3Ebold%3C%2Fb%3E", w.api());
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("You decided: <strong>shortlist</strong>");
        HttpResponse<String> replay = post(link, "nonce=" + nonce + "&decision=decline", w.api());
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(replay.body()).contains("You decided: <strong>shortlist</strong>");
        assertThat(votes()).isEqualTo(1);
        assertThat(w.get(link).body()).contains("You decided").doesNotContain("Record my decision");
    }

    @Test
    @Order(5)
    void theTaskToken_isNowhereButItsTableItem() throws Exception {
        List<String> tokens = new ArrayList<>();
        List<String> elsewhere = new ArrayList<>();
        dynamo.scanPaginator(b -> b.tableName(w.runtime.tableName())).items().forEach(item -> {
            String type = item.getOrDefault("type", AttributeValue.fromS("")).s();
            if (type.equals("panel") || type.equals("awaiting")) {
                tokens.add(item.get("token").s());
                item.forEach((k, v) -> {
                    if (!k.equals("token")) {
                        elsewhere.add(String.valueOf(v));
                    }
                });
            } else {
                elsewhere.add(item.toString());
            }
        });
        assertThat(tokens).isNotEmpty();
        for (JsonNode m : w.outbox()) {
            elsewhere.add(Files.readString(Path.of(m.path("file").asText())));
        }
        elsewhere.addAll(seenBodies);
        elsewhere.add(w.get(link).body());
        for (String token : tokens) {
            assertThat(token).hasSizeGreaterThan(40);
            for (String text : elsewhere) {
                assertThat(text).doesNotContain(token);
            }
        }
    }

    @Test
    @Order(6)
    void afterTheShortlistDate_theLinkHasExpired() {
        w.advanceTo(Instant.parse("2027-07-31T09:00:01Z"));
        HttpResponse<String> r = w.get(otherLink);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).isEqualTo(notFoundBody);
    }
}
