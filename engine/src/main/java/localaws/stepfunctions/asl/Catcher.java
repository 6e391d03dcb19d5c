package localaws.stepfunctions.asl;

import localaws.stepfunctions.json.ReferencePath;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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

    /** A state's {@code Catch} list (JSONPath or JSONata fields), each entry checked as {@code CreateStateMachine} checks it. */
    static List<Catcher> parseAll(JsonNode node, String at, boolean jsonata, FieldReader fields) {
        List<Catcher> out = new ArrayList<>();
        JsonNode list = node.path("Catch");
        if (node.has("Catch") && !list.isArray()) {
            fields.problems.add("SCHEMA_VALIDATION_FAILED: Catch must be an array at " + at + "/Catch");
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode c = list.get(i);
            String cAt = at + "/Catch[" + i + "]";
            List<String> errors = fields.errorEquals(c, cAt, i == list.size() - 1);
            String next = c.path("Next").asText(null);
            if (next == null) {
                fields.problems.add("SCHEMA_VALIDATION_FAILED: These fields are required: [Next] at " + cAt);
            }
            if (jsonata) {
                for (String f : FieldReader.names(c)) {
                    if (!Set.of("ErrorEquals", "Next", "Output", "Assign", "Comment").contains(f)) {
                        fields.problems.add("SCHEMA_VALIDATION_FAILED: The field '" + f + "' is not supported by Step Functions in a JSONata state at " + cAt);
                    }
                }
                out.add(new Catcher(errors, next, null, false, fields.jsonataAssign(c, cAt), fields.jsonata(c, "Output", cAt)));
                continue;
            }
            boolean discard = c.has("ResultPath") && c.get("ResultPath").isNull();
            ReferencePath resultPath = null;
            if (c.has("ResultPath") && !discard) {
                try {
                    resultPath = ReferencePath.parse(c.get("ResultPath").asText(null));
                } catch (IllegalArgumentException e) {
                    fields.problems.add("INVALID_JSON_PATH: " + e.getMessage() + " at " + cAt + "/ResultPath");
                }
            }
            for (String f : FieldReader.names(c)) {
                if (!Set.of("ErrorEquals", "Next", "ResultPath", "Assign", "Comment").contains(f)) {
                    fields.problems.add("SCHEMA_VALIDATION_FAILED: The field '" + f + "' is not supported by Step Functions at " + cAt);
                }
            }
            out.add(new Catcher(errors, next, resultPath, discard, fields.assign(c, cAt), null));
        }
        return List.copyOf(out);
    }
}
