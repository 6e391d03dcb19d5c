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
 * How an execution that a runtime error ends reports it, case by case from
 * {@code differential/runtime-causes.json}: AWS names the state and the id of its entered event
 * before the cause ("An error occurred while executing the state 'A' (entered at the event id
 * #2). …"), words each failure its own way, and reports no error or cause for a Fail state that
 * has none. {@code MotoDifferentialIT} checks the same expectations against moto's Step Functions.
 */
class RuntimeCausesTest {
    private final EngineHarness h = new EngineHarness();

    @AfterEach
    void close() {
        h.close();
    }

    static List<JsonNode> cases() throws IOException {
        try (InputStream in = RuntimeCausesTest.class.getResourceAsStream("/differential/runtime-causes.json")) {
            List<JsonNode> out = new ArrayList<>();
            JsonPaths.MAPPER.readTree(in).forEach(out::add);
            return out;
        }
    }

    @TestFactory
    List<DynamicTest> eachCase_endsAsAwsReportsIt() throws IOException {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.path("name").asText(), () -> {
            Execution ex = h.run(c.path("definition").toString(), c.path("input").toString());
            JsonNode expected = c.path("expected");
            assertThat(ex.status().name()).isEqualTo(expected.path("status").asText());
            assertThat(ex.error()).isEqualTo(expected.has("error") ? expected.path("error").asText() : null);
            assertThat(ex.cause()).isEqualTo(expected.has("cause") ? expected.path("cause").asText() : null);
            HistoryEvent failed = ex.history().getLast();
            assertThat(failed.type()).isEqualTo("ExecutionFailed");
            JsonNode details = JsonPaths.MAPPER.readTree(failed.details());
            assertThat(details.has("error")).as("the event has an error exactly when the execution does").isEqualTo(expected.has("error"));
            assertThat(details.has("cause")).isEqualTo(expected.has("cause"));
        })).toList();
    }
}
