package localaws.stepfunctions.json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A field whose value is computed when the state runs: a JSONPath payload template
 * ({@code Parameters}, {@code ResultSelector}, {@code ItemSelector}, {@code Assign}: fields ending
 * in {@code .$} read {@code value}) or a JSONata one ({@code Arguments}, {@code Output},
 * {@code Assign}: {@code {% %}} strings read {@code $states} from the roots).
 */
public interface Template {
    JsonNode apply(JsonNode value, Roots roots);
}
