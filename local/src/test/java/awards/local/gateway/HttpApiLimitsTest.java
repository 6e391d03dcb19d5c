package awards.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import awards.local.lambda.LocalFunctions;
import localaws.VirtualClock;
import awards.local.template.LocalNames;
import awards.local.template.SamTemplate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** API Gateway's limits on the local HTTP API (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html). */
class HttpApiLimitsTest {
    /** A function that takes 3 s. */
    public static final class Slow implements com.amazonaws.services.lambda.runtime.RequestStreamHandler {
        @Override
        public void handleRequest(java.io.InputStream in, java.io.OutputStream out, com.amazonaws.services.lambda.runtime.Context context)
                throws java.io.IOException {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.write("{\"statusCode\":200}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void aFunctionSlowerThanTheIntegrationTimeout_is503_asApiGatewayAnswers(@TempDir Path dir) throws Exception {
        // The function may run 10 s; API Gateway gives up at its integration timeout (30 s; 1 s here).
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, """
                Resources:
                  SlowFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: %s::handleRequest
                      Timeout: 10
                      Events:
                        Slow: { Type: HttpApi, Properties: { Method: GET, Path: /slow } }
                """.formatted(Slow.class.getName()));
        SamTemplate template = SamTemplate.read(file);
        try (LocalFunctions functions = LocalFunctions.fromTemplate(template, LocalNames.DEFAULT.values(template, Map.of()), LocalNames.DEFAULT, Map.of());
             HttpApiGateway gateway = new HttpApiGateway(template, functions, VirtualClock.frozen(Instant.EPOCH), "token", 0, "", Duration.ofSeconds(1))) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gateway.endpoint() + "/slow")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).isEqualTo("{\"message\":\"Service Unavailable\"}");
        }
    }

    /** A function that answers at once. */
    public static final class Fast implements com.amazonaws.services.lambda.runtime.RequestStreamHandler {
        @Override
        public void handleRequest(java.io.InputStream in, java.io.OutputStream out, com.amazonaws.services.lambda.runtime.Context context)
                throws java.io.IOException {
            out.write("{\"statusCode\":200}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void beyondTheRoutesThrottling_is429_untilTheBucketRefills(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, """
                Resources:
                  Api:
                    Type: AWS::Serverless::HttpApi
                    Properties:
                      DefaultRouteSettings: { ThrottlingRateLimit: 2, ThrottlingBurstLimit: 3 }
                  FastFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: %s::handleRequest
                      Events:
                        One: { Type: HttpApi, Properties: { Method: GET, Path: /one } }
                        Two: { Type: HttpApi, Properties: { Method: GET, Path: /two } }
                """.formatted(Fast.class.getName()));
        SamTemplate template = SamTemplate.read(file);
        java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
        try (LocalFunctions functions = LocalFunctions.fromTemplate(template, LocalNames.DEFAULT.values(template, Map.of()), LocalNames.DEFAULT, Map.of());
             HttpApiGateway gateway = new HttpApiGateway(template, functions, VirtualClock.frozen(Instant.EPOCH), "token", 0, "", Duration.ofSeconds(30),
                     nanos::get)) {
            HttpClient http = HttpClient.newHttpClient();
            java.util.function.Function<String, HttpResponse<String>> get = path -> {
                try {
                    return http.send(HttpRequest.newBuilder(URI.create(gateway.endpoint() + path)).build(), HttpResponse.BodyHandlers.ofString());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            for (int i = 0; i < 3; i++) {
                assertThat(get.apply("/one").statusCode()).as("within the burst").isEqualTo(200);
            }
            HttpResponse<String> throttled = get.apply("/one");
            assertThat(throttled.statusCode()).isEqualTo(429);
            assertThat(throttled.body()).isEqualTo("{\"message\":\"Too Many Requests\"}");
            assertThat(get.apply("/two").statusCode()).as("each route has its own bucket").isEqualTo(200);
            nanos.addAndGet(500_000_000L); // half a second at 2 a second: one more
            assertThat(get.apply("/one").statusCode()).isEqualTo(200);
            assertThat(get.apply("/one").statusCode()).isEqualTo(429);
        }
    }
}
