package awards.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import localaws.LambdaFunctions;
import awards.local.template.LocalNames;
import awards.local.template.SamTemplate;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Functions run as Lambda runs them: their own environment from the template, their timeout, Lambda's error shape. */
class LocalFunctionsTest {
    /** The functions of a template written to {@code dir}, as the runtime loads them. */
    private static LocalFunctions functions(Path dir, String template) throws java.io.IOException {
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, template);
        SamTemplate read = SamTemplate.read(file);
        return LocalFunctions.fromTemplate(read, LocalNames.DEFAULT.values(read, Map.of()), LocalNames.DEFAULT, Map.of());
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public static final class Slow implements RequestStreamHandler {
        @Override
        public void handleRequest(InputStream in, OutputStream out, Context context) throws java.io.IOException {
            try {
                Thread.sleep(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.write("{}".getBytes(StandardCharsets.UTF_8));
        }
    }

    public static final class EchoEnvironment implements RequestStreamHandler {
        private final Map<String, String> env;

        public EchoEnvironment(Map<String, String> env) {
            this.env = env;
        }

        @Override
        public void handleRequest(InputStream in, OutputStream out, Context context) throws java.io.IOException {
            out.write(JSON.writeValueAsBytes(Map.of("table", env.get("TABLE"), "greeting", env.get("GREETING"),
                    "name", context.getFunctionName(), "remaining", context.getRemainingTimeInMillis() > 0)));
        }
    }

    /** What the last {@link Overrunning} invocation's AWS call, made after its timeout, came to. */
    static final java.util.concurrent.CompletableFuture<Throwable> AFTER_TIMEOUT = new java.util.concurrent.CompletableFuture<>();

    /** Ignores the interrupt at its timeout, runs on, then calls DynamoDB (on a port nothing listens on). */
    public static final class Overrunning implements RequestStreamHandler {
        @Override
        public void handleRequest(InputStream in, OutputStream out, Context context) {
            long until = System.nanoTime() + 1_500_000_000L;
            while (System.nanoTime() < until) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ignored) {
                    // as a handler blocked in I/O would: it runs on
                }
            }
            try (var ddb = software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder()
                    .endpointOverride(java.net.URI.create("http://127.0.0.1:" + localaws.LoopbackServer.freePort()))
                    .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                    .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("x", "y")))
                    .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder()).build()) {
                ddb.deleteItem(b -> b.tableName("Things").key(Map.of("pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("x"))));
                AFTER_TIMEOUT.complete(null);
            } catch (Throwable e) {
                AFTER_TIMEOUT.complete(e);
            }
        }
    }

    /**
     * Lambda stops a function at its timeout; a thread cannot be stopped, so an invocation that runs
     * on makes no AWS call: the call throws before it reaches the wire (not a connection refused).
     */
    @Test
    void anInvocationStoppedAtItsTimeout_makesNoMoreAwsCalls(@TempDir Path dir) throws Exception {
        try (LocalFunctions functions = functions(dir, """
                Resources:
                  Overrunning:
                    Type: AWS::Serverless::Function
                    Properties:
                      Timeout: 1
                      Handler: awards.local.lambda.LocalFunctionsTest$Overrunning::handleRequest
                """)) {
            LambdaFunctions.Result r = functions.invoke("Overrunning", "{}".getBytes(StandardCharsets.UTF_8));
            assertThat(JSON.readTree(r.payload()).path("errorType").asText()).isEqualTo("Sandbox.Timedout");
            Throwable after = AFTER_TIMEOUT.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(after).isInstanceOf(StoppedInvocations.Stopped.class).hasMessageContaining("DeleteItem");
        }
    }

    /** Writes {@code size} bytes of a JSON string: the payload's size, to the byte. */
    public static final class Large implements RequestStreamHandler {
        @Override
        public void handleRequest(InputStream in, OutputStream out, Context context) throws java.io.IOException {
            int size = Integer.parseInt(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
            out.write(("\"" + "x".repeat(size - 2) + "\"").getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aResponseOverSixMegabytes_isLambdasError(@TempDir Path dir) throws Exception {
        try (LocalFunctions functions = functions(dir, """
                Resources:
                  Large:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: awards.local.lambda.LocalFunctionsTest$Large::handleRequest
                """)) {
            LambdaFunctions.Result fits = functions.invoke("Large", "6291556".getBytes(StandardCharsets.UTF_8));
            assertThat(fits.functionError()).isNull();
            assertThat(fits.payload()).hasSize(6_291_556);
            LambdaFunctions.Result over = functions.invoke("Large", "6291557".getBytes(StandardCharsets.UTF_8));
            assertThat(over.functionError()).isEqualTo("Unhandled");
            assertThat(JSON.readTree(over.payload()).path("errorType").asText()).isEqualTo("Function.ResponseSizeTooLarge");
            assertThat(JSON.readTree(over.payload()).path("errorMessage").asText())
                    .isEqualTo("Response payload size (6291557 bytes) exceeded maximum allowed payload size (6291556 bytes).");
        }
    }

    @Test
    void environmentIsResolvedFromTheTemplate_timeoutIsEnforced_andErrorsHaveLambdasShape(@TempDir Path dir) throws Exception {
        try (LocalFunctions functions = functions(dir, """
                Parameters:
                  Greeting: { Type: String, Default: hello }
                Globals:
                  Function:
                    Timeout: 1
                    Environment:
                      Variables:
                        GREETING: !Sub "${Greeting} from ${AWS::Region}"
                Resources:
                  Things:
                    Type: AWS::DynamoDB::Table
                  Echo:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: awards.local.lambda.LocalFunctionsTest$EchoEnvironment::handleRequest
                      Environment:
                        Variables:
                          TABLE: !Ref Things
                  Slow:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: awards.local.lambda.LocalFunctionsTest$Slow::handleRequest
                """)) {
            LambdaFunctions.Result echo = functions.invoke("arn:aws:lambda:us-east-1:123456789012:function:Echo", "{}".getBytes(StandardCharsets.UTF_8));
            assertThat(JSON.readTree(echo.payload())).isEqualTo(JSON.readTree("""
                    {"table":"Things","greeting":"hello from us-east-1","name":"Echo","remaining":true}"""));
            long start = System.nanoTime();
            LambdaFunctions.Result slow = functions.invoke("Slow", "{}".getBytes(StandardCharsets.UTF_8));
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(4000);
            assertThat(slow.functionError()).isEqualTo("Unhandled");
            assertThat(JSON.readTree(slow.payload()).path("errorMessage").asText()).isEqualTo("Task timed out after 1.00 seconds");
            assertThat(JSON.readTree(slow.payload()).path("errorType").asText()).isEqualTo("Sandbox.Timedout");
        }
    }
}
