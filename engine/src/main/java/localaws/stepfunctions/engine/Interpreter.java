package localaws.stepfunctions.engine;

import localaws.stepfunctions.errors.StatesError;

import localaws.stepfunctions.asl.Catcher;
import localaws.stepfunctions.asl.Graph;
import localaws.stepfunctions.asl.Retrier;
import localaws.stepfunctions.asl.State;
import localaws.stepfunctions.json.JsonPaths;
import localaws.stepfunctions.json.JsonText;
import localaws.stepfunctions.json.Roots;
import localaws.stepfunctions.json.Template;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs executions, state by state, without a thread of their own: each step is a short task on the
 * engine's executor, each wait a timer, each task callback a continuation. What it does is written
 * to the history as AWS writes it.
 */
final class Interpreter {
    static final int MAX_PAYLOAD_BYTES = 256 * 1024;

    /**
     * Whether a payload is over AWS's limit: 256 KiB of UTF-8, the limit itself included (a payload
     * must be smaller than 262,144 bytes). Counted only when its characters could reach it.
     */
    static boolean overLimit(String json) {
        return json.length() * 3L >= MAX_PAYLOAD_BYTES && json.getBytes(StandardCharsets.UTF_8).length >= MAX_PAYLOAD_BYTES;
    }

    private final Engine engine;
    private final Recovery recovery;
    final MapStateRun maps;
    final ParallelRun parallels;

    Interpreter(Engine engine) {
        this.engine = engine;
        this.recovery = new Recovery(this, engine);
        this.maps = new MapStateRun(this, engine);
        this.parallels = new ParallelRun(this, engine);
    }

    /** Carries on a running (or redriven) execution from its history: {@link Recovery}. */
    void resume(Execution ex) {
        recovery.resume(ex);
    }


    /** A thread of control: the top level, one Parallel branch, or one Map iteration. */
    static final class Scope {
        final Execution ex;
        final int depth;
        final Scope parent;
        /** The variables its states see and assign. */
        final Variables vars;
        /** The execution's attempt it belongs to: work of an attempt that ended is not carried on by a redrive. */
        final int attempt;
        volatile boolean cancelled;
        long lastEventId;
        /**
         * The output the last state of this scope left with, and its text: the next state enters
         * with that very node, and its entered event shows the same text, written once.
         */
        JsonNode lastOutput;
        String lastOutputText;

        /** {@code node} as JSON text: the last output's text if it is that node. */
        String text(JsonNode node) {
            return node == lastOutput ? lastOutputText : JsonText.of(node);
        }

        Scope(Execution ex, int depth, Scope parent, long lastEventId, Variables vars) {
            this.ex = ex;
            this.depth = depth;
            this.parent = parent;
            this.lastEventId = lastEventId;
            this.vars = vars;
            this.attempt = ex.redriveCount();
        }

        boolean isCancelled() {
            return cancelled || !ex.isRunning() || ex.redriveCount() != attempt || (parent != null && parent.isCancelled());
        }
    }

    interface Done {
        void succeeded(JsonNode output);

        void failed(StatesError error);
    }

    /** One visit of a state, through its retries. */
    final class Step {
        final Graph graph;
        final State state;
        final JsonNode input;
        final Scope scope;
        final Done done;
        final long enteredMillis;
        final int[] attempts;
        int retryCount;
        /** When the coming retry was due: its attempt counts its timeout from then, however late the clock let it run. */
        long retryDue;
        /** The id of this state's entered event, which a States.Runtime error names. */
        long enteredEventId;
        /** What its paths read (no task token, no Map item): made once a step. */
        private StepRoots roots;

        Step(Graph graph, State state, JsonNode input, Scope scope, Done done, long enteredMillis, int retriers) {
            this.graph = graph;
            this.state = state;
            this.input = input;
            this.scope = scope;
            this.done = done;
            this.enteredMillis = enteredMillis;
            this.attempts = new int[retriers];
        }
    }

    // ---- events -------------------------------------------------------------------------------

    long emit(Scope scope, String type, ObjectNode details, String note) {
        return emitAt(scope, engine.clock().millis(), type, details, note);
    }

    long emit(Scope scope, String type, EventDetails details, String note) {
        return emitAt(scope, engine.clock().millis(), type, details, note);
    }

    long emitAt(Scope scope, long timestamp, String type, ObjectNode details, String note) {
        return emitAt(scope, timestamp, type, details == null ? EventDetails.NONE : EventDetails.text(JsonText.of(details)), note);
    }

