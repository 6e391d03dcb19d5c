package localaws.stepfunctions.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import localaws.LambdaFunctions;
import localaws.stepfunctions.asl.Catcher;
import localaws.stepfunctions.asl.DefinitionParser;
import localaws.stepfunctions.asl.InvalidDefinitionException;
import localaws.stepfunctions.asl.State;
import localaws.stepfunctions.errors.StatesError;
import localaws.stepfunctions.json.JsonPaths;
import localaws.stepfunctions.json.Roots;

/**
 * {@code TestState} (https://docs.aws.amazon.com/step-functions/latest/apireference/API_TestState.html):
 * one state run once on an input, without a state machine or an execution. A Task calls its
 * function once and never retries: an error a retrier matches is {@code RETRIABLE}, one a catcher
 * matches {@code CAUGHT_ERROR} (with the catcher's output and next state), any other {@code FAILED}.
 * A Wait does not wait. With {@code inspectionLevel} DEBUG (or TRACE) the answer shows the value
 * after each step of the input and output processing. Pass, Task (Lambda), Choice, Wait, Succeed
 * and Fail states; a Parallel or Map is refused, as a task this engine only mocks is.
 */
public final class StateTester {
    private static final String NAME = "TestState";

    private StateTester() {}

    public enum Status { SUCCEEDED, FAILED, RETRIABLE, CAUGHT_ERROR }

    /** What the state did: its status, output or error, the next state, and (at DEBUG) each step's value. */
    public record Outcome(Status status, JsonNode output, String error, String cause, String nextState, ObjectNode inspection) {}

    /**
     * What TestState is asked. {@code definition} is one state, or (with {@code stateName}) a whole
     * state machine and the state in it to test; {@code variables} the JSON object of the variables
     * the state sees; {@code context} a JSON object of context object fields over the test's own;
     * {@code mock} ({@code {"result": "<json>"}} or {@code {"errorOutput": {"error", "cause"}}}) stands
     * in for a Task's call or a Parallel's or Map's run; {@code retrierRetryCount} (of
     * {@code stateConfiguration}) is how many retries were made before. Null fields are not given.
     */
    public record Request(String definition, String input, String variables, String inspectionLevel, String stateName,
                          JsonNode mock, String context, Integer retrierRetryCount) {
        public static Request of(String definition, String input, String inspectionLevel) {
            return new Request(definition, input, null, inspectionLevel, null, null, null, null);
        }
    }

    public static Outcome test(Engine engine, String stateDefinition, String input, String inspectionLevel) {
        return test(engine, Request.of(stateDefinition, input, inspectionLevel));
    }

    public static Outcome test(Engine engine, Request request) {
        String input = request.input();
        String variables = request.variables();
        String inspectionLevel = request.inspectionLevel();
        State state = request.stateName() != null ? stateIn(request.definition(), request.stateName()) : parse(request.definition());
        Mock mock = Mock.of(request.mock(), state);
        JsonNode contextFields = object(request.context(), "context");
        JsonNode raw;
        try {
            raw = input == null ? JsonPaths.MAPPER.createObjectNode() : JsonPaths.MAPPER.readTree(input);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new EngineException("InvalidExecutionInput", "Invalid State Machine Execution Input: '" + e.getOriginalMessage() + "'");
        }
        if (raw == null) {
            throw new EngineException("InvalidExecutionInput", "Invalid State Machine Execution Input: 'no input'");
        }
        boolean debug = "DEBUG".equals(inspectionLevel) || "TRACE".equals(inspectionLevel);
        ObjectNode inspection = JsonPaths.MAPPER.createObjectNode();
        inspection.put("input", raw.toString());
        java.util.Map<String, JsonNode> vars = new java.util.LinkedHashMap<>();
        if (variables != null) {
            JsonNode given;
            try {
                given = JsonPaths.MAPPER.readTree(variables);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new EngineException("ValidationException", "The variables are not valid JSON: " + e.getOriginalMessage());
            }
            if (given == null || !given.isObject()) {
                throw new EngineException("ValidationException", "The variables must be a JSON object of variable names and values");
            }
            given.properties().forEach(v -> vars.put(v.getKey(), v.getValue()));
        }
        String name = request.stateName() != null ? request.stateName() : NAME;
        Roots ctx = Roots.of(() -> context(engine, raw, name, contextFields), vars::get, () -> vars).withStates(raw, null, null);
        int retries = request.retrierRetryCount() == null ? 0 : request.retrierRetryCount();
        try {
            Outcome outcome = run(engine, state, raw, ctx, inspection, vars, mock);
            return debug ? outcome : withoutInspection(outcome);
        } catch (StatesError e) {
            Outcome failed = failed(state, raw, e, inspection, retries);
            return debug ? failed : withoutInspection(failed);
        }
    }

