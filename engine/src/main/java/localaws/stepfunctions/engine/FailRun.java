package localaws.stepfunctions.engine;

import localaws.stepfunctions.asl.State;
import localaws.stepfunctions.errors.StatesError;
import localaws.stepfunctions.json.Roots;
import com.fasterxml.jackson.databind.JsonNode;

/** A Fail state: the error and cause it fails with, from its fields, its paths or its JSONata expressions. */
final class FailRun {
    private FailRun() {}

    /** What a Fail state fails with, from its fields or its paths over its raw input. */
    static StatesError failure(State.Fail f, JsonNode input, Roots ctx) {
        String error = f.errorPath() != null ? text(failPath(f.errorPath(), "ErrorPath", input, ctx), "ErrorPath")
                : f.errorExpression() != null ? queryText(f.errorExpression().apply(input, ctx), "Error") : f.error();
        String cause = f.causePath() != null ? text(failPath(f.causePath(), "CausePath", input, ctx), "CausePath")
                : f.causeExpression() != null ? queryText(f.causeExpression().apply(input, ctx), "Cause") : f.cause();
        return new StatesError(error == null ? "" : error, cause == null ? "" : cause);
    }

    /** A Fail state's ErrorPath or CausePath: one that finds nothing is worded as a missing field of Parameters is. */
    private static JsonNode failPath(localaws.stepfunctions.json.PathOrCall path, String field, JsonNode input, Roots ctx) {
        JsonNode v = path.find(input, ctx);
        if (v.isMissingNode()) {
            throw StatesError.runtime("The JSONPath '" + path.text() + "' specified for the field '" + field + "' could not be found in the input '"
                    + (path.isContextPath() ? ctx.context() : input) + "'");
        }
        return v;
    }

    /** A JSONata field that must give a string. */
    private static String queryText(JsonNode node, String field) {
        if (!node.isTextual()) {
            throw new StatesError(StatesError.QUERY_EVALUATION, "The JSONata expression of " + field + " must give a string, not " + node);
        }
        return node.asText();
    }

    private static String text(JsonNode node, String field) {
        if (!node.isTextual()) {
            throw StatesError.runtime("The value of " + field + " must be a string, not " + node);
        }
        return node.asText();
    }
}
