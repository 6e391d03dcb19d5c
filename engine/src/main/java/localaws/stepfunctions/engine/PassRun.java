package localaws.stepfunctions.engine;

import localaws.stepfunctions.asl.State;
import com.fasterxml.jackson.databind.JsonNode;

/** A Pass state: its {@code Result}, or its {@code Parameters} over its input, or its input as it is, then on. */
final class PassRun {
    private PassRun() {}

    static void run(Interpreter interpreter, Interpreter.Step step, State.Pass p) {
        JsonNode eff = interpreter.effectiveInput(p.io(), step);
        JsonNode result = p.result() != null ? p.result().deepCopy()
                : p.io().parameters() != null ? interpreter.apply(p.io().parameters(), eff, step) : eff;
        interpreter.exit(step, interpreter.leaving(p.io(), step, result), p.transition().next());
    }
}