    long emitAt(Scope scope, long timestamp, String type, EventDetails details, String note) {
        HistoryEvent e;
        synchronized (scope.ex) {
            if (scope.depth > 0 && scope.isCancelled()) {
                // A branch or iteration still running when its Parallel or Map (or the execution)
                // failed writes nothing after that failure, as AWS's history never does.
                return scope.lastEventId;
            }
            e = scope.ex.append(scope.lastEventId, timestamp, type, details, scope.depth, note);
            scope.lastEventId = e.id();
        }
        engine.appended(scope.ex, e);
        return e.id();
    }

    private static ObjectNode details() {
        return JsonPaths.MAPPER.createObjectNode();
    }

    private static String typeName(State s) {
        return switch (s) {
            case State.Pass p -> "Pass";
            case State.Task t -> "Task";
            case State.Choice c -> "Choice";
            case State.Wait w -> "Wait";
            case State.Succeed x -> "Succeed";
            case State.Fail f -> "Fail";
            case State.Parallel p -> "Parallel";
            case State.MapState m -> "Map";
        };
    }

    /** {@code <type>StateEntered}, one string per type (not built again for every state entered). */
    private static final Map<String, String> ENTERED = eventTypes("StateEntered");
    private static final Map<String, String> EXITED = eventTypes("StateExited");

    private static Map<String, String> eventTypes(String suffix) {
        Map<String, String> types = new java.util.HashMap<>();
        for (String t : List.of("Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map")) {
            types.put(t, t + suffix);
        }
        return Map.copyOf(types);
    }

    // ---- executions -----------------------------------------------------------------------------

    /** {@code {"roleArn": ...}} as text, one string per role however many executions start with it. */
    private static final Map<String, String> ROLE_FIELDS = new java.util.concurrent.ConcurrentHashMap<>();

    private static String roleFields(String roleArn) {
        if (roleArn == null) {
            return JsonText.of(details().putNull("roleArn"));
        }
        String text = ROLE_FIELDS.get(roleArn);
        if (text == null) {
            text = JsonText.of(details().put("roleArn", roleArn));
            if (ROLE_FIELDS.size() < 1000) {
                ROLE_FIELDS.put(roleArn, text);
            }
        }
        return text;
    }

    /** Starts an execution with its input, as StartExecution parsed it. */
    void start(Execution ex, JsonNode input) {
        Scope top = new Scope(ex, 0, null, 0, Variables.top());
        emitAt(top, ex.startMillis(), "ExecutionStarted", EventDetails.payload(roleFields(ex.stateMachine().roleArn()), "input", ex.input(), null), null);
        armExecutionTimeout(ex, top);
        Graph g = ex.definition().graph();
        engine.executor().execute(() -> enter(g, g.startAt(), input, top, topDone(top)));
    }

    void armExecutionTimeout(Execution ex, Scope top) {
        Integer timeout = ex.definition().timeoutSeconds();
        if (timeout != null) {
            // A redriven execution's timeout counts from its redrive.
            engine.timers().at(ex.attemptStartMillis() + timeout * 1000L, () -> {
                long now = engine.clock().millis();
                if (ex.end(Execution.Status.TIMED_OUT, now, null, StatesError.TIMEOUT, "")) {
                    ObjectNode d = details();
                    d.put("error", StatesError.TIMEOUT);
                    d.put("cause", "The execution exceeded its TimeoutSeconds of " + timeout);
                    top.cancelled = true;
                    emitFinal(ex, top, "ExecutionTimedOut", d);
                }
            });
        }
    }

    private void emitFinal(Execution ex, Scope top, String type, ObjectNode d) {
        emitFinal(ex, top, type, EventDetails.text(JsonText.of(d)));
    }

    private void emitFinal(Execution ex, Scope top, String type, EventDetails d) {
        HistoryEvent e;
        synchronized (ex) {
            e = ex.append(top.lastEventId, ex.stopMillis(), type, d, 0, null);
            top.lastEventId = e.id();
        }
        engine.appended(ex, e);
        engine.ended(ex);
    }

    Done topDone(Scope top) {
        Execution ex = top.ex;
        return new Done() {
            @Override
            public void succeeded(JsonNode output) {
                String out = top.text(output);
                if (ex.end(Execution.Status.SUCCEEDED, engine.clock().millis(), out, null, null)) {
                    emitFinal(ex, top, "ExecutionSucceeded", EventDetails.payload(null, "output", out, null));
                }
            }

            @Override
            public void failed(StatesError error) {
                // A Fail state without Error or Cause: the execution reports neither (not an empty one).
                String name = error.error().isEmpty() ? null : error.error();
                String cause = error.cause().isEmpty() ? null : error.cause();
                if (ex.end(Execution.Status.FAILED, engine.clock().millis(), null, name, cause)) {
                    emitFinal(ex, top, "ExecutionFailed", errorDetails(error));
                }
            }
        };
    }

