package localaws.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;

import localaws.stepfunctions.engine.Execution;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/** A kill -9 loses nothing: executions, their histories, their waits and their task tokens survive a restart. */
class DurabilityIT {

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Process startEngine(Path data, int port) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), StepFunctionsMain.class.getName(),
                "--port", Integer.toString(port), "--data", data.toString(), "--frozen-clock", "2027-04-01T08:00:00Z")
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("engine start line").contains("Step Functions engine ready");
        Thread.ofVirtual().start(() -> out.lines().forEach(l -> { }));
        return p;
    }

    private static SfnClient client(int port) {
        return SfnClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @Test
    void killNine_thenRestart_resumesEveryWaitingExecution(@TempDir Path data) throws Exception {
        int port = freePort();
        Process first = startEngine(data, port);
        List<String> arns = new ArrayList<>();
        String machine;
        try (SfnClient sfn = client(port)) {
            machine = sfn.createStateMachine(b -> b.name("lifecycle").roleArn("arn:aws:iam::123456789012:role/r").definition("""
                    {"StartAt":"Close","States":{"Close":{"Type":"Wait","TimestampPath":"$.closesAt","Next":"Shortlist"},
                     "Shortlist":{"Type":"Wait","TimestampPath":"$.shortlistAt","Next":"Done"},"Done":{"Type":"Pass","Result":"awarded","End":true}}}""")).stateMachineArn();
            for (int i = 0; i < 50; i++) {
                int n = i;
                arns.add(sfn.startExecution(b -> b.stateMachineArn(machine).name("n" + n)
                        .input("{\"closesAt\":\"2027-05-03T16:00:00Z\",\"shortlistAt\":\"2027-07-31T09:00:00Z\"}")).executionArn());
            }
            post(port, "{\"advanceTo\":\"2027-05-03T16:00:00Z\"}");
            awaitHistory(sfn, arns.getLast(), 4);
        }
        first.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no shutdown hook, no flush

        Process second = startEngine(data, port);
        try (SfnClient sfn = client(port)) {
            assertThat(sfn.listExecutions(b -> b.stateMachineArn(machine).maxResults(1000)).executions()).hasSize(50);
            for (String arn : arns) {
                assertThat(sfn.describeExecution(b -> b.executionArn(arn)).status()).isEqualTo(ExecutionStatus.RUNNING);
            }
            // The restarted engine's clock starts again at its flag; moving it to the shortlist wakes the second wait.
            post(port, "{\"advanceTo\":\"2027-07-31T09:00:00Z\"}");
            for (String arn : arns) {
                for (int i = 0; i < 500 && sfn.describeExecution(b -> b.executionArn(arn)).status() == ExecutionStatus.RUNNING; i++) {
                    Thread.sleep(10);
                }
                var d = sfn.describeExecution(b -> b.executionArn(arn));
                assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
                assertThat(d.output()).isEqualTo("\"awarded\"");
                var types = sfn.getExecutionHistory(b -> b.executionArn(arn)).events().stream().map(e -> e.typeAsString()).toList();
                // Nothing done twice: each state entered exactly once across the restart.
                assertThat(types).containsExactly("ExecutionStarted", "WaitStateEntered", "WaitStateExited", "WaitStateEntered",
                        "WaitStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded");
            }
        } finally {
            second.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(Files.size(data.resolve("stepfunctions.journal"))).isPositive();
    }

    private static void awaitHistory(SfnClient sfn, String arn, int events) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            if (sfn.getExecutionHistory(b -> b.executionArn(arn)).events().size() >= events) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("history of " + arn + " never reached " + events + " events");
    }

    private static void post(int port, String body) throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(localaws.Signed.request("POST", "http://127.0.0.1:" + port + "/_local/clock", "states", body)
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void aTaskToken_handedOutBeforeARestart_stillCompletesTheTaskAfterIt(@TempDir Path data) {
        AtomicReference<String> token = new AtomicReference<>();
        Execution before;
        try (EngineHarness h = new EngineHarness(data)) {
            h.functions.put("ask", in -> {
                token.set(in.path("token").asText());
                return EngineHarness.json("{}");
            });
            before = h.settle(h.start(h.create("""
                    {"StartAt":"Judge","States":{"Judge":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                     "Parameters":{"FunctionName":"ask","Payload":{"token.$":"$$.Task.Token"}},"ResultPath":"$.decision","End":true}}}"""), "{\"n\":1}"));
            assertThat(EngineHarness.types(before)).endsWith("TaskSubmitted");
        }
        try (EngineHarness h = new EngineHarness(data)) {
            h.functions.put("ask", in -> {
                throw new AssertionError("the function must not be called again after a restart");
            });
            Execution after = h.engine.execution(before.arn());
            h.engine.sendTaskSuccess(token.get(), "{\"ok\":true}");
            h.settle(after);
            assertThat(after.status()).isEqualTo(Execution.Status.SUCCEEDED);
            assertThat(after.output()).isEqualTo("{\"n\":1,\"decision\":{\"ok\":true}}");
            assertThat(EngineHarness.types(after)).containsExactly("ExecutionStarted", "TaskStateEntered", "TaskScheduled",
                    "TaskStarted", "TaskSubmitted", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded");
        }
    }
}
