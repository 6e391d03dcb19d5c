package localaws.stepfunctions.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a path reads besides the state's own input: the context object ({@code $$}) and the
 * workflow's variables ({@code $name}). The context object is built only if a path reads it.
 */
public interface Roots {
    /** The context object {@code $$}. */
    JsonNode context();

    /** The value of the variable of that name in scope, or null if none is assigned. */
    JsonNode variable(String name);

    /** Every variable in scope, by name (what a JSONata expression binds). */
    default Map<String, JsonNode> variables() {
        return Map.of();
    }

    /**
     * What a JSONata expression reads as {@code $states} besides the context: the state's input,
     * and where there is one its result or its error output (fields missing where there is none).
     */
    default JsonNode states() {
        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    }

    /** These roots, with {@code $states} made of the state's input and its result or error output (either may be null). */
    default Roots withStates(JsonNode input, JsonNode result, JsonNode errorOutput) {
        Roots base = this;
        return new Roots() {
            @Override
            public JsonNode context() {
                return base.context();
            }

            @Override
            public JsonNode variable(String name) {
                return base.variable(name);
            }

            @Override
            public Map<String, JsonNode> variables() {
                return base.variables();
            }

            @Override
            public JsonNode states() {
                var s = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
                s.set("input", input);
                if (result != null) {
                    s.set("result", result);
                }
                if (errorOutput != null) {
                    s.set("errorOutput", errorOutput);
                }
                s.set("context", base.context());
                return s;
            }
        };
    }

    /** A context object already built, and no variables. */
    static Roots of(JsonNode context) {
        return of(context, Map.of());
    }

    /** A context object and these variables. */
    static Roots of(JsonNode context, Map<String, JsonNode> variables) {
        return of(() -> context, variables::get, () -> variables);
    }

    /** A context object built on first use, and the variables one by one and all at once. */
    static Roots of(Supplier<JsonNode> context, Function<String, JsonNode> variables, Supplier<Map<String, JsonNode>> all) {
        return new Roots() {
            private JsonNode built;

            @Override
            public synchronized JsonNode context() {
                if (built == null) {
                    built = context.get();
                }
                return built;
            }

            @Override
            public JsonNode variable(String name) {
                return variables.apply(name);
            }

            @Override
            public Map<String, JsonNode> variables() {
                return all.get();
            }
        };
    }
}