    /** The index of the first retrier of the state that the error matches, or -1. */
    static int retrierFor(State state, StatesError error) {
        List<Retrier> retriers = retriers(state);
        for (int i = 0; i < retriers.size(); i++) {
            if (retriers.get(i).matches(error)) {
                return i;
            }
        }
        return -1;
    }

    // ---- states ---------------------------------------------------------------------------------

    /**
     * The execution's own input string in place of {@code text} when they are equal: a state that
     * passes its input on as it came (a Wait for the close date, most of all) then keeps no copy of it.
     */
    static String shared(String text, Execution ex) {
        return text.length() == ex.input().length() && text.equals(ex.input()) ? ex.input() : text;
    }

    void enter(Graph graph, String name, JsonNode input, Scope scope, Done done) {
        if (scope.isCancelled()) {
            return;
        }
        State state = graph.state(name);
        long now = engine.clock().millis();
        EventDetails entered = EventDetails.payload(null, "input", shared(scope.text(input), scope.ex), name);
        long enteredId = emitAt(scope, now, ENTERED.get(typeName(state)), entered, name);
        Step step = new Step(graph, state, input, scope, done, now, retriers(state).size());
        step.enteredEventId = enteredId;
        run(step, null, false);
    }

    static List<Retrier> retriers(State s) {
        return switch (s) {
            case State.Task t -> t.retry();
            case State.Parallel p -> p.retry();
            case State.MapState m -> m.retry();
            default -> List.of();
        };
    }

    static List<Catcher> catchers(State s) {
        return switch (s) {
            case State.Task t -> t.catchers();
            case State.Parallel p -> p.catchers();
            case State.MapState m -> m.catchers();
            default -> List.of();
        };
    }

    void run(Step step, String resumeToken, boolean resumeSubmitted) {
        try {
            switch (step.state) {
                case State.Pass p -> PassRun.run(this, step, p);
                case State.Choice c -> ChoiceRun.run(this, step, c);
                case State.Wait w -> new WaitRun(this, engine).run(step, w);
                case State.Succeed s -> SucceedRun.run(this, step, s);
                case State.Fail f -> step.done.failed(FailRun.failure(f, step.input, roots(step, null, null)));
                case State.Task t -> new TaskRun(this, engine, step, t).attempt(resumeToken, resumeSubmitted);
                case State.Parallel p -> parallel(step, p);
                case State.MapState m -> map(step, m);
            }
        } catch (StatesError e) {
            failState(step, evaluated(step, e), () -> run(step, null, false));
        }
    }

    /**
     * A state's own failure: one of its JSONata expressions failing is first written to the history
     * as {@code EvaluationFailed}, once an attempt, before its Retry and Catch are looked at.
     */
    StatesError evaluated(Step step, StatesError e) {
        if (e.error().equals(StatesError.QUERY_EVALUATION)) {
            ObjectNode d = details();
            d.put("error", e.error());
            d.put("cause", e.cause());
            d.put("state", step.state.name());
            emit(step.scope, "EvaluationFailed", d, null);
        }
        return e;
    }




    /** A value as AWS shows it after "==": text as it is, anything else as JSON. */
    static String shown(JsonNode v) {
        return v.isTextual() ? v.asText() : v.toString();
    }




    /** What a state leaves with: its output, and the variables its {@code Assign} sets (none: empty). */
    record Leaving(JsonNode output, Map<String, JsonNode> assigned) {}

    /** Leaves a state: its variables assigned, StateExited, then the next state or the end of the graph. */
    void exit(Step step, Leaving leaving, String next) {
        if (step.scope.isCancelled()) {
            return;
        }
        JsonNode output = leaving.output();
        // A state that passes its input on (Succeed, a Wait) shows the text it entered with.
        String out = shared(step.scope.text(output), step.scope.ex);
        step.scope.lastOutput = output;
        step.scope.lastOutputText = out;
        if (overLimit(out)) {
            failState(step, new StatesError(StatesError.DATA_LIMIT,
                    "The state/task '" + step.state.name() + "' returned a result with a size exceeding the maximum number of bytes service limit."), null);
            return;
        }
        ObjectNode d = null;
        if (!leaving.assigned().isEmpty()) {
            d = details();
            ObjectNode vars = d.putObject("assignedVariables");
            leaving.assigned().forEach((name, value) -> vars.put(name, JsonText.of(value)));
            d.putObject("assignedVariablesDetails").put("truncated", false);
            try {
                // A state stores at most 256 KiB of variables, as it passes at most 256 KiB of output
                // (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html).
                if (overLimit(vars.toString())) {
                    throw new StatesError(StatesError.DATA_LIMIT, "The state '" + step.state.name()
                            + "' assigned variables with a size exceeding the maximum number of bytes service limit.");
                }
                step.scope.vars.assign(leaving.assigned());
            } catch (StatesError e) {
                step.done.failed(e.locatedAt(step.state.name(), step.enteredEventId));
                return;
            }
        }
        if (!(step.state instanceof State.Fail)) {
            emit(step.scope, EXITED.get(typeName(step.state)), EventDetails.payload(d == null ? null : JsonText.of(d), "output", out, step.state.name()),
                    next == null ? "" : next);
        }
        if (next == null) {
            step.done.succeeded(output);
        } else {
            proceed(() -> enter(step.graph, next, output, step.scope, step.done));
        }
    }

