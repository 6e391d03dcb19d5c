package localaws.stepfunctions.engine;

import localaws.stepfunctions.errors.StatesError;

import localaws.stepfunctions.asl.Catcher;
import localaws.stepfunctions.asl.ChoiceRule;
import localaws.stepfunctions.asl.Graph;
import localaws.stepfunctions.asl.Retrier;
import localaws.stepfunctions.asl.State;
import localaws.stepfunctions.json.JsonPaths;
import localaws.stepfunctions.json.Roots;
import localaws.stepfunctions.json.Template;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

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
    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Engine engine;

    Interpreter(Engine engine) {
        this.engine = engine;
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

    long emitAt(Scope scope, long timestamp, String type, ObjectNode details, String note) {
        HistoryEvent e;
        synchronized (scope.ex) {
            if (scope.depth > 0 && scope.isCancelled()) {
                // A branch or iteration still running when its Parallel or Map (or the execution)
                // failed writes nothing after that failure, as AWS's history never does.
                return scope.lastEventId;
            }
            e = scope.ex.append(scope.lastEventId, timestamp, type, details == null ? "" : details.toString(), scope.depth, note);
            scope.lastEventId = e.id();
        }
        engine.appended(scope.ex, e);
        return e.id();
    }

    private static ObjectNode details() {
        return JsonPaths.MAPPER.createObjectNode();
    }

    private static ObjectNode payload(String field, String json) {
        ObjectNode d = details();
        d.put(field, json);
        d.putObject(field + "Details").put("truncated", false);
        return d;
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

    // ---- executions -----------------------------------------------------------------------------

    void start(Execution ex) {
        Scope top = new Scope(ex, 0, null, 0, Variables.top());
        ObjectNode d = payload("input", ex.input());
        d.put("roleArn", ex.stateMachine().roleArn());
        emitAt(top, ex.startMillis(), "ExecutionStarted", d, null);
        armExecutionTimeout(ex, top);
        JsonNode input = parse(ex.input());
        Graph g = ex.definition().graph();
        engine.executor().execute(() -> enter(g, g.startAt(), input, top, topDone(top)));
    }

    private void armExecutionTimeout(Execution ex, Scope top) {
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
        HistoryEvent e;
        synchronized (ex) {
            e = ex.append(top.lastEventId, ex.stopMillis(), type, d.toString(), 0, null);
            top.lastEventId = e.id();
        }
        engine.appended(ex, e);
        engine.ended(ex);
    }

    private Done topDone(Scope top) {
        Execution ex = top.ex;
        return new Done() {
            @Override
            public void succeeded(JsonNode output) {
                String out = output.toString();
                if (ex.end(Execution.Status.SUCCEEDED, engine.clock().millis(), out, null, null)) {
                    emitFinal(ex, top, "ExecutionSucceeded", payload("output", out));
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

    /**
     * Carries on a running execution after a restart exactly where its history says it was: at
     * every level, the state entered and not left is carried on (a Parallel's branches each from
     * their own place, a task with the token it handed out and the deadline it was scheduled with,
     * a task between retries with its attempts counted and its retry at the instant it was due, a
     * Wait for the same instant), or the state its last finished state led to is entered.
     * Nothing that happened is done again: no second {@code ParallelStateStarted}, no re-armed
     * deadline. A Map carries on iteration by iteration.
     */
    void resume(Execution ex) {
        List<HistoryEvent> history = ex.history();
        Scope top = new Scope(ex, 0, null, history.isEmpty() ? 0 : history.getLast().id(), Variables.top());
        armExecutionTimeout(ex, top);
        Map<Long, List<HistoryEvent>> after = new HashMap<>();
        for (HistoryEvent e : history) {
            after.computeIfAbsent(e.previousEventId(), k -> new ArrayList<>()).add(e);
        }
        // The top level's chain starts after ExecutionStarted (event 1, previous 0).
        long first = history.isEmpty() ? 0 : history.getFirst().id();
        resumeScope(ex.definition().graph(), chain(after, first, 0), first, parse(ex.input()), top, topDone(top), after);
    }

    /** The last event of the top level's chain: what an event written for the whole execution follows. */
    static long topChainEnd(List<HistoryEvent> history) {
        if (history.isEmpty()) {
            return 0;
        }
        Map<Long, List<HistoryEvent>> after = new HashMap<>();
        for (HistoryEvent e : history) {
            after.computeIfAbsent(e.previousEventId(), k -> new ArrayList<>()).add(e);
        }
        long first = history.getFirst().id();
        List<HistoryEvent> chain = chain(after, first, 0);
        return chain.isEmpty() ? first : chain.getLast().id();
    }

    /** The events of one scope after {@code fromId}, in order: each the next whose previous is the last, at that depth. */
    private static List<HistoryEvent> chain(Map<Long, List<HistoryEvent>> after, long fromId, int depth) {
        List<HistoryEvent> out = new ArrayList<>();
        long cur = fromId;
        while (true) {
            HistoryEvent next = null;
            for (HistoryEvent e : after.getOrDefault(cur, List.of())) {
                if (e.depth() == depth) {
                    next = e;
                }
            }
            if (next == null) {
                return out;
            }
            out.add(next);
            cur = next.id();
        }
    }

    private void resumeScope(Graph g, List<HistoryEvent> chain, long fromId, JsonNode scopeInput, Scope scope, Done done,
                             Map<Long, List<HistoryEvent>> after) {
        // The scope's variables are what its states that left assigned, in order.
        for (HistoryEvent e : chain) {
            if (e.type().endsWith("StateExited") && e.details().contains("\"assignedVariables\"")) {
                Map<String, JsonNode> assigned = new java.util.LinkedHashMap<>();
                parse(e.details()).path("assignedVariables").properties().forEach(v -> assigned.put(v.getKey(), parse(v.getValue().asText())));
                scope.vars.assign(assigned);
            }
        }
        HistoryEvent entered = null;
        HistoryEvent exited = null;
        int enteredIndex = -1;
        for (int i = chain.size() - 1; i >= 0; i--) {
            HistoryEvent e = chain.get(i);
            if (e.type().endsWith("StateExited")) {
                exited = e;
                break;
            }
            if (e.type().endsWith("StateEntered")) {
                entered = e;
                enteredIndex = i;
                break;
            }
        }
        scope.lastEventId = chain.isEmpty() ? fromId : chain.getLast().id();
        if (entered == null && exited == null) {
            engine.executor().execute(() -> enter(g, g.startAt(), scopeInput, scope, done));
            return;
        }
        if (exited != null) {
            JsonNode output = parse(parse(exited.details()).path("output").asText());
            String next = exited.note();
            if (next == null || next.isEmpty()) {
                engine.executor().execute(() -> done.succeeded(output));
            } else {
                engine.executor().execute(() -> enter(g, next, output, scope, done));
            }
            return;
        }
        State state = g.state(entered.note());
        JsonNode input = parse(parse(entered.details()).path("input").asText());
        Step step = new Step(g, state, input, scope, done, entered.timestamp(), retriers(state).size());
        step.enteredEventId = entered.id();
        String token = null;
        boolean submitted = false;
        long scheduledAt = 0;
        HistoryEvent started = null;
        int startedIndex = -1;
        HistoryEvent lastFailure = null;
        boolean redriven = false;
        for (int i = enteredIndex + 1; i < chain.size(); i++) {
            HistoryEvent e = chain.get(i);
            switch (e.type()) {
                // The state had not succeeded when the execution ended; redriven, it runs again, afresh.
                case "ExecutionRedriven" -> {
                    redriven = true;
                    lastFailure = null;
                    token = null;
                    started = null;
                    submitted = false;
                }
                case "TaskScheduled", "LambdaFunctionScheduled" -> {
                    token = e.note();
                    scheduledAt = e.timestamp();
                    submitted = false;
                    lastFailure = null;
                }
                case "TaskSubmitted" -> submitted = true;
                case "ParallelStateStarted", "MapStateStarted" -> {
                    started = e;
                    startedIndex = i;
                    lastFailure = null;
                }
                case "TaskFailed", "TaskTimedOut", "LambdaFunctionFailed", "LambdaFunctionTimedOut", "ParallelStateFailed", "MapStateFailed" -> {
                    lastFailure = e;
                    countAttempt(step, e);
                    token = null;
                    started = null;
                }
                default -> { }
            }
        }
        if (redriven) {
            State again = state;
            engine.executor().execute(() -> enter(g, again.name(), input, scope, done));
            return;
        }
        if (lastFailure != null) {
            // Between retries: the retry comes when it was due, counted against what was spent.
            long due = scope.ex.retryDue(lastFailure.id());
            StatesError error = failureOf(lastFailure);
            resumeFailure(step, error, due > 0 ? due : -1, lastFailure.timestamp());
            return;
        }
        if (state instanceof State.Parallel p && started != null) {
            resumeParallel(step, p, started, after);
            return;
        }
        if (state instanceof State.MapState m && started != null) {
            resumeMap(step, m, started, chain.subList(startedIndex + 1, chain.size()), after);
            return;
        }
        // Run now, not later: a task token must be valid again before the engine answers its first call.
        if (state instanceof State.Task t) {
            try {
                new TaskRun(this, engine, step, t).attempt(token, submitted, scheduledAt);
            } catch (StatesError e) {
                failState(step, e, () -> run(step, null, false));
            }
            return;
        }
        run(step, token, submitted);
    }

    private static StatesError failureOf(HistoryEvent e) {
        JsonNode d = parse(e.details());
        String error = d.path("error").asText("");
        String cause = d.path("cause").asText("");
        // A task's recorded failure is the task's, which its Retry and Catch handle (a result over
        // the limit included); a Parallel's or Map's is what its branch failed with.
        return e.type().startsWith("Task") || e.type().startsWith("LambdaFunction")
                ? StatesError.taskFailure(error, cause) : new StatesError(error, cause);
    }

    /** Counts a failed attempt against the retrier it matched, as the running engine did. */
    private void countAttempt(Step step, HistoryEvent failure) {
        int i = retrierFor(step.state, failureOf(failure));
        if (i >= 0) {
            step.attempts[i]++;
            step.retryCount++;
        }
    }

    /** The index of the first retrier of the state that the error matches, or -1. */
    static int retrierFor(State state, StatesError error) {
        List<Retrier> retriers = retriers(state);
        for (int i = 0; i < retriers.size(); i++) {
            if (matches(retriers.get(i).errorEquals(), error)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A step whose last attempt failed before the restart. Its attempts are counted already (the
     * failure among them); if a retry was due, it runs at that instant, else at the failure's time
     * plus the retrier's delay; with no retry left, its catchers or its scope's failure.
     */
    private void resumeFailure(Step step, StatesError error, long due, long failedAt) {
        int i = retrierFor(step.state, error);
        if (i >= 0) {
            Retrier r = retriers(step.state).get(i);
            // The failure was counted by countAttempt: within MaxAttempts it was retried.
            if (step.attempts[i] <= r.maxAttempts()) {
                long at = due > 0 ? due : failedAt + Math.round(r.delaySeconds(step.attempts[i] - 1) * 1000);
                step.retryDue = at;
                engine.timers().at(at, () -> run(step, null, false));
                return;
            }
            step.attempts[i] = r.maxAttempts();
        }
        failState(step, error, null);
    }

    /** A Parallel whose branches had started: each branch carries on from its own place. */
    private void resumeParallel(Step step, State.Parallel p, HistoryEvent started, Map<Long, List<HistoryEvent>> after) {
        int depth = step.scope.depth + 1;
        List<HistoryEvent> heads = after.getOrDefault(started.id(), List.of()).stream().filter(e -> e.depth() == depth).toList();
        JsonNode branchInput = parse(parse(heads.isEmpty() ? "{}" : heads.getFirst().details()).path("input").asText("{}"));
        runBranches(step, p, started.id(), (index, branch, scope, done) -> {
            HistoryEvent head = heads.stream().filter(h -> branch.startAt().equals(h.note())).findFirst().orElse(null);
            if (head == null) {
                engine.executor().execute(() -> enter(branch, branch.startAt(), branchInput, scope, done));
                return;
            }
            List<HistoryEvent> chain = new ArrayList<>();
            chain.add(head);
            chain.addAll(chain(after, head.id(), depth));
            resumeScope(branch, chain, started.id(), branchInput, scope, done, after);
        });
    }

    // ---- states ---------------------------------------------------------------------------------

    void enter(Graph graph, String name, JsonNode input, Scope scope, Done done) {
        if (scope.isCancelled()) {
            return;
        }
        State state = graph.state(name);
        long now = engine.clock().millis();
        ObjectNode d = payload("input", input.toString());
        d.put("name", name);
        long enteredId = emitAt(scope, now, typeName(state) + "StateEntered", d, name);
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

    private void run(Step step, String resumeToken, boolean resumeSubmitted) {
        try {
            switch (step.state) {
                case State.Pass p -> {
                    JsonNode eff = effectiveInput(p.io(), step);
                    JsonNode result = p.result() != null ? p.result().deepCopy()
                            : p.io().parameters() != null ? apply(p.io().parameters(), eff, step) : eff;
                    exit(step, leaving(p.io(), step, result), p.transition().next());
                }
                case State.Choice c -> {
                    JsonNode eff = effectiveInput(c.io(), step);
                    ChoiceRule.Branch branch = chosen(c, eff, roots(step, null, null));
                    // A matched rule's Assign, or the state's own when Default is taken; over the effective input.
                    Map<String, JsonNode> assigned = assign(branch.assign(), eff, roots(step, null, null));
                    JsonNode out = branch.output() != null ? branch.output().apply(eff, roots(step, null, null)) : outputOnly(c.io(), eff, step);
                    exit(step, new Leaving(out, assigned), branch.next());
                }
                case State.Wait w -> waitState(step, w);
                case State.Succeed s -> {
                    JsonNode out = outputOnly(s.io(), effectiveInput(s.io(), step), step);
                    exit(step, new Leaving(out, Map.of()), null);
                }
                case State.Fail f -> step.done.failed(failure(f, step.input, roots(step, null, null)));
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

    /** The next state a Choice goes to from its effective input; no rule and no Default is States.Runtime. */
    static String choose(State.Choice c, JsonNode eff, Roots roots) {
        return chosen(c, eff, roots).next();
    }

    /** The first rule that matches, or the Default (with the state's own Assign); no rule and no Default is States.Runtime. */
    static ChoiceRule.Branch chosen(State.Choice c, JsonNode eff, Roots roots) {
        for (var branch : c.choices()) {
            if (branch.condition().test(eff, roots)) {
                return branch;
            }
        }
        if (c.defaultState() != null) {
            return new ChoiceRule.Branch(null, c.defaultState(), c.io().assign(), null);
        }
        // AWS reports an unmatched Choice under States.Runtime (States.NoChoiceMatched is reserved).
        throw StatesError.runtime("No Choice rule matched the input and the Choice state '" + c.name() + "' has no Default: " + eff);
    }

    /** What a Fail state fails with, from its fields or its paths over its raw input. */
    static StatesError failure(State.Fail f, JsonNode input, Roots ctx) {
        String error = f.errorPath() != null ? text(failPath(f.errorPath(), "ErrorPath", input, ctx), "ErrorPath")
                : f.errorExpression() != null ? queryText(f.errorExpression().apply(input, ctx), "Error") : f.error();
        String cause = f.causePath() != null ? text(failPath(f.causePath(), "CausePath", input, ctx), "CausePath")
                : f.causeExpression() != null ? queryText(f.causeExpression().apply(input, ctx), "Cause") : f.cause();
        return new StatesError(error == null ? "" : error, cause == null ? "" : cause);
    }

    /** A Fail state's ErrorPath or CausePath: one that finds nothing is worded as a missing field of Parameters is. */
    private static JsonNode failPath(localaws.stepfunctions.json.PathOrCall path, String field, JsonNode input, Roots ctx) {
        JsonNode v = path.find(input, ctx);
        if (v.isMissingNode()) {
            throw StatesError.runtime("The JSONPath '" + path.text() + "' specified for the field '" + field + "' could not be found in the input '"
                    + (path.isContextPath() ? ctx.context() : input) + "'");
        }
        return v;
    }

    /** A value as AWS shows it after "==": text as it is, anything else as JSON. */
    private static String shown(JsonNode v) {
        return v.isTextual() ? v.asText() : v.toString();
    }

    /** A JSONata field that must give a string. */
    private static String queryText(JsonNode node, String field) {
        if (!node.isTextual()) {
            throw new StatesError(StatesError.QUERY_EVALUATION, "The JSONata expression of " + field + " must give a string, not " + node);
        }
        return node.asText();
    }

    private static String text(JsonNode node, String field) {
        if (!node.isTextual()) {
            throw StatesError.runtime("The value of " + field + " must be a string, not " + node);
        }
        return node.asText();
    }

    private void waitState(Step step, State.Wait w) {
        JsonNode eff = effectiveInput(w.io(), step);
        Roots ctx = roots(step, null, null);
        long due;
        if (w.secondsExpression() != null) {
            JsonNode v = w.secondsExpression().apply(eff, ctx);
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
                throw new StatesError(StatesError.QUERY_EVALUATION, "The JSONata expression of Seconds must give a whole number of 0 or more, not " + v);
            }
            due = step.enteredMillis + v.asLong() * 1000;
        } else if (w.timestampExpression() != null) {
            JsonNode v = w.timestampExpression().apply(eff, ctx);
            Instant at = v.isTextual() ? ChoiceRule.timestamp(v.asText()) : null;
            if (at == null) {
                throw new StatesError(StatesError.QUERY_EVALUATION, "The JSONata expression of Timestamp must give an ISO-8601 timestamp, not " + v);
            }
            due = at.toEpochMilli();
        } else if (w.seconds() != null) {
            due = step.enteredMillis + w.seconds() * 1000;
        } else if (w.timestamp() != null) {
            due = w.timestamp().toEpochMilli();
        } else if (w.secondsPath() != null) {
            // AWS's words for each way the value can be wrong, with the path and the value found.
            JsonNode v = w.secondsPath().find(eff, ctx);
            if (v.isMissingNode()) {
                throw StatesError.runtime("The SecondsPath parameter does not reference an input value: " + w.secondsPath().text());
            }
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw StatesError.runtime("The SecondsPath parameter cannot be parsed as a long value: " + w.secondsPath().text() + " == " + shown(v));
            }
            if (v.asLong() < 0) {
                throw StatesError.runtime("The SecondsPath parameter references a negative value: " + w.secondsPath().text() + " == " + shown(v));
            }
            due = step.enteredMillis + v.asLong() * 1000;
        } else {
            JsonNode v = w.timestampPath().read(eff, ctx);
            Instant at = v.isTextual() ? ChoiceRule.timestamp(v.asText()) : null;
            if (at == null) {
                throw StatesError.runtime("The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: "
                        + w.timestampPath().text() + " == " + shown(v));
            }
            due = at.toEpochMilli();
        }
        // A parked execution holds only its output (and what it assigns) as text until it wakes: many thousands wait at once.
        String out = outputOnly(w.io(), eff, step).toString();
        String assigned = w.io().assign() == null ? null : w.io().assign().apply(eff, ctx).toString();
        Graph graph = step.graph;
        Scope scope = step.scope;
        Done done = step.done;
        long entered = step.enteredMillis;
        long enteredId = step.enteredEventId;
        engine.timers().at(engine.scaledDue(entered, due), () -> {
            Step waited = new Step(graph, w, NullNode.getInstance(), scope, done, entered, 0);
            waited.enteredEventId = enteredId;
            exit(waited, new Leaving(parse(out), assigned == null ? Map.of() : Variables.of(parse(assigned))), w.transition().next());
        });
    }

    /** What a state leaves with: its output, and the variables its {@code Assign} sets (none: empty). */
    record Leaving(JsonNode output, Map<String, JsonNode> assigned) {}

    /** Leaves a state: its variables assigned, StateExited, then the next state or the end of the graph. */
    void exit(Step step, Leaving leaving, String next) {
        if (step.scope.isCancelled()) {
            return;
        }
        JsonNode output = leaving.output();
        String out = output.toString();
        if (overLimit(out)) {
            failState(step, new StatesError(StatesError.DATA_LIMIT,
                    "The state/task '" + step.state.name() + "' returned a result with a size exceeding the maximum number of bytes service limit."), null);
            return;
        }
        ObjectNode d = payload("output", out);
        d.put("name", step.state.name());
        if (!leaving.assigned().isEmpty()) {
            ObjectNode vars = d.putObject("assignedVariables");
            leaving.assigned().forEach((name, value) -> vars.put(name, value.toString()));
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
            emit(step.scope, typeName(step.state) + "StateExited", d, next == null ? "" : next);
        }
        if (next == null) {
            step.done.succeeded(output);
        } else {
            engine.executor().execute(() -> enter(step.graph, next, output, step.scope, step.done));
        }
    }

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
                if (matches(c.errorEquals(), error)) {
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

    static boolean matches(List<String> names, StatesError error) {
        if (error.isTerminal()) {
            return false; // States.Runtime and States.DataLimitExceeded end the execution
        }
        for (String n : names) {
            if (n.equals(error.error()) || n.equals(StatesError.ALL)
                    || (n.equals(StatesError.TASK_FAILED) && !error.error().equals(StatesError.TIMEOUT))) {
                return true;
            }
        }
        return false;
    }

    // ---- input and output processing ------------------------------------------------------------

    JsonNode effectiveInput(State.Io io, Step step) {
        return afterInputPath(io, step.input, roots(step, null, null));
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
        return new Leaving(outputOnly(io, afterResultPath(io, step.input, selected), step), assigned);
    }

    /** What an {@code Assign} (or null: nothing) evaluates to over {@code value}, by variable name. */
    private static Map<String, JsonNode> assign(Template assign, JsonNode value, Roots roots) {
        return assign == null ? Map.of() : Variables.of(assign.apply(value, roots));
    }

    /** A state's output from a value with no result: its OutputPath, or a JSONata state's Output (with no $states.result). */
    JsonNode outputOnly(State.Io io, JsonNode value, Step step) {
        if (io.output() != null) {
            return io.output().apply(value, roots(step, null, null));
        }
        return afterOutputPath(io, value, roots(step, null, null));
    }

    // The input and output processing, each step on its own (TestState shows each one's value).

    /** InputPath over the state's raw input ({@code null}: an empty object). */
    static JsonNode afterInputPath(State.Io io, JsonNode input, Roots ctx) {
        if (io.inputDiscard()) {
            return JsonPaths.MAPPER.createObjectNode();
        }
        if (io.inputPath() == null) {
            return input;
        }
        return io.inputPath().read(input, ctx);
    }

    /** ResultPath: the selected result placed into the raw input ({@code null}: the input unchanged). */
    static JsonNode afterResultPath(State.Io io, JsonNode input, JsonNode selected) {
        return io.resultDiscard() ? input
                : io.resultPath() == null || io.resultPath().isRoot() ? selected : io.resultPath().put(input, selected);
    }

    /** OutputPath ({@code null}: an empty object). */
    static JsonNode afterOutputPath(State.Io io, JsonNode value, Roots ctx) {
        if (io.outputDiscard()) {
            return JsonPaths.MAPPER.createObjectNode();
        }
        if (io.outputPath() == null) {
            return value;
        }
        return io.outputPath().read(value, ctx);
    }

    /** Applies a payload template (the context object is built only if the template reads it). */
    private JsonNode apply(Template template, JsonNode input, Step step) {
        return template.apply(input, roots(step, null, null));
    }

    /**
     * What the state's paths and expressions read besides its input: its context object (built on
     * first use), its scope's variables, and (JSONata) {@code $states.input}, its raw input.
     */
    Roots roots(Step step, String token, JsonNode mapItem) {
        return Roots.of(() -> context(step, token, mapItem), step.scope.vars::get, step.scope.vars::all).withStates(step.input, null, null);
    }

    /** The context object {@code $$} as the state sees it. */
    JsonNode context(Step step, String token, JsonNode mapItem) {
        Execution ex = step.scope.ex;
        ObjectNode ctx = JsonPaths.MAPPER.createObjectNode();
        JsonNode e = ex.contextExecution;
        if (e == null) {
            ObjectNode built = JsonPaths.MAPPER.createObjectNode();
            built.put("Id", ex.arn());
            built.set("Input", parse(ex.input()));
            built.put("Name", ex.name());
            built.put("RoleArn", ex.stateMachine().roleArn());
            built.put("StartTime", ISO_MILLIS.format(Instant.ofEpochMilli(ex.startMillis())));
            built.put("RedriveCount", ex.redriveCount());
            ex.contextExecution = built; // shared and never changed: nodes are not mutated once built
            e = built;
        }
        ctx.set("Execution", e);
        ObjectNode s = ctx.putObject("State");
        s.put("EnteredTime", ISO_MILLIS.format(Instant.ofEpochMilli(step.enteredMillis)));
        s.put("Name", step.state.name());
        s.put("RetryCount", step.retryCount);
        ObjectNode sm = ctx.putObject("StateMachine");
        sm.put("Id", ex.stateMachine().arn());
        sm.put("Name", ex.stateMachine().name());
        if (token != null) {
            ctx.putObject("Task").put("Token", token);
        }
        if (mapItem != null) {
            ctx.putObject("Map").set("Item", mapItem);
        }
        return ctx;
    }

    static JsonNode parse(String json) {
        try {
            return JsonPaths.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw StatesError.runtime("not JSON: " + e.getOriginalMessage());
        }
    }

    // ---- Parallel and Map ----------------------------------------------------------------------

    private void parallel(Step step, State.Parallel p) {
        JsonNode eff = effectiveInput(p.io(), step);
        JsonNode branchInput = p.io().parameters() != null ? apply(p.io().parameters(), eff, step) : eff;
        long started = emit(step.scope, "ParallelStateStarted", null, null);
        runBranches(step, p, started, (index, branch, scope, done) ->
                engine.executor().execute(() -> enter(branch, branch.startAt(), branchInput, scope, done)));
    }

    /** Starts (or, after a restart, carries on) one branch of a Parallel in its scope. */
    interface BranchStart {
        void start(int index, Graph branch, Scope scope, Done done);
    }

    private void runBranches(Step step, State.Parallel p, long started, BranchStart starter) {
        Scope attempt = new Scope(step.scope.ex, step.scope.depth + 1, step.scope, started, step.scope.vars);
        int n = p.branches().size();
        JsonNode[] results = new JsonNode[n];
        AtomicInteger remaining = new AtomicInteger(n);
        AtomicBoolean failed = new AtomicBoolean();
        for (int i = 0; i < n; i++) {
            int index = i;
            Graph branch = p.branches().get(i);
            // Each branch reads the variables as they are when the Parallel starts, and has its own.
            Scope scope = new Scope(step.scope.ex, step.scope.depth + 1, attempt, started, step.scope.vars.inner());
            starter.start(index, branch, scope, new Done() {
                @Override
                public void succeeded(JsonNode output) {
                    results[index] = output;
                    if (remaining.decrementAndGet() == 0 && !failed.get()) {
                        emit(step.scope, "ParallelStateSucceeded", null, null);
                        ArrayNode all = JsonPaths.MAPPER.createArrayNode();
                        for (JsonNode r : results) {
                            all.add(r);
                        }
                        finishComposite(step, p.io(), all, p.transition().next(), () -> parallel(step, p));
                    }
                }

                @Override
                public void failed(StatesError error) {
                    if (failed.compareAndSet(false, true)) {
                        attempt.cancelled = true;
                        emit(step.scope, "ParallelStateFailed", errorDetails(error), null);
                        failState(step, error, () -> parallel(step, p));
                    }
                }
            });
        }
    }

    private void finishComposite(Step step, State.Io io, JsonNode result, String next, Runnable retry) {
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

    /** What a Map works on, evaluated from its input when it starts (and again, the same, when it resumes). */
    private record MapPlan(JsonNode eff, JsonNode items, int width) {
        int size() {
            return items.size();
        }
    }

    private MapPlan mapPlan(Step step, State.MapState m) {
        JsonNode eff = effectiveInput(m.io(), step);
        Roots ctx = roots(step, null, null);
        JsonNode items = m.items() != null ? m.items().apply(eff, ctx) : m.itemsPath() != null ? m.itemsPath().read(eff, ctx) : eff;
        if (!items.isArray()) {
            if (m.items() != null) {
                throw new StatesError(StatesError.QUERY_EVALUATION, "The Items of Map state '" + m.name() + "' must give a JSON array, not " + items);
            }
            throw StatesError.runtime("Items of Map state '" + m.name() + "' must be a JSON array, not " + items);
        }
        int maxConcurrency = m.maxConcurrency() != null ? m.maxConcurrency() : 0;
        if (m.maxConcurrencyExpression() != null) {
            JsonNode v = m.maxConcurrencyExpression().apply(eff, ctx);
            if (!v.isIntegralNumber() || v.asInt() < 0) {
                throw new StatesError(StatesError.QUERY_EVALUATION, "The JSONata expression of MaxConcurrency must give a whole number of 0 or more, not " + v);
            }
            maxConcurrency = v.asInt();
        }
        if (m.maxConcurrencyPath() != null) {
            JsonNode v = m.maxConcurrencyPath().read(eff, ctx);
            if (!v.isIntegralNumber() || v.asInt() < 0) {
                throw StatesError.runtime("Expected non-negative integer for MaxConcurrency, got '" + shown(v) + "' instead.");
            }
            maxConcurrency = v.asInt();
        }
        int n = items.size();
        // ToleratedFailureCount(Path) and ToleratedFailurePercentage(Path) are accepted on an inline
        // Map, as AWS accepts them, and change nothing: AWS applies a failure threshold to a
        // Distributed Map's Map Run only (https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html),
        // so an inline Map fails with its first failed iteration.
        return new MapPlan(eff, items, maxConcurrency == 0 ? n : Math.min(maxConcurrency, n));
    }

    private void map(Step step, State.MapState m) {
        MapPlan plan = mapPlan(step, m);
        ObjectNode started = details();
        started.put("length", plan.size());
        long startedId = emit(step.scope, "MapStateStarted", started, null);
        if (plan.size() == 0) {
            emit(step.scope, "MapStateSucceeded", null, null);
            finishComposite(step, m.io(), JsonPaths.MAPPER.createArrayNode(), m.transition().next(), () -> map(step, m));
            return;
        }
        MapRun run = new MapRun(step, m, plan, startedId, java.util.stream.IntStream.range(0, plan.size()).boxed().toList());
        for (int i = 0; i < plan.width(); i++) {
            engine.executor().execute(run::launchNext);
        }
    }

    /**
     * A Map whose iterations had started before a restart: iterations that ended keep their
     * results (kept with their end event), those in progress carry on from their own place, the
     * rest start as the concurrency allows. No second {@code MapStateStarted}.
     */
    private void resumeMap(Step step, State.MapState m, HistoryEvent started, List<HistoryEvent> mapEvents,
                           Map<Long, List<HistoryEvent>> after) {
        MapPlan plan = mapPlan(step, m);
        Map<Integer, HistoryEvent> running = new java.util.TreeMap<>();
        Map<Integer, HistoryEvent> ended = new HashMap<>();
        boolean succeededBefore = false;
        for (HistoryEvent e : mapEvents) {
            int index = parse(e.details()).path("index").asInt();
            switch (e.type()) {
                case "MapIterationStarted" -> running.put(index, e);
                case "MapIterationSucceeded", "MapIterationFailed" -> {
                    running.remove(index);
                    ended.put(index, e);
                }
                case "MapStateSucceeded" -> succeededBefore = true;
                default -> { }
            }
        }
        List<Integer> toStart = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            if (!running.containsKey(i) && !ended.containsKey(i)) {
                toStart.add(i);
            }
        }
        MapRun run = new MapRun(step, m, plan, started.id(), toStart);
        run.succeededBefore = succeededBefore;
        ended.forEach((index, e) -> run.restoreEnded(index, parse(e.note())));
        // An iteration had failed, and the crash came before the Map failed with it: it fails now.
        Optional<HistoryEvent> failedBefore = ended.values().stream().filter(e -> e.type().equals("MapIterationFailed")).findFirst();
        if (failedBefore.isPresent()) {
            JsonNode err = parse(failedBefore.get().note());
            engine.executor().execute(() -> run.failMap(new StatesError(err.path("Error").asText(""), err.path("Cause").asText(""))));
            return;
        }
        if (run.remaining.get() == 0) {
            engine.executor().execute(run::finish);
            return;
        }
        int depth = step.scope.depth + 1;
        running.forEach((index, e) -> {
            Scope scope = new Scope(step.scope.ex, depth, run.attempt, e.id(), step.scope.vars.inner());
            JsonNode input;
            try {
                input = run.iterationInput(index);
            } catch (StatesError err) {
                run.failMap(err);
                return;
            }
            resumeScope(m.processor(), chain(after, e.id(), depth), e.id(), input, scope, run.iterationDone(index), after);
        });
        for (int i = running.size(); i < plan.width(); i++) {
            engine.executor().execute(run::launchNext);
        }
    }

    /** One run of a Map's iterations: their results and what is left. */
    private final class MapRun {
        final Step step;
        final State.MapState m;
        final MapPlan plan;
        final long startedId;
        final Scope attempt;
        final List<Integer> toStart;
        final JsonNode[] results;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger remaining;
        final AtomicBoolean failed = new AtomicBoolean();
        /** Its MapStateSucceeded was written before a restart: not written again. */
        boolean succeededBefore;

        MapRun(Step step, State.MapState m, MapPlan plan, long startedId, List<Integer> toStart) {
            this.step = step;
            this.m = m;
            this.plan = plan;
            this.startedId = startedId;
            this.attempt = new Scope(step.scope.ex, step.scope.depth + 1, step.scope, startedId, step.scope.vars);
            this.toStart = toStart;
            this.results = new JsonNode[plan.size()];
            this.remaining = new AtomicInteger(plan.size());
        }

        void restoreEnded(int index, JsonNode result) {
            results[index] = result;
            remaining.decrementAndGet();
        }

        JsonNode iterationInput(int index) {
            ObjectNode item = JsonPaths.MAPPER.createObjectNode();
            item.put("Index", index);
            item.set("Value", plan.items().get(index));
            return m.itemSelector() != null ? m.itemSelector().apply(plan.eff(), roots(step, null, item)) : plan.items().get(index);
        }

        void launchNext() {
            int k = next.getAndIncrement();
            if (k >= toStart.size() || attempt.isCancelled()) {
                return;
            }
            int index = toStart.get(k);
            ObjectNode it = details();
            it.put("name", m.name());
            it.put("index", index);
            long itStarted = emit(step.scope, "MapIterationStarted", it, null);
            JsonNode input;
            try {
                input = iterationInput(index);
            } catch (StatesError e) {
                failMap(e);
                return;
            }
            // The iteration's events follow its MapIterationStarted, as in AWS's history, so a restart can tell iterations apart.
            // Each iteration reads the variables of the Map's scope, and has its own.
            Scope scope = new Scope(step.scope.ex, step.scope.depth + 1, attempt, itStarted, step.scope.vars.inner());
            enter(m.processor(), m.processor().startAt(), input, scope, iterationDone(index));
        }

        synchronized void failMap(StatesError error) {
            if (failed.compareAndSet(false, true)) {
                attempt.cancelled = true;
                emit(step.scope, "MapStateFailed", errorDetails(error), null);
                failState(step, error, () -> map(step, m));
            }
        }

        Done iterationDone(int index) {
            ObjectNode iteration = details();
            iteration.put("name", m.name());
            iteration.put("index", index);
            return new Done() {
                @Override
                public void succeeded(JsonNode output) {
                    synchronized (MapRun.this) {
                        if (failed.get()) {
                            return; // the Map failed meanwhile: nothing is written after its failure
                        }
                        results[index] = output;
                        // The note keeps the iteration's result for a restart; the API shows only name and index.
                        emit(step.scope, "MapIterationSucceeded", iteration, output.toString());
                    }
                    completed();
                }

                @Override
                public void failed(StatesError error) {
                    // The first failed iteration fails the Map; one that fails after it, running
                    // meanwhile, writes nothing after the Map's failure.
                    synchronized (MapRun.this) {
                        if (failed.get()) {
                            return;
                        }
                        ObjectNode err = JsonPaths.MAPPER.createObjectNode();
                        err.put("Error", error.error());
                        err.put("Cause", error.cause());
                        results[index] = err;
                        emit(step.scope, "MapIterationFailed", iteration, err.toString());
                        failMap(error);
                    }
                }
            };
        }

        private void completed() {
            if (remaining.decrementAndGet() == 0) {
                finish();
            } else {
                engine.executor().execute(this::launchNext);
            }
        }

        void finish() {
            if (failed.get()) {
                return;
            }
            if (!succeededBefore) {
                emit(step.scope, "MapStateSucceeded", null, null);
            }
            ArrayNode all = JsonPaths.MAPPER.createArrayNode();
            for (JsonNode r : results) {
                all.add(r);
            }
            finishComposite(step, m.io(), all, m.transition().next(), () -> map(step, m));
        }
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
