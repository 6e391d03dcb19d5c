package localaws.stepfunctions.engine;

import localaws.stepfunctions.errors.StatesError;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The workflow variables one scope sees (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html):
 * the top level's own, or, in a Parallel branch or a Map iteration, the outer scopes' variables as
 * they were when it started (read only) and its own, which end with it. A state inside cannot
 * assign a variable of an outer scope.
 */
final class Variables {
    private final Map<String, JsonNode> outer;
    private final Map<String, JsonNode> own = new HashMap<>();

    private Variables(Map<String, JsonNode> outer) {
        this.outer = outer;
    }

    /** The top level's: none yet. */
    static Variables top() {
        return new Variables(Map.of());
    }

    /** A branch's or iteration's, starting now: every variable visible here, for reading. */
    synchronized Variables inner() {
        return new Variables(Map.copyOf(all()));
    }

    /** Every variable visible here, by name. */
    synchronized Map<String, JsonNode> all() {
        Map<String, JsonNode> all = new HashMap<>(outer);
        all.putAll(own);
        return all;
    }

    synchronized JsonNode get(String name) {
        JsonNode v = own.get(name);
        return v != null ? v : outer.get(name);
    }

    /**
     * Assigns every variable of one {@code Assign} at once (each value was evaluated before any is
     * set). A variable of an outer scope is not this scope's to assign: {@code States.Runtime}.
     */
    synchronized void assign(Map<String, JsonNode> values) {
        for (String name : values.keySet()) {
            if (outer.containsKey(name)) {
                throw StatesError.runtime("Cannot assign the variable '" + name + "': it belongs to an outer scope"
                        + " (a Parallel branch or Map iteration reads its outer scope's variables and cannot change them)");
            }
        }
        own.putAll(values);
    }

    /** The variables an {@code Assign} evaluated to, by name, in the order written. */
    static Map<String, JsonNode> of(JsonNode assigned) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        assigned.properties().forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
