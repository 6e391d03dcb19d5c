package awards.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import awards.local.lambda.LocalFunctions;
import awards.local.template.LocalNames;
import awards.local.template.SamTemplate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import localaws.VirtualClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local HTTP API on the wire, read off a socket as {@code curl -i} shows it: what API Gateway
 * writes in a status line and headers, and what reaches the function.
 */
class HttpApiWireTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Answers with the status the query asks for, and the event it was given as its body. */
    public static final class Echo implements com.amazonaws.services.lambda.runtime.RequestStreamHandler {
        @Override
        public void handleRequest(InputStream in, OutputStream out, com.amazonaws.services.lambda.runtime.Context context) throws IOException {
            JsonNode event = JSON.readTree(in);
            int status = event.path("queryStringParameters").path("status").asInt(200);
            var answer = JSON.createObjectNode().put("statusCode", status).put("body", event.toString());
            answer.putObject("headers").put("content-type", "application/json");
            out.write(JSON.writeValueAsBytes(answer));
        }
    }

    @TempDir
    static Path dir;
    private static LocalFunctions functions;
    private static HttpApiGateway gateway;
    private static final java.util.concurrent.atomic.AtomicLong NANOS = new java.util.concurrent.atomic.AtomicLong();

    @BeforeAll
    static void start() throws Exception {
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, """
                Resources:
                  Api:
                    Type: AWS::Serverless::HttpApi
                    Properties:
                      DefaultRouteSettings: { ThrottlingRateLimit: 1, ThrottlingBurstLimit: 1 }
                  EchoFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: %s::handleRequest
                      Events:
                        Echo: { Type: HttpApi, Properties: { Method: ANY, Path: "/echo/{id}" } }
                        Once: { Type: HttpApi, Properties: { Method: GET, Path: /once } }
                """.formatted(Echo.class.getName()));
        SamTemplate template = SamTemplate.read(file);
        functions = LocalFunctions.fromTemplate(template, LocalNames.DEFAULT.values(template, Map.of()), LocalNames.DEFAULT, Map.of());
        // Throttling (one a second, a burst of one) counts in a clock each request moves on by a
        // second unless a test holds it: then the second request within it is throttled.
        gateway = new HttpApiGateway(template, functions, VirtualClock.frozen(Instant.EPOCH), "token", 0, "", Duration.ofSeconds(30), NANOS::get);
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        functions.close();
    }

    /** The raw answer to a raw request: status line, headers, body. */
    private record Raw(String statusLine, String head, String body) {}

    private static Raw send(String requestHead, String body) throws IOException {
        NANOS.addAndGet(1_000_000_000L);
        return sendWithinTheSameSecond(requestHead, body);
    }

    private static Raw sendWithinTheSameSecond(String requestHead, String body) throws IOException {
        URI uri = URI.create(gateway.endpoint());
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            String head = requestHead + "Host: " + uri.getAuthority() + "\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(bytes);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            String headers = text.substring(0, end);
            return new Raw(headers.substring(0, headers.indexOf("\r\n")), headers, text.substring(end + 4));
        }
    }

    @Test
    void everyStatusLine_carriesItsReasonPhrase_asApiGatewayWritesIt() throws Exception {
        // RFC 9110 §15.5.21 names 422 "Unprocessable Content"; API Gateway and most servers still write "Entity".
        assertThat(send("GET /echo/1?status=422 HTTP/1.1\r\n", "").statusLine()).matches("HTTP/1\\.1 422 Unprocessable (Entity|Content)");
        assertThat(send("GET /echo/1?status=409 HTTP/1.1\r\n", "").statusLine()).isEqualTo("HTTP/1.1 409 Conflict");
        assertThat(send("GET /nowhere HTTP/1.1\r\n", "").statusLine()).isEqualTo("HTTP/1.1 404 Not Found");
        assertThat(send("GET /once HTTP/1.1\r\n", "").statusLine()).isEqualTo("HTTP/1.1 200 OK");
        Raw throttled = sendWithinTheSameSecond("GET /once HTTP/1.1\r\n", "");
        assertThat(throttled.statusLine()).isEqualTo("HTTP/1.1 429 Too Many Requests");
        assertThat(throttled.body()).isEqualTo("{\"message\":\"Too Many Requests\"}");
    }

    @Test
    void theHeaders_sayNoServerAndCarryARequestId() throws Exception {
        Raw raw = send("GET /echo/1 HTTP/1.1\r\n", "");
        assertThat(raw.head().toLowerCase()).contains("\r\napigw-requestid: ").doesNotContain("\r\nserver:").doesNotContain("jetty");
    }

    @Test
    void aMalformedEscape_isRefusedBeforeAnyRoute_withApiGatewaysMessage() throws Exception {
        for (String target : new String[] {"/echo/%zz", "/echo/1?x=%e", "/nowhere/%"}) {
            Raw raw = send("GET " + target + " HTTP/1.1\r\n", "");
            assertThat(raw.statusLine()).as(target).isEqualTo("HTTP/1.1 400 Bad Request");
            assertThat(raw.body()).as(target).isEqualTo("{\"message\":\"Bad Request\"}");
        }
    }

    @Test
    void aRequestTheServerCannotParse_getsApiGatewaysShapeToo() throws Exception {
        Raw raw = send("GET /echo/1 HTTP/1.1\r\nBad Header Without Colon\r\n", "");
        assertThat(raw.statusLine()).startsWith("HTTP/1.1 400");
        assertThat(raw.body()).isEqualTo("{\"message\":\"Bad Request\"}");
    }

    @Test
    void aForeignHost_isRefused_asEveryLocalServerRefusesIt() throws Exception {
        URI uri = URI.create(gateway.endpoint());
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.getOutputStream().write("GET /echo/1 HTTP/1.1\r\nHost: rebound.example:80\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(text).startsWith("HTTP/1.1 403 Forbidden").contains("\"__type\":\"ForbiddenHost\"");
        }
    }

    @Test
    void theEvent_hasThePathAsSent_theQuery_theBody_andEveryHeaderEvenAnEmptyOne() throws Exception {
        Raw raw = send("POST /echo/a%20b?x=1&x=2&y=%C3%A9 HTTP/1.1\r\nContent-Type: application/json\r\nIdempotency-Key:\r\n"
                + "Cookie: a=1; b=2\r\nX-Two: one\r\nX-Two: two\r\n", "{\"k\":\"é\"}");
        assertThat(raw.statusLine()).isEqualTo("HTTP/1.1 200 OK");
        JsonNode event = JSON.readTree(raw.body());
        assertThat(event.path("rawPath").asText()).isEqualTo("/echo/a%20b");
        assertThat(event.path("pathParameters").path("id").asText()).isEqualTo("a b");
        assertThat(event.path("rawQueryString").asText()).isEqualTo("x=1&x=2&y=%C3%A9");
        assertThat(event.path("queryStringParameters").path("x").asText()).isEqualTo("1,2");
        assertThat(event.path("queryStringParameters").path("y").asText()).isEqualTo("é");
        assertThat(event.path("body").asText()).isEqualTo("{\"k\":\"é\"}");
        assertThat(event.path("headers").path("x-two").asText()).isEqualTo("one,two");
        assertThat(event.path("headers").has("idempotency-key")).as("an empty field still arrives").isTrue();
        assertThat(event.path("headers").path("idempotency-key").asText()).isEmpty();
        assertThat(event.path("cookies")).hasSize(2);
        assertThat(event.path("requestContext").path("http").path("protocol").asText()).isEqualTo("HTTP/1.1");
        assertThat(event.path("requestContext").path("http").path("sourceIp").asText()).isEqualTo("127.0.0.1");
    }

    /** One answer read from a kept-alive connection: its status line, up to the end of its Content-Length body. */
    private static String readAnswer(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new java.io.EOFException("the connection closed with no answer after: " + head);
            }
            head.append((char) c);
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        in.readNBytes(length.find() ? Integer.parseInt(length.group(1)) : 0);
        return head.substring(0, head.indexOf("\r\n"));
    }

    @Test
    void anAnswerGivenBeforeTheBodyIsRead_keepsTheConnectionForTheNextRequest() throws Exception {
        URI uri = URI.create(gateway.endpoint());
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            String body = "{\"email\":\"a@example.org\"}".repeat(200);
            for (String path : List.of("/no-such-route", "/echo/1")) {
                NANOS.addAndGet(1_000_000_000L);
                // The head first and the body a moment later, as a client's two writes may arrive.
                socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: " + uri.getAuthority() + "\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                Thread.sleep(300);
                socket.getOutputStream().write(body.getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                assertThat(readAnswer(socket.getInputStream())).as("the answer to " + path + " on the same connection")
                        .isEqualTo(path.equals("/echo/1") ? "HTTP/1.1 200 OK" : "HTTP/1.1 404 Not Found");
            }
        }
    }

    @Test
    void aHeadRequest_getsTheStatusAndHeadersWithoutABody() throws Exception {
        Raw raw = send("HEAD /echo/1 HTTP/1.1\r\n", "");
        assertThat(raw.statusLine()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(raw.body()).isEmpty();
    }
}
