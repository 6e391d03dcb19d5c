package localaws.stepfunctions.json;

import localaws.stepfunctions.errors.StatesError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A payload template ({@code Parameters}, {@code ResultSelector}, {@code ItemSelector}): fields
 * whose name ends in {@code .$} take the value of a path or an intrinsic function, compiled once.
 */
public final class PayloadTemplate implements Template {
    private sealed interface Node permits Constant, Dynamic, Obj, Arr {}

    private record Constant(JsonNode value) implements Node {}

    private record Dynamic(String field, JsonPaths path, Intrinsics.Call call) implements Node {}

    private record Obj(List<Map.Entry<String, Node>> fields) implements Node {}

    private record Arr(List<Node> items) implements Node {}

    private final Node root;

    private PayloadTemplate(Node root) {
        this.root = root;
    }

    /** Compiles a template; {@code where} names it in error messages (e.g. "/States/Send/Parameters"). */
    public static PayloadTemplate compile(JsonNode template, String where) {
        return new PayloadTemplate(node(template, where));
    }

    private static Node node(JsonNode value, String where) {
        if (value.isObject()) {
            List<Map.Entry<String, Node>> fields = new ArrayList<>();
            for (var e : value.properties()) {
                String key = e.getKey();
                String at = where + "/" + key;
                if (key.endsWith(".$")) {
                    if (!e.getValue().isTextual()) {
                        throw new IllegalArgumentException(at + ": the value of a field ending in .$ must be a path or an intrinsic function");
                    }
                    String text = e.getValue().asText();
                    String name = key.substring(0, key.length() - 2);
                    try {
                        if (Intrinsics.looksLikeCall(text)) {
                            fields.add(Map.entry(name, new Dynamic(key, null, Intrinsics.parse(text))));
                        } else {
                            fields.add(Map.entry(name, new Dynamic(key, JsonPaths.compile(text), null)));
                        }
                    } catch (IllegalArgumentException ex) {
                        throw new IllegalArgumentException(at + ": " + ex.getMessage());
                    }
                } else {
                    fields.add(Map.entry(key, node(e.getValue(), at)));
                }
            }
            return new Obj(List.copyOf(fields));
        }
        if (value.isArray()) {
            List<Node> items = new ArrayList<>();
            for (int i = 0; i < value.size(); i++) {
                items.add(node(value.get(i), where + "[" + i + "]"));
            }
            boolean constant = items.stream().allMatch(n -> n instanceof Constant);
            return constant ? new Constant(value.deepCopy()) : new Arr(List.copyOf(items));
        }
        return new Constant(value.deepCopy());
    }

    @Override
    public JsonNode apply(JsonNode input, Roots roots) {
        return eval(root, input, roots);
    }

    private static JsonNode eval(Node node, JsonNode input, Roots roots) {
        return switch (node) {
            case Constant c -> c.value().deepCopy();
            case Dynamic d -> {
                if (d.call() != null) {
                    yield Intrinsics.evaluate(d.call(), input, roots);
                }
                JsonNode v = d.path().find(input, roots);
                if (v.isMissingNode()) {
                    if (d.path().variable() != null) {
                        d.path().read(input, roots); // an unassigned variable is worded as one
                    }
                    throw StatesError.runtime("The JSONPath '" + d.path().text() + "' specified for the field '" + d.field()
                            + "' could not be found in the input '" + (d.path().isContextPath() ? roots.context() : d.path().variable() != null
                            ? roots.variable(d.path().variable()) : input) + "'");
                }
                yield v;
            }
            case Obj o -> {
                ObjectNode out = JsonPaths.MAPPER.createObjectNode();
                for (var f : o.fields()) {
                    out.set(f.getKey(), eval(f.getValue(), input, roots));
                }
                yield out;
            }
            case Arr a -> {
                ArrayNode out = JsonPaths.MAPPER.createArrayNode();
                for (Node item : a.items()) {
                    out.add(eval(item, input, roots));
                }
                yield out;
            }
        };
    }

    /** True if any field reads {@code $$.Task.Token}: a waitForTaskToken task must pass its token on. */
    public boolean mentionsTaskToken() {
        return mentions(root, "$$.Task.Token");
    }

    private static boolean mentions(Node node, String prefix) {
        return switch (node) {
            case Constant c -> false;
            case Dynamic d -> d.path() != null ? d.path().text().startsWith(prefix) : d.call().toString().contains(prefix);
            case Obj o -> o.fields().stream().anyMatch(f -> mentions(f.getValue(), prefix));
            case Arr a -> a.items().stream().anyMatch(n -> mentions(n, prefix));
        };
    }
}
