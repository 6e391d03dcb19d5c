package localaws.stepfunctions.json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A field that takes a path or an intrinsic function call, as a Fail state's {@code ErrorPath} and
 * {@code CausePath} do ({@code "$.error"}, {@code "States.Format('E{}', $.n)"}).
 */
public record PathOrCall(String text, JsonPaths path, Intrinsics.Call call) {
    /** Compiles either; throws {@link IllegalArgumentException} naming what is wrong. */
    public static PathOrCall compile(String text) {
        return Intrinsics.looksLikeCall(text)
                ? new PathOrCall(text, null, Intrinsics.parse(text))
                : new PathOrCall(text, JsonPaths.compile(text), null);
    }

    /** The value; a path that finds nothing gives a missing node (a call's failure is thrown as the call's). */
    public JsonNode find(JsonNode input, Roots roots) {
        return call != null ? Intrinsics.evaluate(call, input, roots) : path.find(input, roots);
    }

    /** Whether it reads the context object rather than the input (for the message that shows what was searched). */
    public boolean isContextPath() {
        return path != null && path.isContextPath();
    }
}
