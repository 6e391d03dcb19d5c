package awards.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 the runtime, start it again on the same data folder: nothing is lost. */
class RuntimeRestartIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Ports(int api, int lambda, int dynamo, int sfn, int ses, int console) {
        static Ports free() throws Exception {
            int[] p = new int[6];
            List<ServerSocket> held = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                ServerSocket s = new ServerSocket(0);
                held.add(s);
                p[i] = s.getLocalPort();
            }
            for (ServerSocket s : held) {
                s.close();
            }
            return new Ports(p[0], p[1], p[2], p[3], p[4], p[5]);
        }
    }

    /** The "ready in … (…)" line of the latest start: what the start's time went on. */
    static volatile String lastReady;

    static Process start(Path data, Ports ports, String... extra) throws Exception {
        // The run command itself, as a user starts it (it runs java directly on a built tree).
        List<String> command = new ArrayList<>(List.of(Path.of("..", "awards-local").toAbsolutePath().normalize().toString(),
                "--data", data.toAbsolutePath().toString(), "--region", "us-east-1",
                "--api-port", "" + ports.api, "--lambda-port", "" + ports.lambda, "--dynamodb-port", "" + ports.dynamo,
                "--sfn-port", "" + ports.sfn, "--ses-port", "" + ports.ses, "--console-port", "" + ports.console));
        command.addAll(List.of(extra));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // What this build made, even if a source file changed while the tests run.
        builder.environment().put("AWARDS_LOCAL_NO_BUILD", "1");
        Process p = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            seen.append(line).append('\n');
            if (line.startsWith("ready in")) {
                lastReady = line;
                // The runtime's output, kept beside its data for when a test fails.
                Path log = data.resolve("runtime.log");
                Thread.ofVirtual().start(() -> {
                    try {
                        out.lines().forEach(l -> {
                            try {
                                Files.writeString(log, l + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                            } catch (IOException e) {
                                // the folder went away with its test
                            }
                        });
                    } catch (java.io.UncheckedIOException killed) {
                        // the process was killed (the soak's SIGKILL): its output ends here
                    }
                });
                return p;
            }
        }
        throw new AssertionError("the runtime did not start:\n" + seen);
    }

    static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void afterKillNine_everyNominationExecutionAndEmailIsStillThere(@TempDir Path data) throws Exception {
        Ports ports = Ports.free();
        Process first = start(data, ports, "--demo");
        String api = "http://127.0.0.1:" + ports.api;
        JsonNode listed = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(api + "/admin/nominations?cycleId=dia-2027"))
                .header("Authorization", "Bearer " + java.nio.file.Files.readString(data.resolve("admin-token"))).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(listed.path("items")).hasSize(2);
        HttpRequest email = localaws.Signed.request("POST", "http://127.0.0.1:" + ports.ses + "/v2/email/outbound-emails", "ses", """
                        {"FromEmailAddress":"awards@example.gov.uk","Destination":{"ToAddresses":["judge@example.gov.uk"]},
                         "Content":{"Simple":{"Subject":{"Data":"Please judge"},"Body":{"Text":{"Data":"https://awards.example/j/1"}}}}}""").build();
        assertThat(HTTP.send(email, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        String clockBefore = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.console + "/api/clock"))
                .header("Authorization", "Bearer " + Files.readString(data.resolve("admin-token")).trim()).build(), HttpResponse.BodyHandlers.ofString()).body()).path("now").asText();

        first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        Process second = start(data, ports, "--demo");
        try {
            JsonNode again = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(api + "/admin/nominations?cycleId=dia-2027"))
                    .header("Authorization", "Bearer " + java.nio.file.Files.readString(data.resolve("admin-token"))).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertThat(again.path("items")).as("--demo again adds nothing").hasSize(2);
            JsonNode executions = JSON.readTree(HTTP.send(localaws.Signed.request("POST", "http://127.0.0.1:" + ports.sfn + "/", "states",
                            "{\"stateMachineArn\":\"arn:aws:states:us-east-1:123456789012:stateMachine:nomination-local\"}")
                    .header("X-Amz-Target", "AWSStepFunctions.ListExecutions").header("Content-Type", "application/x-amz-json-1.0")
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(executions.path("executions")).hasSize(2);
            executions.path("executions").forEach(e -> assertThat(e.path("status").asText()).isEqualTo("RUNNING"));
            JsonNode outbox = JSON.readTree(HTTP.send(localaws.Signed.get("http://127.0.0.1:" + ports.ses + "/_local/outbox", "ses"), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(outbox.path("messages").findValuesAsText("subject")).contains("Please judge");
            String clockAfter = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.console + "/api/clock"))
                .header("Authorization", "Bearer " + Files.readString(data.resolve("admin-token")).trim()).build(), HttpResponse.BodyHandlers.ofString()).body()).path("now").asText();
            assertThat(java.time.Instant.parse(clockAfter)).isAfterOrEqualTo(java.time.Instant.parse(clockBefore).minusSeconds(2));
        } finally {
            second.destroy();
            second.waitFor(20, TimeUnit.SECONDS);
        }
    }
}
