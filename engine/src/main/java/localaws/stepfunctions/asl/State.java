package localaws.stepfunctions.asl;

import localaws.stepfunctions.json.JsonPaths;
import localaws.stepfunctions.json.PayloadTemplate;
import localaws.stepfunctions.json.ReferencePath;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** The states of the language, one record per type, as the parser builds them. */
public sealed interface State {
    String name();

    /** The state's input and output processing; a null path with {@code discard} set is the JSON null of ASL. */
    record Io(JsonPaths inputPath, boolean inputDiscard, PayloadTemplate parameters, PayloadTemplate resultSelector,
              ReferencePath resultPath, boolean resultDiscard, JsonPaths outputPath, boolean outputDiscard) {}

    /** Where a state goes next: a state name, or the end of its graph. */
    record Transition(String next, boolean end) {}

    record Pass(String name, Io io, Transition transition, JsonNode result) implements State {}

    enum TaskKind { LAMBDA_INVOKE, LAMBDA_INVOKE_WAIT_FOR_TOKEN, LAMBDA_FUNCTION }

    record Task(String name, Io io, Transition transition, String resource, TaskKind kind,
                List<Retrier> retry, List<Catcher> catchers,
                Integer timeoutSeconds, JsonPaths timeoutSecondsPath,
                Integer heartbeatSeconds, JsonPaths heartbeatSecondsPath) implements State {}

    record Choice(String name, Io io, List<ChoiceRule.Branch> choices, String defaultState) implements State {}

    record Wait(String name, Io io, Transition transition, Long seconds, JsonPaths secondsPath,
                Instant timestamp, JsonPaths timestampPath) implements State {}

    record Succeed(String name, Io io) implements State {}

    record Fail(String name, String error, localaws.stepfunctions.json.PathOrCall errorPath, String cause,
                localaws.stepfunctions.json.PathOrCall causePath) implements State {}

    record Parallel(String name, Io io, Transition transition, List<Graph> branches,
                    List<Retrier> retry, List<Catcher> catchers) implements State {}

    record MapState(String name, Io io, Transition transition, JsonPaths itemsPath, PayloadTemplate itemSelector,
                    Graph processor, Integer maxConcurrency, JsonPaths maxConcurrencyPath,
                    Double toleratedFailurePercentage, JsonPaths toleratedFailurePercentagePath,
                    Integer toleratedFailureCount, JsonPaths toleratedFailureCountPath,
                    List<Retrier> retry, List<Catcher> catchers) implements State {}
}
