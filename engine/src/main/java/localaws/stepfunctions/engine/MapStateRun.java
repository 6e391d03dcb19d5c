package localaws.stepfunctions.engine;

import localaws.stepfunctions.asl.State;
import localaws.stepfunctions.errors.StatesError;
import localaws.stepfunctions.json.JsonPaths;
import localaws.stepfunctions.json.JsonText;
import localaws.stepfunctions.json.Roots;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An inline Map state's run: what it works on ({@link MapPlan}), its iterations started as its
 * concurrency allows, each in a scope of its own, their results in order, its first failed
 * iteration failing it. A restart carries a run on ({@link Recovery}).
 */
final class MapStateRun {
    private final Interpreter interpreter;
    private final Engine engine;

    MapStateRun(Interpreter interpreter, Engine engine) {
        this.interpreter = interpreter;
        this.engine = engine;
    }

    /** What a Map works on, evaluated from its input when it starts (and again, the same, when it resumes). */
    record MapPlan(JsonNode eff, JsonNode items, int width) {
        int size() {
            return items.size();
        }
    }

    MapPlan mapPlan(Interpreter.Step step, State.MapState m) {
        JsonNode eff = interpreter.effectiveInput(m.io(), step);
        Roots ctx = interpreter.roots(step, null, null);
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
                throw StatesError.runtime("Expected non-negative integer for MaxConcurrency, got '" + Interpreter.shown(v) + "' instead.");
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

    /** The indexes 0 to {@code n} - 1, as a list that holds nothing. */
    private static List<Integer> every(int n) {
        return new java.util.AbstractList<>() {
            @Override
            public Integer get(int i) {
                return java.util.Objects.checkIndex(i, n);
            }

            @Override
            public int size() {
                return n;
            }
        };
    }

    void map(Interpreter.Step step, State.MapState m) {
        MapPlan plan = mapPlan(step, m);
        long startedId = interpreter.emit(step.scope, "MapStateStarted", EventDetails.text("{\"length\":" + plan.size() + "}"), null);
        if (plan.size() == 0) {
            interpreter.emit(step.scope, "MapStateSucceeded", EventDetails.NONE, null);
            interpreter.finishComposite(step, m.io(), JsonPaths.MAPPER.createArrayNode(), m.transition().next(), () -> map(step, m));
            return;
        }
        MapRun run = new MapRun(step, m, plan, startedId, every(plan.size()));
        for (int i = 0; i < plan.width(); i++) {
            interpreter.proceed(run::launchNext);
        }
    }

    /** One run of a Map's iterations: their results and what is left. */
    final class MapRun {
        final Interpreter.Step step;
        final State.MapState m;
        final MapPlan plan;
        final long startedId;
        final Interpreter.Scope attempt;
        final List<Integer> toStart;
        final JsonNode[] results;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger remaining;
        final AtomicBoolean failed = new AtomicBoolean();
        /** Its MapStateSucceeded was written before a restart: not written again. */
        boolean succeededBefore;

        MapRun(Interpreter.Step step, State.MapState m, MapPlan plan, long startedId, List<Integer> toStart) {
            this.step = step;
            this.m = m;
            this.plan = plan;
            this.startedId = startedId;
            this.attempt = new Interpreter.Scope(step.scope.ex, step.scope.depth + 1, step.scope, startedId, step.scope.vars);
            this.toStart = toStart;
            this.results = new JsonNode[plan.size()];
            this.remaining = new AtomicInteger(plan.size());
            this.quotedName = "{\"name\":" + JsonText.quoted(m.name()) + ",\"index\":";
        }

        void restoreEnded(int index, JsonNode result) {
            results[index] = result;
            remaining.decrementAndGet();
        }

        JsonNode iterationInput(int index) {
            if (m.itemSelector() == null) {
                return plan.items().get(index);
            }
            ObjectNode item = JsonPaths.MAPPER.createObjectNode();
            item.put("Index", index);
            item.set("Value", plan.items().get(index));
            return m.itemSelector().apply(plan.eff(), interpreter.roots(step, null, item));
        }

        /** An iteration's event details, {@code {"name": <the Map's name>, "index": i}}, written as text (one per event, many per Map). */
        EventDetails iterationDetails(int index) {
            return EventDetails.text(quotedName + index + "}");
        }

        /** {@code {"name":"<the Map's name>","index":}}, made once a Map run. */
        private final String quotedName;

        void launchNext() {
            int k = next.getAndIncrement();
            if (k >= toStart.size() || attempt.isCancelled()) {
                return;
            }
            int index = toStart.get(k);
            EventDetails details = iterationDetails(index);
            long itStarted = interpreter.emit(step.scope, "MapIterationStarted", details, null);
            JsonNode input;
            try {
                input = iterationInput(index);
            } catch (StatesError e) {
                failMap(e);
                return;
            }
            // The iteration's events follow its MapIterationStarted, as in AWS's history, so a restart can tell iterations apart.
            // Each iteration reads the variables of the Map's scope, and has its own.
            Interpreter.Scope scope = new Interpreter.Scope(step.scope.ex, step.scope.depth + 1, attempt, itStarted, step.scope.vars.inner());
            interpreter.enter(m.processor(), m.processor().startAt(), input, scope, iterationDone(index, details));
        }

        synchronized void failMap(StatesError error) {
            if (failed.compareAndSet(false, true)) {
                attempt.cancelled = true;
                interpreter.emit(step.scope, "MapStateFailed", Interpreter.errorDetails(error), null);
                interpreter.failState(step, error, () -> map(step, m));
            }
        }

        /** What an iteration's end writes; {@code iteration}: its events' details, as its MapIterationStarted has them. */
        Interpreter.Done iterationDone(int index, EventDetails iteration) {
            return new Interpreter.Done() {
                @Override
                public void succeeded(JsonNode output) {
                    synchronized (MapRun.this) {
                        if (failed.get()) {
                            return; // the Map failed meanwhile: nothing is written after its failure
                        }
                        results[index] = output;
                        // The note keeps the iteration's result for a restart; the API shows only name and index.
                        interpreter.emit(step.scope, "MapIterationSucceeded", iteration, JsonText.of(output));
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
                        interpreter.emit(step.scope, "MapIterationFailed", iteration, err.toString());
                        failMap(error);
                    }
                }
            };
        }

        private void completed() {
            if (remaining.decrementAndGet() == 0) {
                finish();
            } else {
                interpreter.proceed(this::launchNext);
            }
        }

        void finish() {
            if (failed.get()) {
                return;
            }
            if (!succeededBefore) {
                interpreter.emit(step.scope, "MapStateSucceeded", EventDetails.NONE, null);
            }
            ArrayNode all = JsonPaths.MAPPER.createArrayNode();
            for (JsonNode r : results) {
                all.add(r);
            }
            interpreter.finishComposite(step, m.io(), all, m.transition().next(), () -> map(step, m));
        }
    }
}
