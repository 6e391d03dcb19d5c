package awards.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import awards.local.LocalRuntime;
import awards.local.RuntimeOptions;
import awards.local.console.SampleEvents;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/** The local runtime driven only from outside: HTTP, and the AWS SDK v2 clients of each service. */
class LocalRuntimeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(AwsBasicCredentials.create("someone", "else"));
    @TempDir
    static Path data;
    static LocalRuntime runtime;
    static String startOutput;

    @BeforeAll
    static void start() {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        runtime = LocalRuntime.start(RuntimeOptions.anyPorts(Path.of(".."), data).withDemo(true), new PrintStream(progress, true));
        startOutput = progress + runtime.banner();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    static HttpResponse<String> http(String method, String url, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String api() {
        return runtime.endpoint("HTTP API");
    }

    private static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>> B local(B builder, String service) {
        return builder.endpointOverride(URI.create(runtime.endpoint(service))).region(Region.EU_WEST_2).credentialsProvider(CREDENTIALS);
    }

    @Test
    void startPrints_everyEndpoint_theAdminTokensFile_theFolders_andWhatToTry() {
        assertThat(startOutput).contains("HTTP API", "Step Functions", "DynamoDB Local", "SES v2", "Lambda (Invoke)", "Console",
                data.resolve("admin-token").toString(), data.toString(), "Try:", "curl", "toNextMilestone");
        assertThat(startOutput).contains("demo: nomination DIA-2027-0001", "demo: nomination DIA-2027-0002");
        // A terminal is often logged: neither the admin token nor a nominator's status token is printed.
        assertThat(startOutput).doesNotContain(runtime.adminToken()).doesNotContain("token=");
    }

    @Test
    void theHttpApi_servesTheTemplatesRoutes_likeApiGateway() throws Exception {
        HttpResponse<String> created = http("POST", api() + "/nominations", SampleEvents.body(Path.of(".."), SampleEvents.MUTUAL_MENTORING),
                "content-type", "application/json");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode receipt = JSON.readTree(created.body());
        HttpResponse<String> status = http("GET", receipt.path("statusUrl").asText(), null);
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(status.body()).path("status").asText()).isEqualTo("SUBMITTED");

        HttpResponse<String> unknown = http("GET", api() + "/no/such/route", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"message\":\"Not Found\"}");
        assertThat(http("GET", api() + "/admin/nominations?cycleId=dia-2027", null).statusCode()).isEqualTo(403);
        assertThat(http("GET", api() + "/admin/nominations?cycleId=dia-2027", null, "Authorization", "Bearer wrong").statusCode()).isEqualTo(403);
        HttpResponse<String> listed = http("GET", api() + "/admin/nominations?cycleId=dia-2027", null, "Authorization", "Bearer " + runtime.adminToken());
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(listed.body()).path("items").size()).isGreaterThanOrEqualTo(3);

        // Invalid UTF-8 arrives base64-encoded, and the handler refuses it as the API's contract says.
        HttpRequest bad = HttpRequest.newBuilder(URI.create(api() + "/nominations")).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'{', '"', (byte) 0xC3, 0x28, '"', ':', '1', '}'})).build();
        HttpResponse<String> refused = HTTP.send(bad, HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("is not valid UTF-8");
    }

    @Test
    void eachServiceAnswersItsOwnSdkClient() throws Exception {
        try (DynamoDbClient ddb = local(DynamoDbClient.builder(), "DynamoDB Local").httpClientBuilder(UrlConnectionHttpClient.builder()).build();
             SfnClient sfn = local(SfnClient.builder(), "Step Functions").httpClientBuilder(UrlConnectionHttpClient.builder()).build();
             SesV2Client ses = local(SesV2Client.builder(), "SES v2").httpClientBuilder(UrlConnectionHttpClient.builder()).build();
             LambdaClient lambda = local(LambdaClient.builder(), "Lambda (Invoke)").httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            // Another region and other credentials still see the one table: DynamoDB Local runs with -sharedDb.
            assertThat(ddb.listTables().tableNames()).containsExactly("NominationsTable");
            var ttl = ddb.describeTimeToLive(b -> b.tableName("NominationsTable")).timeToLiveDescription();
            assertThat(ttl.attributeName()).isEqualTo("expiresAt");

            var executions = sfn.listExecutions(b -> b.stateMachineArn(runtime.stateMachineArn())).executions();
            assertThat(executions).isNotEmpty().allMatch(e -> e.status() == ExecutionStatus.RUNNING);
            assertThat(executions).extracting(e -> e.name()).anyMatch(n -> n.startsWith("DIA-2027-0001_"));

            String id = ses.sendEmail(b -> b.fromEmailAddress("awards@example.gov.uk")
                    .destination(d -> d.toAddresses("judge@example.gov.uk"))
                    .content(c -> c.simple(m -> m.subject(s -> s.data("Nominé: please judge « DIA-2027-0001 »"))
                            .body(body -> body.text(t -> t.data("Open https://awards.example/judge/abc to decide."))
                                    .html(h -> h.data("<p>Open <a href=\"https://awards.example/judge/abc\">the page</a></p>")))))).messageId();
            HttpResponse<String> outbox = HTTP.send(localaws.Signed.get(runtime.endpoint("SES v2") + "/_local/outbox?to=judge@example.gov.uk", "ses"),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode message = JSON.readTree(outbox.body()).path("messages").get(0);
            assertThat(message.path("id").asText()).isEqualTo(id);
            assertThat(message.path("subject").asText()).isEqualTo("Nominé: please judge « DIA-2027-0001 »");
            assertThat(message.path("links").get(0).asText()).isEqualTo("https://awards.example/judge/abc");
            String eml = Files.readString(Path.of(message.path("file").asText()));
            assertThat(eml).contains("Subject: =?UTF-8?", "multipart/alternative", "Message-ID: <" + id + "@email.local>");

            String event = Files.readString(Path.of("../events/api/admin-get-cycle.json"));
            var invoked = lambda.invoke(b -> b.functionName("CycleAdminFunction").payload(SdkBytes.fromUtf8String(event)));
            assertThat(invoked.functionError()).isNull();
            assertThat(JSON.readTree(invoked.payload().asUtf8String()).path("statusCode").asInt()).isEqualTo(200);
            var failed = lambda.invoke(b -> b.functionName("CycleAdminFunction").payload(SdkBytes.fromUtf8String("{\"not\":\"an event\"}")));
            assertThat(failed.functionError()).isEqualTo("Unhandled");
            assertThat(JSON.readTree(failed.payload().asUtf8String()).path("errorType").asText()).isEqualTo("java.lang.IllegalArgumentException");
        }
    }

    @Test
    void theClock_movesForward_neverBack_andToTheNextMilestone() throws Exception {
        String console = runtime.endpoint("Console");
        Instant before = runtime.clock().now();
        String[] admin = {"Authorization", "Bearer " + runtime.adminToken(), "Origin", console};
        HttpResponse<String> back = http("POST", console + "/api/clock", "{\"advanceTo\":\"2020-01-01T00:00:00Z\"}", admin);
        assertThat(Instant.parse(JSON.readTree(back.body()).path("now").asText())).isAfterOrEqualTo(before);
        HttpResponse<String> day = http("POST", console + "/api/clock", "{\"advanceBy\":\"P1D\"}", admin);
        assertThat(Instant.parse(JSON.readTree(day.body()).path("now").asText())).isAfterOrEqualTo(before.plusSeconds(86400));
        JsonNode state = JSON.readTree(http("GET", console + "/api/clock", null, admin).body());
        assertThat(state.path("next").path("name").asText()).isEqualTo("Nominations close");
        assertThat(http("POST", console + "/api/clock", "{\"advanceBy\":\"yesterday\"}", admin).statusCode()).isEqualTo(400);
    }
}
