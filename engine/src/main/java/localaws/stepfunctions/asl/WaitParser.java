package localaws.stepfunctions.asl;

import localaws.stepfunctions.json.JsonataTemplate;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** A Wait state's one duration field: {@code Seconds}, {@code SecondsPath}, {@code Timestamp} or {@code TimestampPath} (or a JSONata expression). */
final class WaitParser {
    private WaitParser() {}

    static State parse(String name, JsonNode node, State.Io io, String at, boolean jsonata, DefinitionParser parser) {
        FieldReader fields = parser.fields();
        int count = 0;
        for (String f : List.of("Seconds", "SecondsPath", "Timestamp", "TimestampPath")) {
            count += node.has(f) ? 1 : 0;
        }
        if (count != 1) {
            fields.problems.add("SCHEMA_VALIDATION_FAILED: a Wait state needs exactly one of Seconds, SecondsPath, Timestamp, TimestampPath at " + at);
        }
        JsonataTemplate secondsExpression = jsonata ? fields.expression(node, "Seconds", at) : null;
        JsonataTemplate timestampExpression = jsonata ? fields.expression(node, "Timestamp", at) : null;
        Long seconds = null;
        if (node.has("Seconds") && secondsExpression == null) {
            if (!node.get("Seconds").isIntegralNumber() || node.get("Seconds").asLong() < 0) {
                fields.problems.add("SCHEMA_VALIDATION_FAILED: Seconds must be a whole number of 0 or more at " + at + "/Seconds");
            } else {
                seconds = node.get("Seconds").asLong();
            }
        }
        Instant timestamp = null;
        if (node.has("Timestamp") && timestampExpression == null) {
            timestamp = node.get("Timestamp").isTextual() ? ChoiceRule.timestamp(node.get("Timestamp").asText()) : null;
            if (timestamp == null) {
                fields.problems.add("SCHEMA_VALIDATION_FAILED: Timestamp must be an RFC 3339 timestamp such as 2027-05-03T16:00:00Z at " + at + "/Timestamp");
            }
        }
        return new State.Wait(name, io, fields.transition(node, at), seconds, fields.path(node, "SecondsPath", at), timestamp,
                fields.path(node, "TimestampPath", at), secondsExpression, timestampExpression);
    }
}
