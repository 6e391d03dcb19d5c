package localaws.stepfunctions.asl;

import localaws.stepfunctions.json.ReferencePath;

/**
 * One entry of a state's {@code Catch}; a null result path discards the error output. {@code assign}
 * (or null) is its {@code Assign}, evaluated over the error output; {@code output} (JSONata, or null) its {@code Output}.
 */
public record Catcher(java.util.List<String> errorEquals, String next, ReferencePath resultPath, boolean discardResult,
                      localaws.stepfunctions.json.Template assign, localaws.stepfunctions.json.Template output) {
    /** Whether this catcher catches the error. */
    public boolean matches(localaws.stepfunctions.errors.StatesError error) {
        return error.isMatchedBy(errorEquals);
    }
}
