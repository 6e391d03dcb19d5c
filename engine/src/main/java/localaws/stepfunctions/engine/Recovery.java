package localaws.stepfunctions.engine;

import localaws.stepfunctions.asl.Graph;
import localaws.stepfunctions.asl.Retrier;
import localaws.stepfunctions.asl.State;
import localaws.stepfunctions.errors.StatesError;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Recovery: carries on each running execution after a restart (or a redrive) from its history,
 * exactly where the history says it was, at every level. One piece, apart from running states
 * ({@link Interpreter}): what it does is read the history and hand each scope back to the
 * interpreter at the right place, with the right token, attempt counts and deadlines.
 */
final class Recovery {
    private final Interpreter interpreter;
    private final Engine engine;

    Recovery(Interpreter interpreter, Engine engine) {
        this.interpreter = interpreter;
        this.engine = engine;
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
        Interpreter.Scope top = new Interpreter.Scope(ex, 0, null, history.isEmpty() ? 0 : history.getLast().id(), Variables.top());
        interpreter.armExecutionTimeout(ex, top);
        Map<Long, List<HistoryEvent>> after = new HashMap<>();
        for (HistoryEvent e : history) {
            after.computeIfAbsent(e.previousEventId(), k -> new ArrayList<>()).add(e);
        }
        // A redrive (its last one): what was entered before it and had not succeeded runs again.
        long redrivenAt = 0;
        for (HistoryEvent e : history) {
            if (e.type().equals("ExecutionRedriven")) {
                redrivenAt = e.id();
            }
        }
        // The top level's chain starts after ExecutionStarted (event 1, previous 0).
        long first = history.isEmpty() ? 0 : history.getFirst().id();
        resumeScope(ex.definition().graph(), chain(after, first, 0), first, Interpreter.parse(ex.input()), top, interpreter.topDone(top), after,
                redrivenAt);
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

    /**
     * One scope (the top level, a branch, an iteration) carried on from its chain of events.
     * {@code redrivenAt} (0: never) is the execution's last {@code ExecutionRedriven}: a state entered
     * before it that had not left runs again afresh, except a Parallel or Map that had started,
     * which carries on with only its branches and iterations that had not succeeded run again, as
     * AWS redrives them (https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html).
     */
    private void resumeScope(Graph g, List<HistoryEvent> chain, long fromId, JsonNode scopeInput, Interpreter.Scope scope, Interpreter.Done done,
                             Map<Long, List<HistoryEvent>> after, long redrivenAt) {
        // The scope's variables are what its states that left assigned, in order.
        for (HistoryEvent e : chain) {
            if (e.type().endsWith("StateExited") && e.details().contains("\"assignedVariables\"")) {
                Map<String, JsonNode> assigned = new java.util.LinkedHashMap<>();
                Interpreter.parse(e.details()).path("assignedVariables").properties().forEach(v -> assigned.put(v.getKey(), Interpreter.parse(v.getValue().asText())));
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
            engine.executor().execute(() -> interpreter.enter(g, g.startAt(), scopeInput, scope, done));
            return;
        }
        if (exited != null) {
            JsonNode output = Interpreter.parse(Interpreter.parse(exited.details()).path("output").asText());
            String next = exited.note();
            if (next == null || next.isEmpty()) {
                engine.executor().execute(() -> done.succeeded(output));
            } else {
                engine.executor().execute(() -> interpreter.enter(g, next, output, scope, done));
            }
            return;
        }
        State state = g.state(entered.note());
        JsonNode input = Interpreter.parse(Interpreter.parse(entered.details()).path("input").asText());
        Interpreter.Step step = interpreter.new Step(g, state, input, scope, done, entered.timestamp(), Interpreter.retriers(state).size());
        step.enteredEventId = entered.id();
        String token = null;
        boolean submitted = false;
        long scheduledAt = 0;
        HistoryEvent started = null;
        int startedIndex = -1;
        HistoryEvent lastFailure = null;
        if (entered.id() < redrivenAt) {
            // Redriven: the state had not succeeded. A Parallel or Map that had started carries on.
            HistoryEvent lastStarted = null;
            int lastStartedIndex = -1;
            for (int i = enteredIndex + 1; i < chain.size() && chain.get(i).id() < redrivenAt; i++) {
                if (chain.get(i).type().equals("ParallelStateStarted") || chain.get(i).type().equals("MapStateStarted")) {
                    lastStarted = chain.get(i);
                    lastStartedIndex = i;
                }
            }
            if (state instanceof State.Parallel p && lastStarted != null) {
                resumeParallel(step, p, lastStarted, after, redrivenAt);
            } else if (state instanceof State.MapState m && lastStarted != null) {
                resumeMap(step, m, lastStarted, chain.subList(lastStartedIndex + 1, chain.size()), after, redrivenAt);
            } else {
                engine.executor().execute(() -> interpreter.enter(g, state.name(), input, scope, done));
            }
            return;
        }
        for (int i = enteredIndex + 1; i < chain.size(); i++) {
            HistoryEvent e = chain.get(i);
            switch (e.type()) {
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
        if (lastFailure != null) {
            // Between retries: the retry comes when it was due, counted against what was spent.
            long due = scope.ex.retryDue(lastFailure.id());
            StatesError error = failureOf(lastFailure);
            resumeFailure(step, error, due > 0 ? due : -1, lastFailure.timestamp());
            return;
        }
        if (state instanceof State.Parallel p && started != null) {
            resumeParallel(step, p, started, after, redrivenAt);
            return;
        }
        if (state instanceof State.MapState m && started != null) {
            resumeMap(step, m, started, chain.subList(startedIndex + 1, chain.size()), after, redrivenAt);
            return;
        }
        // Run now, not later: a task token must be valid again before the engine answers its first call.
        if (state instanceof State.Task t) {
            try {
                new TaskRun(interpreter, engine, step, t).attempt(token, submitted, scheduledAt);
            } catch (StatesError e) {
                interpreter.failState(step, e, () -> interpreter.run(step, null, false));
            }
            return;
        }
        interpreter.run(step, token, submitted);
    }

    private static StatesError failureOf(HistoryEvent e) {
        JsonNode d = Interpreter.parse(e.details());
        String error = d.path("error").asText("");
        String cause = d.path("cause").asText("");
        // A task's recorded failure is the task's, which its Retry and Catch handle (a result over
        // the limit included); a Parallel's or Map's is what its branch failed with.
        return e.type().startsWith("Task") || e.type().startsWith("LambdaFunction")
                ? StatesError.taskFailure(error, cause) : new StatesError(error, cause);
    }

    /** Counts a failed attempt against the retrier it matched, as the running engine did. */
    private void countAttempt(Interpreter.Step step, HistoryEvent failure) {
        int i = Interpreter.retrierFor(step.state, failureOf(failure));
        if (i >= 0) {
            step.attempts[i]++;
            step.retryCount++;
        }
    }


    /**
     * A step whose last attempt failed before the restart. Its attempts are counted already (the
     * failure among them); if a retry was due, it runs at that instant, else at the failure's time
     * plus the retrier's delay; with no retry left, its catchers or its scope's failure.
     */
    private void resumeFailure(Interpreter.Step step, StatesError error, long due, long failedAt) {
        int i = Interpreter.retrierFor(step.state, error);
        if (i >= 0) {
            Retrier r = Interpreter.retriers(step.state).get(i);
            // The failure was counted by countAttempt: within MaxAttempts it was retried.
            if (step.attempts[i] <= r.maxAttempts()) {
                long at = due > 0 ? due : failedAt + Math.round(r.delaySeconds(step.attempts[i] - 1) * 1000);
                step.retryDue = at;
                engine.timers().at(at, () -> interpreter.run(step, null, false));
                return;
            }
            step.attempts[i] = r.maxAttempts();
        }
        interpreter.failState(step, error, null);
    }

    /** A Parallel whose branches had started: each branch carries on from its own place. */
    private void resumeParallel(Interpreter.Step step, State.Parallel p, HistoryEvent started, Map<Long, List<HistoryEvent>> after,
                                long redrivenAt) {
        int depth = step.scope.depth + 1;
        List<HistoryEvent> heads = after.getOrDefault(started.id(), List.of()).stream().filter(e -> e.depth() == depth).toList();
        JsonNode branchInput = Interpreter.parse(Interpreter.parse(heads.isEmpty() ? "{}" : heads.getFirst().details()).path("input").asText("{}"));
        interpreter.parallels.runBranches(step, p, started.id(), (index, branch, scope, done) -> {
            HistoryEvent head = heads.stream().filter(h -> branch.startAt().equals(h.note())).findFirst().orElse(null);
            if (head == null) {
                engine.executor().execute(() -> interpreter.enter(branch, branch.startAt(), branchInput, scope, done));
                return;
            }
            List<HistoryEvent> chain = new ArrayList<>();
            chain.add(head);
            chain.addAll(chain(after, head.id(), depth));
            resumeScope(branch, chain, started.id(), branchInput, scope, done, after, redrivenAt);
        });
    }


    /**
     * A Map whose iterations had started before a restart: iterations that ended keep their
     * results (kept with their end event), those in progress carry on from their own place, the
     * rest start as the concurrency allows. No second {@code MapStateStarted}.
     */
    private void resumeMap(Interpreter.Step step, State.MapState m, HistoryEvent started, List<HistoryEvent> mapEvents,
                           Map<Long, List<HistoryEvent>> after, long redrivenAt) {
        MapStateRun.MapPlan plan = interpreter.maps.mapPlan(step, m);
        Map<Integer, HistoryEvent> running = new java.util.TreeMap<>();
        Map<Integer, HistoryEvent> ended = new HashMap<>();
        boolean succeededBefore = false;
        for (HistoryEvent e : mapEvents) {
            int index = Interpreter.parse(e.details()).path("index").asInt();
            switch (e.type()) {
                case "MapIterationStarted" -> running.put(index, e);
                case "MapIterationSucceeded", "MapIterationFailed" -> {
                    if (e.type().equals("MapIterationFailed") && e.id() < redrivenAt) {
                        // Redriven: an iteration that failed runs again from its failed state.
                        ended.remove(index);
                        running.put(index, iterationStarted(mapEvents, index, e));
                    } else {
                        running.remove(index);
                        ended.put(index, e);
                    }
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
        MapStateRun.MapRun run = interpreter.maps.new MapRun(step, m, plan, started.id(), toStart);
        run.succeededBefore = succeededBefore;
        ended.forEach((index, e) -> run.restoreEnded(index, Interpreter.parse(e.note())));
        // An iteration had failed, and the crash came before the Map failed with it: it fails now.
        Optional<HistoryEvent> failedBefore = ended.values().stream().filter(e -> e.type().equals("MapIterationFailed")).findFirst();
        if (failedBefore.isPresent()) {
            JsonNode err = Interpreter.parse(failedBefore.get().note());
            engine.executor().execute(() -> run.failMap(new StatesError(err.path("Error").asText(""), err.path("Cause").asText(""))));
            return;
        }
        if (run.remaining.get() == 0) {
            engine.executor().execute(run::finish);
            return;
        }
        int depth = step.scope.depth + 1;
        running.forEach((index, e) -> {
            Interpreter.Scope scope = new Interpreter.Scope(step.scope.ex, depth, run.attempt, e.id(), step.scope.vars.inner());
            JsonNode input;
            try {
                input = run.iterationInput(index);
            } catch (StatesError err) {
                run.failMap(err);
                return;
            }
            resumeScope(m.processor(), chain(after, e.id(), depth), e.id(), input, scope, run.iterationDone(index, run.iterationDetails(index)), after, redrivenAt);
        });
        for (int i = running.size(); i < plan.width(); i++) {
            engine.executor().execute(run::launchNext);
        }
    }

    /** The MapIterationStarted of iteration {@code index} before {@code end} (its events follow it). */
    private static HistoryEvent iterationStarted(List<HistoryEvent> mapEvents, int index, HistoryEvent end) {
        HistoryEvent found = end;
        for (HistoryEvent e : mapEvents) {
            if (e.id() >= end.id()) {
                break;
            }
            if (e.type().equals("MapIterationStarted") && Interpreter.parse(e.details()).path("index").asInt() == index) {
                found = e;
            }
        }
        return found;
    }
}