    /**
     * Runs what comes next (a state entered, a Map's next iteration) here if this is a step thread
     * and not already {@link #INLINE_AT_MOST} deep in work run so, else hands it to the executor.
     * Handing each state to the executor woke another thread for it and had a Map's tiny iterations
     * contend for their execution's history on every event.
     */
    void proceed(Runnable next) {
        if (engine.onStepThread()) {
            int[] depth = INLINE.get();
            if (depth[0] < INLINE_AT_MOST) {
                depth[0]++;
                try {
                    next.run();
                } finally {
                    depth[0]--;
                }
                return;
            }
        }
        engine.executor().execute(next);
    }

    /** How deep the current step thread is in work {@link #proceed} ran in place. */
    private static final ThreadLocal<int[]> INLINE = ThreadLocal.withInitial(() -> new int[1]);
    /** At most this deep; deeper work goes through the executor, on a fresh stack. */
    static final int INLINE_AT_MOST = 16;

    /** A state failed: retry it, catch the error, or fail its graph. */
    void failState(Step step, StatesError error, Runnable retry) {
        if (step.scope.isCancelled()) {
            return;
        }
        if (!error.isTerminal()) {
            int i = retrierFor(step.state, error);
            if (i >= 0) {
                Retrier r = retriers(step.state).get(i);
                if (retry != null && step.attempts[i] < r.maxAttempts()) {
                    double delay = r.delaySeconds(step.attempts[i]);
                    if (r.fullJitter()) {
                        delay = engine.jitter() * delay;
                    }
                    step.attempts[i]++;
                    step.retryCount++;
                    long due = engine.clock().millis() + Math.round(delay * 1000);
                    // Kept, so a restart retries at this instant and not a new one.
                    engine.retryArmed(step.scope.ex, step.scope.lastEventId, due);
                    step.retryDue = due;
                    engine.timers().at(due, retry);
                    return;
                }
            }
            for (Catcher c : catchers(step.state)) {
                if (c.matches(error)) {
                    ObjectNode err = details();
                    err.put("Error", error.error());
                    err.put("Cause", error.cause());
                    JsonNode out;
                    Map<String, JsonNode> assigned;
                    try {
                        // A catcher's Assign (and a JSONata one's Output) reads the error output: $, or $states.errorOutput.
                        Roots roots = roots(step, null, null).withStates(step.input, null, err);
                        out = c.output() != null ? c.output().apply(err, roots)
                                : c.discardResult() ? step.input : c.resultPath() == null ? err : c.resultPath().put(step.input, err);
                        assigned = assign(c.assign(), err, roots);
                    } catch (StatesError e) {
                        step.done.failed(evaluated(step, e).locatedAt(step.state.name(), step.enteredEventId));
                        return;
                    }
                    exit(step, new Leaving(out, assigned), c.next());
                    return;
                }
            }
        }
        step.done.failed(error.locatedAt(step.state.name(), step.enteredEventId));
    }

    // ---- input and output processing ------------------------------------------------------------

    JsonNode effectiveInput(State.Io io, Step step) {
        return StateIo.afterInputPath(io, step.input, roots(step, null, null));
    }

    /**
     * ResultSelector, then Assign (over the selected result), ResultPath and OutputPath, in AWS's
     * order, applied to a state's result. The variables are assigned as the state leaves: its own
     * paths read the values from before it.
     */
    Leaving leaving(State.Io io, Step step, JsonNode result) {
        JsonNode selected = io.resultSelector() != null ? apply(io.resultSelector(), result, step) : result;
        // A JSONata state reads its result as $states.result in its Assign and Output.
        Roots roots = roots(step, null, null).withStates(step.input, result, null);
        Map<String, JsonNode> assigned = assign(io.assign(), selected, roots);
        if (io.output() != null) {
            return new Leaving(io.output().apply(selected, roots), assigned);
        }
        return new Leaving(outputOnly(io, StateIo.afterResultPath(io, step.input, selected), step), assigned);
    }

