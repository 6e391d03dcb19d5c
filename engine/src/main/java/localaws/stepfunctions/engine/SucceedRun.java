package localaws.stepfunctions.engine;

import localaws.stepfunctions.asl.State;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** A Succeed state: its input through {@code InputPath} and {@code OutputPath}, and the end of its graph. */
final class SucceedRun {
    private SucceedRun() {}

    static void run(Interpreter interpreter, Interpreter.Step step, State.Succeed s) {
        JsonNode out = interpreter.outputOnly(s.io(), interpreter.effectiveInput(s.io(), step), step);
        interpreter.exit(step, new Interpreter.Leaving(out, Map.of()), null);
    }
}
