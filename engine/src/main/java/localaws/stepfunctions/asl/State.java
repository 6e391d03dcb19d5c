package localaws.stepfunctions.asl;

import localaws.stepfunctions.json.JsonPaths;
import localaws.stepfunctions.json.Template;
import localaws.stepfunctions.json.ReferencePath;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** The states of the language, one record per type, as the parser builds them. */
public sealed interface State {
    String name();

    /**
     * The state's input and output processing; a null path with {@code discard} set is the JSON null
     * of ASL. {@code assign} is the state's {@code Assign} (or null): the variables it sets as it leaves.
     * A JSONata state has no paths: {@code parameters} is its {@code Arguments} and {@code output} its
     * {@code Output} (null in a JSONPath state), each evaluated with {@code $states}.
     */
    record Io(JsonPaths inputPath, boolean inputDiscard, Template parameters, Template resultSelector,
              ReferencePath resultPath, boolean resultDiscard, JsonPaths outputPath, boolean outputDiscard, Template assign,
              Template output) {}

    /** Where a state goes next: a state name, or the end of its graph. */
    record Transition(String next, boolean end) {}

    record Pass(String name, Io io, Transition transition, JsonNode result) implements State {}

    /**
     * What a Task calls. SQS and SNS are never called: their tasks run only on the mocked responses
     * of a mock config (as in AWS Step Functions Local), and a definition whose SQS or SNS task no
     * test case mocks is refused.
     */
    enum TaskKind {
        LAMBDA_INVOKE("lambda", "invoke", false),
        LAMBDA_INVOKE_WAIT_FOR_TOKEN("lambda", "invoke.waitForTaskToken", true),
        LAMBDA_FUNCTION("lambda", null, false),
        SQS_SEND_MESSAGE("sqs", "sendMessage", false),
        SQS_SEND_MESSAGE_WAIT_FOR_TOKEN("sqs", "sendMessage.waitForTaskToken", true),
        SNS_PUBLISH("sns", "publish", false),
        SNS_PUBLISH_WAIT_FOR_TOKEN("sns", "publish.waitForTaskToken", true);

        private final String resourceType;
        private final String resource;
        private final boolean waitsForToken;

        TaskKind(String resourceType, String resource, boolean waitsForToken) {
            this.resourceType = resourceType;
            this.resource = resource;
            this.waitsForToken = waitsForToken;
        }

        /** The history's resourceType ("lambda", "sqs", "sns"). */
        public String resourceType() {
            return resourceType;
        }

        /** The history's resource for a service integration ("invoke", "sendMessage.waitForTaskToken"); null for a function ARN. */
        public String resource() {
            return resource;
        }

        public boolean waitsForToken() {
            return waitsForToken;
        }

        /** Only a mocked response answers it: this engine calls no SQS or SNS. */
        public boolean mockedOnly() {
            return !resourceType.equals("lambda");
        }

        /** The kind of an optimised integration's resource ARN, if it is one this engine knows. */
        public static java.util.Optional<TaskKind> ofIntegration(String arn) {
            for (TaskKind k : values()) {
                if (k.resource != null && arn.equals("arn:aws:states:::" + k.resourceType + ":" + k.resource)) {
                    return java.util.Optional.of(k);
                }
            }
            return java.util.Optional.empty();
        }
    }

    record Task(String name, Io io, Transition transition, String resource, TaskKind kind,
                List<Retrier> retry, List<Catcher> catchers,
                Integer timeoutSeconds, JsonPaths timeoutSecondsPath,
                Integer heartbeatSeconds, JsonPaths heartbeatSecondsPath,
                Template timeoutSecondsExpression, Template heartbeatSecondsExpression) implements State {}

    record Choice(String name, Io io, List<ChoiceRule.Branch> choices, String defaultState) implements State {}

    record Wait(String name, Io io, Transition transition, Long seconds, JsonPaths secondsPath,
                Instant timestamp, JsonPaths timestampPath, Template secondsExpression, Template timestampExpression) implements State {}

    record Succeed(String name, Io io) implements State {}

    record Fail(String name, String error, localaws.stepfunctions.json.PathOrCall errorPath, String cause,
                localaws.stepfunctions.json.PathOrCall causePath, Template errorExpression, Template causeExpression) implements State {}

    record Parallel(String name, Io io, Transition transition, List<Graph> branches,
                    List<Retrier> retry, List<Catcher> catchers) implements State {}

    record MapState(String name, Io io, Transition transition, JsonPaths itemsPath, Template itemSelector,
                    Graph processor, Integer maxConcurrency, JsonPaths maxConcurrencyPath,
                    Double toleratedFailurePercentage, JsonPaths toleratedFailurePercentagePath,
                    Integer toleratedFailureCount, JsonPaths toleratedFailureCountPath,
                    List<Retrier> retry, List<Catcher> catchers, Template items, Template maxConcurrencyExpression) implements State {}
}
