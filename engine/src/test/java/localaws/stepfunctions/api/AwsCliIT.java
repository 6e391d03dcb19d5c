package localaws.stepfunctions.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import localaws.stepfunctions.EngineHarness;
import localaws.stepfunctions.json.JsonPaths;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine through the AWS CLI v2 (Debian's {@code awscli}, installed by {@code .ci/run}), as a user
 * would drive it with {@code --endpoint-url}. Skipped, saying why, where the CLI is not installed.
 */
class AwsCliIT {
    private static final Path CLI = Path.of("/usr/bin/aws");
    private EngineHarness h;
    private StepFunctionsServer server;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Files.isExecutable(CLI), "AWS CLI v2 not installed at /usr/bin/aws (apt-get install awscli)");
        h = new EngineHarness();
        server = new StepFunctionsServer(h.engine, 0);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
            h.close();
        }
    }

    private JsonNode aws(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(CLI.toString(), "stepfunctions"));
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint-url", server.endpoint(), "--region", "us-east-1", "--output", "json"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("AWS_ACCESS_KEY_ID", "local");
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "local");
        pb.environment().put("AWS_PAGER", "");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.isBlank() ? JsonPaths.MAPPER.createObjectNode() : JsonPaths.MAPPER.readTree(out);
    }

    @Test
    void createStartDescribeAndHistory_workFromTheCli() throws Exception {
        String arn = aws("create-state-machine", "--name", "cli", "--role-arn", "arn:aws:iam::123456789012:role/r",
                "--definition", "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Result\":{\"ok\":true},\"End\":true}}}")
                .path("stateMachineArn").asText();
        String execution = aws("start-execution", "--state-machine-arn", arn, "--name", "first", "--input", "{\"a\":1}")
                .path("executionArn").asText();
        h.settle(h.engine.execution(execution));
        JsonNode described = aws("describe-execution", "--execution-arn", execution);
        assertThat(described.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(described.path("output").asText()).isEqualTo("{\"ok\":true}");
        JsonNode history = aws("get-execution-history", "--execution-arn", execution);
        assertThat(history.path("events")).hasSize(4);
        assertThat(aws("list-executions", "--state-machine-arn", arn).path("executions").get(0).path("name").asText()).isEqualTo("first");
    }
}
