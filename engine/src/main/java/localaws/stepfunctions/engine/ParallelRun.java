package localaws.stepfunctions.engine;

import localaws.stepfunctions.asl.Graph;
import localaws.stepfunctions.asl.State;
import localaws.stepfunctions.errors.StatesError;
import localaws.stepfunctions.json.JsonPaths;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Parallel state's run: its branches, each in a scope of its own that reads the variables as
 * they were when it started, their outputs in branch order; the first branch that fails stops the
 * others and fails the Parallel. A restart carries a run on ({@link Recovery}).
 */
final class ParallelRun {
    private final Interpreter interpreter;
    private final Engine engine;

    ParallelRun(Interpreter interpreter, Engine engine) {
        this.interpreter = interpreter;
        this.engine = engine;
    }

    void parallel(Interpreter.Step step, State.Parallel p) {
        JsonNode eff = interpreter.effectiveInput(p.io(), step);
        JsonNode branchInput = p.io().parameters() != null ? interpreter.apply(p.io().parameters(), eff, step) : eff;
        long started = interpreter.emit(step.scope, "ParallelStateStarted", EventDetails.NONE, null);
        runBranches(step, p, started, (index, branch, scope, done) ->
                engine.executor().execute(() -> interpreter.enter(branch, branch.startAt(), branchInput, scope, done)));
    }

    /** Starts (or, after a restart, carries on) one branch of a Parallel in its scope. */
    interface BranchStart {
        void start(int index, Graph branch, Interpreter.Scope scope, Interpreter.Done done);
    }

    void runBranches(Interpreter.Step step, State.Parallel p, long started, BranchStart starter) {
        Interpreter.Scope attempt = new Interpreter.Scope(step.scope.ex, step.scope.depth + 1, step.scope, started, step.scope.vars);
        int n = p.branches().size();
        JsonNode[] results = new JsonNode[n];
        AtomicInteger remaining = new AtomicInteger(n);
        AtomicBoolean failed = new AtomicBoolean();
        for (int i = 0; i < n; i++) {
            int index = i;
            Graph branch = p.branches().get(i);
            // Each branch reads the variables as they are when the Parallel starts, and has its own.
            Interpreter.Scope scope = new Interpreter.Scope(step.scope.ex, step.scope.depth + 1, attempt, started, step.scope.vars.inner());
            starter.start(index, branch, scope, new Interpreter.Done() {
                @Override
                public void succeeded(JsonNode output) {
                    results[index] = output;
                    if (remaining.decrementAndGet() == 0 && !failed.get()) {
                        interpreter.emit(step.scope, "ParallelStateSucceeded", EventDetails.NONE, null);
                        ArrayNode all = JsonPaths.MAPPER.createArrayNode();
                        for (JsonNode r : results) {
                            all.add(r);
                        }
                        interpreter.finishComposite(step, p.io(), all, p.transition().next(), () -> parallel(step, p));
                    }
                }

                @Override
                public void failed(StatesError error) {
                    if (failed.compareAndSet(false, true)) {
                        attempt.cancelled = true;
                        interpreter.emit(step.scope, "ParallelStateFailed", Interpreter.errorDetails(error), null);
                        interpreter.failState(step, error, () -> parallel(step, p));
                    }
                }
            });
        }
    }
}
