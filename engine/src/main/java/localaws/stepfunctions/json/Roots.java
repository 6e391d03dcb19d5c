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

    /** Neither a context object nor variables (a path of the input only). */
    Roots NONE = of(() -> null, name -> null);

    /** A context object already built, and no variables. */
    static Roots of(JsonNode context) {
        return of(() -> context, name -> null);
    }

    /** A context object and these variables. */
    static Roots of(JsonNode context, Map<String, JsonNode> variables) {
        return of(() -> context, variables::get);
    }

    /** A context object built on first use, and the variables as {@code variables} finds them. */
    static Roots of(Supplier<JsonNode> context, Function<String, JsonNode> variables) {
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
        };
    }
}
