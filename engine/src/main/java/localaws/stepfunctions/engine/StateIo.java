package localaws.stepfunctions.engine;

import localaws.stepfunctions.asl.State;
import localaws.stepfunctions.json.JsonPaths;
import localaws.stepfunctions.json.Roots;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A JSONPath state's input and output processing, each step on its own (TestState shows each
 * one's value): InputPath, ResultPath, OutputPath, as AWS applies them.
 */
final class StateIo {
    private StateIo() {}

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
}