    /** A mocked result or error for a Task, Parallel or Map (TestState's {@code mock}). */
    private record Mock(JsonNode result, StatesError error) {
        static Mock of(JsonNode mock, State state) {
            if (mock == null || mock.isNull()) {
                return null;
            }
            if (!(state instanceof State.Task || state instanceof State.Parallel || state instanceof State.MapState)) {
                throw new EngineException("ValidationException", "A mock is only for a Task, Parallel or Map state");
            }
            boolean hasResult = mock.hasNonNull("result");
            boolean hasError = mock.hasNonNull("errorOutput");
            if (hasResult == hasError) {
                throw new EngineException("ValidationException", "A mock has either a result or an errorOutput");
            }
            if (hasError) {
                JsonNode e = mock.get("errorOutput");
                return new Mock(null, StatesError.taskFailure(e.path("error").asText(""), e.path("cause").asText("")));
            }
            try {
                return new Mock(JsonPaths.MAPPER.readTree(mock.get("result").asText()), null);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new EngineException("ValidationException", "The mock's result is not JSON: " + e.getOriginalMessage());
            }
        }

        JsonNode answer() {
            if (error != null) {
                throw error;
            }
            return result.deepCopy();
        }
    }

    /** A JSON object given as text (or null). */
    private static JsonNode object(String text, String field) {
        if (text == null) {
            return null;
        }
        try {
            JsonNode v = JsonPaths.MAPPER.readTree(text);
            if (v == null || !v.isObject()) {
                throw new EngineException("ValidationException", "The " + field + " must be a JSON object");
            }
            return v;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new EngineException("ValidationException", "The " + field + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** The state named {@code name} anywhere in a whole state machine's definition (a branch's or a Map's states included). */
    private static State stateIn(String definition, String name) {
        localaws.stepfunctions.asl.StateMachineDefinition machine;
        try {
            machine = DefinitionParser.parse(definition);
        } catch (InvalidDefinitionException e) {
            throw new EngineException("InvalidDefinition", e.getMessage());
        }
        State found = find(machine.graph(), name);
        if (found == null) {
            throw new EngineException("ValidationException", "The state '" + name + "' is not in the definition");
        }
        return found;
    }

    private static State find(localaws.stepfunctions.asl.Graph graph, String name) {
        State s = graph.states().get(name);
        if (s != null) {
            return s;
        }
        for (State inner : graph.states().values()) {
            java.util.List<localaws.stepfunctions.asl.Graph> nested = switch (inner) {
                case State.Parallel p -> p.branches();
                case State.MapState m -> java.util.List.of(m.processor());
                default -> java.util.List.of();
            };
            for (var g : nested) {
                State f = find(g, name);
                if (f != null) {
                    return f;
                }
            }
        }
        return null;
    }

    private static Outcome withoutInspection(Outcome o) {
        return new Outcome(o.status(), o.output(), o.error(), o.cause(), o.nextState(), null);
    }

    private static Outcome run(Engine engine, State state, JsonNode raw, Roots ctx, ObjectNode inspection, java.util.Map<String, JsonNode> vars,
                               Mock mock) {
        switch (state) {
            case State.Pass p -> {
                JsonNode eff = inputSteps(p.io(), raw, ctx, inspection);
                JsonNode result = p.result() != null ? p.result().deepCopy() : eff;
                return succeeded(p.io(), raw, result, false, ctx, inspection, p.transition().next(), vars);
            }
            case State.Task t -> {
                if (mock != null) {
                    inputSteps(t.io(), raw, ctx, inspection);
                    return succeeded(t.io(), raw, mock.answer(), true, ctx, inspection, t.transition().next(), vars);
                }
                if (t.kind().waitsForToken() || t.kind().mockedOnly()) {
                    throw refused("a " + t.resource() + " task without a mock");
                }
                JsonNode eff = inputSteps(t.io(), raw, ctx, inspection);
                String function = t.kind() == State.TaskKind.LAMBDA_FUNCTION ? t.resource() : eff.path("FunctionName").asText(null);
                if (function == null) {
                    throw StatesError.runtime("The lambda:invoke task '" + NAME + "' needs a FunctionName string in its Parameters");
                }
                JsonNode payload = t.kind() == State.TaskKind.LAMBDA_FUNCTION ? eff
                        : eff.has("Payload") ? eff.get("Payload") : JsonPaths.MAPPER.createObjectNode();
                LambdaFunctions.Result answer;
                try {
                    answer = engine.functions().invoke(function, payload.toString().getBytes(StandardCharsets.UTF_8));
                } catch (StatesError e) {
                    throw StatesError.taskFailure(e.error(), e.cause());
                } catch (RuntimeException e) {
                    throw StatesError.taskFailure("Lambda.ServiceException", String.valueOf(e.getMessage()));
                }
                JsonNode result;
                try {
                    result = TaskRun.resultOf(t.kind(), answer);
                } catch (StatesError e) {
                    throw StatesError.taskFailure(e.error(), e.cause());
                }
                if (Interpreter.overLimit(result.toString())) {
                    throw StatesError.taskFailure(StatesError.DATA_LIMIT, "The state/task '" + (t.kind() == State.TaskKind.LAMBDA_FUNCTION
                            ? t.resource() : t.kind().resourceType()) + "' returned a result with a size exceeding the maximum number of bytes service limit.");
                }
                return succeeded(t.io(), raw, result, true, ctx, inspection, t.transition().next(), vars);
            }
            case State.Choice c -> {
                JsonNode eff = StateIo.afterInputPath(c.io(), raw, ctx);
                inspection.put("afterInputPath", eff.toString());
                var branch = ChoiceRun.chosen(c, eff, ctx);
                String next = branch.next();
                JsonNode out = branch.output() != null ? branch.output().apply(eff, ctx) : output(c.io(), eff, ctx);
                assign(branch.assign(), eff, ctx, vars, inspection);
                return new Outcome(Status.SUCCEEDED, out, null, null, next, inspection);
            }
            case State.Wait w -> {
                JsonNode eff = StateIo.afterInputPath(w.io(), raw, ctx);
                inspection.put("afterInputPath", eff.toString());
                JsonNode out = output(w.io(), eff, ctx);
                assign(w.io().assign(), eff, ctx, vars, inspection);
                return new Outcome(Status.SUCCEEDED, out, null, null, w.transition().next(), inspection);
            }
            case State.Succeed s -> {
                JsonNode eff = StateIo.afterInputPath(s.io(), raw, ctx);
                inspection.put("afterInputPath", eff.toString());
                return new Outcome(Status.SUCCEEDED, output(s.io(), eff, ctx), null, null, null, inspection);
            }
            case State.Fail f -> throw FailRun.failure(f, raw, ctx);
            case State.Parallel p -> {
                if (mock == null) {
                    throw refused("a Parallel state without a mock of its result");
                }
                inputSteps(p.io(), raw, ctx, inspection);
                return succeeded(p.io(), raw, mock.answer(), true, ctx, inspection, p.transition().next(), vars);
            }
            case State.MapState m -> {
                if (mock == null) {
                    throw refused("a Map state without a mock of its result");
                }
                JsonNode eff = StateIo.afterInputPath(m.io(), raw, ctx);
                inspection.put("afterInputPath", eff.toString());
                JsonNode items = m.items() != null ? m.items().apply(eff, ctx) : m.itemsPath() != null ? m.itemsPath().read(eff, ctx) : eff;
                if (!items.isArray()) {
                    throw StatesError.runtime("Items of Map state '" + m.name() + "' must be a JSON array, not " + items);
                }
                inspection.put("afterItemsPath", items.toString());
                if (m.itemSelector() != null) {
                    com.fasterxml.jackson.databind.node.ArrayNode selected = JsonPaths.MAPPER.createArrayNode();
                    for (int i = 0; i < items.size(); i++) {
                        ObjectNode item = JsonPaths.MAPPER.createObjectNode().put("Index", i);
                        item.set("Value", items.get(i));
                        JsonNode context = ctx.context().deepCopy();
                        ((ObjectNode) context).putObject("Map").set("Item", item);
                        selected.add(m.itemSelector().apply(eff, Roots.of(() -> context, ctx::variable, ctx::variables).withStates(raw, null, null)));
                    }
                    inspection.put("afterItemSelector", selected.toString());
                }
                if (m.maxConcurrency() != null) {
                    inspection.put("maxConcurrency", m.maxConcurrency());
                }
                if (m.toleratedFailureCount() != null) {
                    inspection.put("toleratedFailureCount", m.toleratedFailureCount());
                }
                if (m.toleratedFailurePercentage() != null) {
                    inspection.put("toleratedFailurePercentage", m.toleratedFailurePercentage());
                }
                return succeeded(m.io(), raw, mock.answer(), true, ctx, inspection, m.transition().next(), vars);
            }
        }
    }

    /** OutputPath, or a JSONata state's Output. */
    private static JsonNode output(State.Io io, JsonNode value, Roots ctx) {
        return io.output() != null ? io.output().apply(value, ctx) : StateIo.afterOutputPath(io, value, ctx);
    }

    /** Assigns what {@code assign} (or null) evaluates to over {@code value}; the inspection shows the variables after it. */
    private static void assign(localaws.stepfunctions.json.Template assign, JsonNode value, Roots ctx, java.util.Map<String, JsonNode> vars,
                               ObjectNode inspection) {
        if (assign == null) {
            return;
        }
        vars.putAll(Variables.of(assign.apply(value, ctx)));
        inspection.put("variables", JsonPaths.MAPPER.valueToTree(vars).toString());
    }

    /** InputPath, then Parameters: each value kept for the inspection. */
    private static JsonNode inputSteps(State.Io io, JsonNode raw, Roots ctx, ObjectNode inspection) {
        JsonNode eff = StateIo.afterInputPath(io, raw, ctx);
        inspection.put("afterInputPath", eff.toString());
        if (io.parameters() != null) {
            eff = io.parameters().apply(eff, ctx);
            inspection.put("afterParameters", eff.toString());
        }
        return eff;
    }

    private static Outcome succeeded(State.Io io, JsonNode raw, JsonNode result, boolean task, Roots ctx, ObjectNode inspection,
                                     String next, java.util.Map<String, JsonNode> vars) {
        if (task) {
            inspection.put("result", result.toString());
        }
        JsonNode selected = result;
        if (io.resultSelector() != null) {
            selected = io.resultSelector().apply(result, ctx);
            inspection.put("afterResultSelector", selected.toString());
        }
        JsonNode output;
        Roots withResult = ctx.withStates(raw, result, null);
        if (io.output() != null) {
            output = io.output().apply(selected, withResult);
        } else {
            JsonNode combined = StateIo.afterResultPath(io, raw, selected);
            inspection.put("afterResultPath", combined.toString());
            output = StateIo.afterOutputPath(io, combined, ctx);
        }
        assign(io.assign(), selected, withResult, vars, inspection);
        if (Interpreter.overLimit(output.toString())) {
            throw new StatesError(StatesError.DATA_LIMIT, "The state/task '" + NAME + "' returned a result with a size exceeding the maximum number of bytes service limit.");
        }
        return new Outcome(Status.SUCCEEDED, output, null, null, next, inspection);
    }

    /**
     * A failure: a retrier's (RETRIABLE, while it has attempts left after {@code retries} retries
     * made), a catcher's (CAUGHT_ERROR, on to its next state), or the state's (FAILED). The
     * inspection's {@code errorDetails} says which retrier or catcher, and the retry's delay.
     */
    private static Outcome failed(State state, JsonNode raw, StatesError error, ObjectNode inspection, int retries) {
        int r = error.isTerminal() ? -1 : Interpreter.retrierFor(state, error);
        if (r >= 0) {
            var retrier = Interpreter.retriers(state).get(r);
            if (retries < retrier.maxAttempts()) {
                inspection.putObject("errorDetails").put("retryIndex", r).put("retryBackoffIntervalSeconds", (int) Math.round(retrier.delaySeconds(retries)));
                return new Outcome(Status.RETRIABLE, null, error.error(), error.cause(), null, inspection);
            }
        }
        java.util.List<Catcher> catchers = Interpreter.catchers(state);
        for (int i = 0; i < catchers.size(); i++) {
            Catcher c = catchers.get(i);
            if (c.matches(error)) {
                ObjectNode err = JsonPaths.MAPPER.createObjectNode().put("Error", error.error()).put("Cause", error.cause());
                JsonNode out = c.discardResult() ? raw : c.resultPath() == null ? err : c.resultPath().put(raw, err);
                inspection.putObject("errorDetails").put("catchIndex", i);
                return new Outcome(Status.CAUGHT_ERROR, out, error.error(), error.cause(), c.next(), inspection);
            }
        }
        return new Outcome(Status.FAILED, null, error.error().isEmpty() ? null : error.error(),
                error.cause().isEmpty() ? null : error.cause(), null, inspection);
    }

    /**
     * The state, parsed as the only state of a machine: each state it names as next (Next, Default,
     * a choice's or a catcher's Next) stands in as an empty Succeed, so the parser's checks apply
     * and only the state's own problems are reported.
     */
    private static State parse(String definition) {
        if (definition == null || definition.isBlank()) {
            throw new EngineException("InvalidDefinition", "Invalid State Machine Definition: 'MISSING_DESCRIPTION: a state definition is required'");
        }
        JsonNode node;
        try {
            node = JsonPaths.MAPPER.readTree(definition);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new EngineException("InvalidDefinition", "Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: " + e.getOriginalMessage() + "'");
        }
        if (node == null || !node.isObject()) {
            throw new EngineException("InvalidDefinition", "Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: a state is a JSON object'");
        }
        Set<String> targets = new LinkedHashSet<>();
        if (node.path("Next").isTextual()) {
            targets.add(node.get("Next").asText());
        }
        if (node.path("Default").isTextual()) {
            targets.add(node.get("Default").asText());
        }
        node.path("Choices").forEach(c -> targets.add(c.path("Next").asText()));
        node.path("Catch").forEach(c -> targets.add(c.path("Next").asText()));
        targets.remove(NAME);
        ObjectNode machine = JsonPaths.MAPPER.createObjectNode().put("StartAt", NAME);
        ObjectNode states = machine.putObject("States");
        states.set(NAME, node);
        targets.forEach(t -> states.putObject(t).put("Type", "Succeed"));
        try {
            return DefinitionParser.parse(machine.toString()).graph().state(NAME);
        } catch (InvalidDefinitionException e) {
            throw new EngineException("InvalidDefinition", e.getMessage());
        }
    }

    private static EngineException refused(String what) {
        return new EngineException("ValidationException", "TestState here runs Pass, Task, Choice, Wait, Succeed and Fail states, and a Parallel"
                + " or Map (or a task it only mocks) on a mock of its result, not " + what);
    }

    /** The context object the state sees: a test execution of its own, started now, with {@code fields} (or null) over it. */
    private static JsonNode context(Engine engine, JsonNode input, String stateName, JsonNode fields) {
        ObjectNode ctx = (ObjectNode) context(engine, input);
        ((ObjectNode) ctx.get("State")).put("Name", stateName);
        if (fields != null) {
            fields.properties().forEach(e -> {
                JsonNode mine = ctx.get(e.getKey());
                if (mine instanceof ObjectNode o && e.getValue().isObject()) {
                    o.setAll((ObjectNode) e.getValue());
                } else {
                    ctx.set(e.getKey(), e.getValue());
                }
            });
        }
        return ctx;
    }

    /** The context object the state sees: a test execution of its own, started now. */
    private static JsonNode context(Engine engine, JsonNode input) {
        ObjectNode ctx = JsonPaths.MAPPER.createObjectNode();
        String now = Instant.ofEpochMilli(engine.clock().millis()).toString();
        String name = "test-" + UUID.randomUUID();
        ObjectNode ex = ctx.putObject("Execution");
        ex.put("Id", "arn:aws:states:" + engine.region() + ":" + engine.account() + ":execution:TestStateStateMachine:" + name);
        ex.set("Input", input);
        ex.put("Name", name);
        ex.put("RoleArn", "arn:aws:iam::" + engine.account() + ":role/DummyRole");
        ex.put("StartTime", now);
        ex.put("RedriveCount", 0);
        ObjectNode s = ctx.putObject("State");
        s.put("EnteredTime", now);
        s.put("Name", NAME);
        s.put("RetryCount", 0);
        ObjectNode sm = ctx.putObject("StateMachine");
        sm.put("Id", "arn:aws:states:" + engine.region() + ":" + engine.account() + ":stateMachine:TestStateStateMachine");
        sm.put("Name", "TestStateStateMachine");
        return ctx;
    }
}
