package localaws.stepfunctions.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** One entry of a state's {@code Retry}: read from a definition, matched against an error, and the delay before each retry. */
public record Retrier(List<String> errorEquals, double intervalSeconds, int maxAttempts, double backoffRate,
                      Integer maxDelaySeconds, boolean fullJitter) {

    /** Whether this retrier retries the error. */
    public boolean matches(localaws.stepfunctions.errors.StatesError error) {
        return error.isMatchedBy(errorEquals);
    }

    /** The delay before retry number {@code attempt} (0 for the first retry), before jitter. */
    public double delaySeconds(int attempt) {
        double delay = intervalSeconds * Math.pow(backoffRate, attempt);
        return maxDelaySeconds == null ? delay : Math.min(delay, maxDelaySeconds);
    }

    /** A state's {@code Retry} list, each entry checked as {@code CreateStateMachine} checks it (problems go to {@code f}). */
    static List<Retrier> parseAll(JsonNode node, String at, FieldReader fields) {
        List<Retrier> out = new ArrayList<>();
        JsonNode list = node.path("Retry");
        if (node.has("Retry") && !list.isArray()) {
            fields.problems.add("SCHEMA_VALIDATION_FAILED: Retry must be an array at " + at + "/Retry");
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode r = list.get(i);
            String rAt = at + "/Retry[" + i + "]";
            List<String> errors = fields.errorEquals(r, rAt, i == list.size() - 1);
            double interval = r.path("IntervalSeconds").asDouble(1);
            if (r.has("IntervalSeconds") && (!r.get("IntervalSeconds").isIntegralNumber() || interval < 1)) {
                fields.problems.add("SCHEMA_VALIDATION_FAILED: IntervalSeconds must be a whole number of 1 or more at " + rAt);
            }
            int max = r.path("MaxAttempts").asInt(3);
            if (r.has("MaxAttempts") && (!r.get("MaxAttempts").isIntegralNumber() || max < 0)) {
                fields.problems.add("SCHEMA_VALIDATION_FAILED: MaxAttempts must be a whole number of 0 or more at " + rAt);
            }
            double backoff = r.path("BackoffRate").asDouble(2.0);
            if (r.has("BackoffRate") && (!r.get("BackoffRate").isNumber() || backoff < 1)) {
                fields.problems.add("SCHEMA_VALIDATION_FAILED: BackoffRate must be 1.0 or more at " + rAt);
            }
            Integer maxDelay = r.has("MaxDelaySeconds") ? fields.positiveInt(r.get("MaxDelaySeconds"), rAt + "/MaxDelaySeconds") : null;
            String jitter = r.path("JitterStrategy").asText("NONE");
            if (!jitter.equals("NONE") && !jitter.equals("FULL")) {
                fields.problems.add("SCHEMA_VALIDATION_FAILED: JitterStrategy must be FULL or NONE at " + rAt);
            }
            for (String f : FieldReader.names(r)) {
                if (!Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment").contains(f)) {
                    fields.problems.add("SCHEMA_VALIDATION_FAILED: The field '" + f + "' is not supported by Step Functions at " + rAt);
                }
            }
            out.add(new Retrier(errors, interval, max, backoff, maxDelay, jitter.equals("FULL")));
        }
        return List.copyOf(out);
    }
}