    /** What an {@code Assign} (or null: nothing) evaluates to over {@code value}, by variable name. */
    static Map<String, JsonNode> assign(Template assign, JsonNode value, Roots roots) {
        return assign == null ? Map.of() : Variables.of(assign.apply(value, roots));
    }

    /** A state's output from a value with no result: its OutputPath, or a JSONata state's Output (with no $states.result). */
    JsonNode outputOnly(State.Io io, JsonNode value, Step step) {
        if (io.output() != null) {
            return io.output().apply(value, roots(step, null, null));
        }
        return StateIo.afterOutputPath(io, value, roots(step, null, null));
    }

    /** Applies a payload template (the context object is built only if the template reads it). */
    JsonNode apply(Template template, JsonNode input, Step step) {
        return template.apply(input, roots(step, null, null));
    }

    /**
     * What the state's paths and expressions read besides its input: its context object (built on
     * first use), its scope's variables, and (JSONata) {@code $states.input}, its raw input.
     */
    Roots roots(Step step, String token, JsonNode mapItem) {
        if (token == null && mapItem == null) {
            if (step.roots == null) {
                step.roots = new StepRoots(step, null, null);
            }
            return step.roots;
        }
        return new StepRoots(step, token, mapItem);
    }

    /** A step's roots: one object, its context object built on first use (again after a retry, whose count it shows). */
    private final class StepRoots implements Roots {
        private final Step step;
        private final String token;
        private final JsonNode mapItem;
        private JsonNode context;
        private int contextRetry = -1;

        StepRoots(Step step, String token, JsonNode mapItem) {
            this.step = step;
            this.token = token;
            this.mapItem = mapItem;
        }

        @Override
        public synchronized JsonNode context() {
            if (context == null || contextRetry != step.retryCount) {
                context = Interpreter.this.context(step, token, mapItem);
                contextRetry = step.retryCount;
            }
            return context;
        }

        @Override
        public JsonNode variable(String name) {
            return step.scope.vars.get(name);
        }

        @Override
        public Map<String, JsonNode> variables() {
            return step.scope.vars.all();
        }

        @Override
        public JsonNode states() {
            ObjectNode s = JsonPaths.MAPPER.createObjectNode();
            s.set("input", step.input);
            s.set("context", context());
            return s;
        }
    }

    /** The context object {@code $$} as the state sees it. */
    JsonNode context(Step step, String token, JsonNode mapItem) {
        return ContextObject.of(step.scope.ex, step.enteredMillis, step.state.name(), step.retryCount, token, mapItem);
    }

    static JsonNode parse(String json) {
        try {
            return JsonPaths.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw StatesError.runtime("not JSON: " + e.getOriginalMessage());
        }
    }

    // ---- Parallel and Map ----------------------------------------------------------------------

    /** A Parallel state: {@link ParallelRun}. */
    private void parallel(Step step, State.Parallel p) {
        parallels.parallel(step, p);
    }

    void finishComposite(Step step, State.Io io, JsonNode result, String next, Runnable retry) {
        Leaving out;
        try {
            out = leaving(io, step, result);
        } catch (StatesError e) {
            failState(step, evaluated(step, e), retry);
            return;
        }
        exit(step, out, next);
    }

    /** A failure's details: its error and cause, each only when there is one. */
    static ObjectNode errorDetails(StatesError error) {
        ObjectNode d = details();
        if (!error.error().isEmpty()) {
            d.put("error", error.error());
        }
        if (!error.cause().isEmpty()) {
            d.put("cause", error.cause());
        }
        return d;
    }

    /** A Map state: {@link MapStateRun}. */
    private void map(Step step, State.MapState m) {
        maps.map(step, m);
    }

    private static final java.security.SecureRandom TOKENS = new java.security.SecureRandom();

    /** A task token: 384 random bits, URL-safe. */
    static String newToken() {
        byte[] bytes = new byte[48];
        TOKENS.nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    Optional<MockConfig.Response> mocked(Step step) {
        Execution ex = step.scope.ex;
        if (ex.testCase() == null) {
            return Optional.empty();
        }
        int invocation = ex.nextMockInvocation(step.state.name());
        return engine.mockConfig().response(ex.stateMachine().name(), ex.testCase(), step.state.name(), invocation);
    }
}
