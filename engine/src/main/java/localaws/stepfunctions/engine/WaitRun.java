package localaws.stepfunctions.engine;

import localaws.stepfunctions.asl.ChoiceRule;
import localaws.stepfunctions.asl.Graph;
import localaws.stepfunctions.asl.State;
import localaws.stepfunctions.errors.StatesError;
import localaws.stepfunctions.json.JsonText;
import localaws.stepfunctions.json.Roots;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.time.Instant;
import java.util.Map;

/**
 * A Wait state: when it is due (seconds, a timestamp, either from a path or a JSONata expression,
 * each refused in AWS's words when wrong), then on; one already due leaves at once, and a parked
 * one keeps only its output as text on the timer queue until it wakes.
 */
final class WaitRun {
    private final Interpreter interpreter;
    private final Engine engine;

    WaitRun(Interpreter interpreter, Engine engine) {
        this.interpreter = interpreter;
        this.engine = engine;
    }

    void run(Interpreter.Step step, State.Wait w) {
        JsonNode eff = interpreter.effectiveInput(w.io(), step);
        Roots ctx = interpreter.roots(step, null, null);
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
                throw StatesError.runtime("The SecondsPath parameter cannot be parsed as a long value: " + w.secondsPath().text() + " == " + Interpreter.shown(v));
            }
            if (v.asLong() < 0) {
                throw StatesError.runtime("The SecondsPath parameter references a negative value: " + w.secondsPath().text() + " == " + Interpreter.shown(v));
            }
            due = step.enteredMillis + v.asLong() * 1000;
        } else {
            JsonNode v = w.timestampPath().read(eff, ctx);
            Instant at = v.isTextual() ? ChoiceRule.timestamp(v.asText()) : null;
            if (at == null) {
                throw StatesError.runtime("The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: "
                        + w.timestampPath().text() + " == " + Interpreter.shown(v));
            }
            due = at.toEpochMilli();
        }
        JsonNode output = interpreter.outputOnly(w.io(), eff, step);
        JsonNode assign = w.io().assign() == null ? null : w.io().assign().apply(eff, ctx);
        long at = engine.scaledDue(step.enteredMillis, due);
        if (at <= engine.clock().millis()) {
            // Due already (zero seconds, a timestamp passed): it leaves now, with nothing parked.
            interpreter.exit(step, new Interpreter.Leaving(output, assign == null ? Map.of() : Variables.of(assign)), w.transition().next());
            return;
        }
        // A parked execution holds only its output (and what it assigns) as text until it wakes: many thousands wait at once.
        String out = Interpreter.shared(JsonText.of(output), step.scope.ex);
        String assigned = assign == null ? null : JsonText.of(assign);
        Graph graph = step.graph;
        Interpreter.Scope scope = step.scope;
        Interpreter.Done done = step.done;
        long entered = step.enteredMillis;
        long enteredId = step.enteredEventId;
        engine.timers().at(at, () -> {
            Interpreter.Step waited = interpreter.new Step(graph, w, NullNode.getInstance(), scope, done, entered, 0);
            waited.enteredEventId = enteredId;
            interpreter.exit(waited, new Interpreter.Leaving(Interpreter.parse(out), assigned == null ? Map.of() : Variables.of(Interpreter.parse(assigned))), w.transition().next());
        });
    }
}
