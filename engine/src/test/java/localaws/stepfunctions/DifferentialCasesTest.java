package localaws.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import localaws.stepfunctions.engine.Execution;
import localaws.stepfunctions.engine.HistoryEvent;
import localaws.stepfunctions.json.JsonPaths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * How executions end, case by case from {@code differential/cases.json}: their status, error,
 * cause and output as AWS reports them. A runtime error names the state and the id of its entered
 * event before the cause ("An error occurred while executing the state 'A' (entered at the event
 * id #2). …") and words each failure its own way; a Fail state without Error or Cause reports
 * neither; intrinsic functions and indefinite paths give what AWS gives. {@code MotoDifferentialIT} checks the same expectations against moto's Step Functions.
 */
class DifferentialCasesTest {
    private final EngineHarness h = new EngineHarness();

    @AfterEach
    void close() {
        h.close();
    }

    static List<JsonNode> cases() throws IOException {
        try (InputStream in = DifferentialCasesTest.class.getResourceAsStream("/differential/cases.json")) {
            List<JsonNode> out = new ArrayList<>();
            JsonPaths.MAPPER.readTree(in).forEach(out::add);
            return out;
        }
    }

    @TestFactory
    List<DynamicTest> eachCase_endsAsAwsEndsIt() throws IOException {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.path("name").asText(), () -> {
            Execution ex = h.run(c.path("definition").toString(), c.path("input").toString());
            JsonNode expected = c.path("expected");
            assertThat(ex.status().name()).isEqualTo(expected.path("status").asText());
            assertThat(ex.error()).isEqualTo(expected.has("error") ? expected.path("error").asText() : null);
            assertThat(ex.cause()).isEqualTo(expected.has("cause") ? expected.path("cause").asText() : null);
            if (expected.has("output")) {
                assertThat(JsonPaths.MAPPER.readTree(ex.output())).isEqualTo(expected.path("output"));
                return;
            }
            // The status changes a moment before the final event is written: wait for it.
            for (int i = 0; i < 200 && !ex.history().getLast().type().startsWith("Execution"); i++) {
                Thread.sleep(10);
            }
            HistoryEvent failed = ex.history().getLast();
            assertThat(failed.type()).isEqualTo("ExecutionFailed");
            JsonNode details = JsonPaths.MAPPER.readTree(failed.details());
            assertThat(details.has("error")).as("the event has an error exactly when the execution does").isEqualTo(expected.has("error"));
            assertThat(details.has("cause")).isEqualTo(expected.has("cause"));
        })).toList();
    }
}
