package localaws.stepfunctions.engine;

import localaws.stepfunctions.errors.StatesError;

import localaws.stepfunctions.json.JsonPaths;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * AWS Step Functions Local's mocked service integrations, in its own file format, so its users can
 * keep their mock files: test cases name a mocked response per state, and each response lists what
 * the n-th call of that state returns ({@code "0"}, {@code "1-2"}...) or throws.
 */
public final class MockConfig {
    public sealed interface Response {}

    public record Return(JsonNode value) implements Response {}

    public record Throw(String error, String cause) implements Response {}

    private final JsonNode root;

    private MockConfig(JsonNode root) {
        this.root = root;
    }

    public static MockConfig empty() {
        return new MockConfig(JsonPaths.MAPPER.createObjectNode());
    }

    public static MockConfig read(Path file) {
        try {
            JsonNode root = JsonPaths.MAPPER.readTree(Files.readString(file));
            if (root == null || !root.path("StateMachines").isObject() || !root.path("MockedResponses").isObject()) {
                throw new IllegalArgumentException("mock config " + file + " needs StateMachines and MockedResponses objects");
            }
            return new MockConfig(root);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read mock config " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether some test case of the state machine gives {@code state} a mocked response. */
    public boolean mocksState(String stateMachineName, String state) {
        for (JsonNode testCase : root.path("StateMachines").path(stateMachineName).path("TestCases")) {
            if (testCase.path(state).isTextual()) {
                return true;
            }
        }
        return false;
    }

    public boolean hasTestCase(String stateMachineName, String testCase) {
        return root.path("StateMachines").path(stateMachineName).path("TestCases").has(testCase);
    }

    /** The mocked response to call number {@code invocation} (from 0) of a state, if the test case mocks it. */
    public Optional<Response> response(String stateMachineName, String testCase, String state, int invocation) {
        JsonNode responseName = root.path("StateMachines").path(stateMachineName).path("TestCases").path(testCase).path(state);
        if (!responseName.isTextual()) {
            return Optional.empty();
        }
        JsonNode responses = root.path("MockedResponses").path(responseName.asText());
        for (var e : responses.properties()) {
            String[] range = e.getKey().split("-");
            int from = Integer.parseInt(range[0].trim());
            int to = range.length > 1 ? Integer.parseInt(range[1].trim()) : from;
            if (invocation >= from && invocation <= to) {
                JsonNode r = e.getValue();
                if (r.has("Throw")) {
                    return Optional.of(new Throw(r.get("Throw").path("Error").asText(""), r.get("Throw").path("Cause").asText("")));
                }
                return Optional.of(new Return(r.path("Return")));
            }
        }
        throw new StatesError(StatesError.RUNTIME, "mock response " + responseName.asText() + " has no entry for call " + invocation
                + " of state " + state);
    }
}
