package localaws.stepfunctions.asl;

import localaws.stepfunctions.json.ReferencePath;

/** One entry of a state's {@code Catch}; a null result path discards the error output. */
public record Catcher(java.util.List<String> errorEquals, String next, ReferencePath resultPath, boolean discardResult) {}
