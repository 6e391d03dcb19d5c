package localaws.stepfunctions.json;

import localaws.stepfunctions.errors.StatesError;
import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A field of a JSONata state (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html):
 * any string of the form {@code "{% expression %}"}, at any depth, is a JSONata expression (the
 * dashjoin port of JSONata, compiled once); everything else is taken as written. An expression
 * reads {@code $states} ({@code input}, {@code result}, {@code errorOutput}, {@code context}) and the
 * workflow's variables ({@code $name}), and has AWS's added functions: {@code $partition},
 * {@code $range}, {@code $hash}, {@code $random} (with an optional seed), {@code $uuid} and
 * {@code $parse}; {@code $eval} is not available, as in AWS. A failure, or an expression that gives
 * nothing (undefined), is {@code States.QueryEvaluationError}.
 */
public final class JsonataTemplate implements Template {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern EVAL = Pattern.compile("\\$eval\\s*\\(");

    private sealed interface Node permits Constant, Expr, Obj, Arr {}

    private record Constant(JsonNode value) implements Node {}

    /** {@code exists}: the same expression under {@code $exists}, to tell a JSON null from nothing (the library gives null for both). */
    private record Expr(String field, String text, Jsonata compiled, Jsonata exists) implements Node {}

    private record Obj(List<Map.Entry<String, Node>> fields) implements Node {}

    private record Arr(List<Node> items) implements Node {}

    private final Node root;

    private JsonataTemplate(Node root) {
        this.root = root;
    }

    /** Whether a value is one JSONata expression: a string that starts with {@code {%} and ends with {@code %}}. */
    public static boolean isExpression(JsonNode value) {
        if (value == null || !value.isTextual()) {
            return false;
        }
        String s = value.asText();
        return s.length() >= 4 && s.startsWith("{%") && s.endsWith("%}");
    }

    /**
     * Compiles a field's value; {@code field} names it in messages ("Arguments", "Output"). Throws
     * {@link IllegalArgumentException} naming the expression that does not compile.
     */
    public static JsonataTemplate compile(JsonNode template, String field) {
        return new JsonataTemplate(node(template, field));
    }

    /** Whether any expression of the field mentions {@code text} (e.g. {@code $states.context.Task.Token}). */
    public boolean mentions(String text) {
        return mentions(root, text);
    }

    private static boolean mentions(Node node, String text) {
        return switch (node) {
            case Constant c -> false;
            case Expr e -> e.text().contains(text);
            case Obj o -> o.fields().stream().anyMatch(f -> mentions(f.getValue(), text));
            case Arr a -> a.items().stream().anyMatch(n -> mentions(n, text));
        };
    }

    private static Node node(JsonNode value, String field) {
        if (isExpression(value)) {
            String text = value.asText();
            String inner = text.substring(2, text.length() - 2).trim();
            if (inner.isEmpty()) {
                throw new IllegalArgumentException("the JSONata expression of " + field + " is empty");
            }
            if (EVAL.matcher(inner).find()) {
                throw new IllegalArgumentException("$eval is not available in JSONata expressions (use $parse) in " + field);
            }
            try {
                return new Expr(field, inner, Jsonata.jsonata(inner), Jsonata.jsonata("$exists((" + inner + "))"));
            } catch (JException | IllegalArgumentException | IllegalStateException e) {
                throw new IllegalArgumentException("the JSONata expression '" + inner + "' of " + field + " does not compile: " + e.getMessage());
            }
        }
        if (value.isObject()) {
            List<Map.Entry<String, Node>> fields = new ArrayList<>();
            boolean constant = true;
            for (var e : value.properties()) {
                Node n = node(e.getValue(), field + "/" + e.getKey());
                constant &= n instanceof Constant;
                fields.add(Map.entry(e.getKey(), n));
            }
            return constant ? new Constant(value.deepCopy()) : new Obj(List.copyOf(fields));
        }
        if (value.isArray()) {
            List<Node> items = new ArrayList<>();
            for (int i = 0; i < value.size(); i++) {
                items.add(node(value.get(i), field + "[" + i + "]"));
            }
            boolean constant = items.stream().allMatch(n -> n instanceof Constant);
            return constant ? new Constant(value.deepCopy()) : new Arr(List.copyOf(items));
        }
        return new Constant(value.deepCopy());
    }

    /** The value, every expression evaluated with {@code $states} and the variables of {@code roots} ({@code value} is not read). */
    @Override
    public JsonNode apply(JsonNode value, Roots roots) {
        return eval(root, new Bindings(roots));
    }

    /**
     * What an expression binds, in JSONata's values: {@code $states} and the variables, converted
     * once for every expression of one field and only if the field has one.
     */
    private static final class Bindings {
        private final Roots roots;
        private Object states;
        private Map<String, Object> variables;

        Bindings(Roots roots) {
            this.roots = roots;
        }

        void bindTo(Jsonata.Frame frame) {
            if (states == null) {
                states = toJava(roots.states());
                variables = new LinkedHashMap<>();
                roots.variables().forEach((name, v) -> variables.put(name, toJava(v)));
            }
            variables.forEach(frame::bind);
            frame.bind("states", states);
        }
    }

    private static JsonNode eval(Node node, Bindings bindings) {
        return switch (node) {
            case Constant c -> c.value().deepCopy();
            case Expr e -> evaluate(e, bindings);
            case Obj o -> {
                ObjectNode out = NODES.objectNode();
                for (var f : o.fields()) {
                    out.set(f.getKey(), eval(f.getValue(), bindings));
                }
                yield out;
            }
            case Arr a -> {
                ArrayNode out = NODES.arrayNode();
                for (Node item : a.items()) {
                    out.add(eval(item, bindings));
                }
                yield out;
            }
        };
    }

    private static JsonNode evaluate(Expr e, Bindings bindings) {
        Object result;
        try {
            result = run(e.compiled(), bindings);
            if (result == null && Boolean.TRUE.equals(run(e.exists(), bindings))) {
                return NODES.nullNode();
            }
        } catch (StatesError err) {
            throw err;
        } catch (RuntimeException | StackOverflowError err) {
            throw new StatesError(StatesError.QUERY_EVALUATION, "The JSONata expression '" + e.text() + "' specified for the field '" + e.field()
                    + "' threw an error: " + err.getMessage());
        }
        JsonNode out = fromJava(result);
        if (out == null) {
            throw new StatesError(StatesError.QUERY_EVALUATION, "The JSONata expression '" + e.text() + "' specified for the field '" + e.field()
                    + "' returned nothing (undefined)");
        }
        return out;
    }

    private static Object run(Jsonata compiled, Bindings bindings) {
        // A compiled expression keeps state while it evaluates: one evaluation at a time.
        synchronized (compiled) {
            Jsonata.Frame frame = compiled.createFrame();
            bindings.bindTo(frame);
            AWS_FUNCTIONS.forEach(frame::bind);
            return compiled.evaluate(null, frame);
        }
    }

    // ---- AWS's added functions ------------------------------------------------------------------

    private static final Map<String, Jsonata.JFunction> AWS_FUNCTIONS = Map.of(
            "partition", fn((input, args) -> {
                List<?> array = list(args, 0, "$partition");
                int size = number(args, 1, "$partition").intValue();
                if (size < 1) {
                    throw new StatesError(StatesError.QUERY_EVALUATION, "$partition: the chunk size must be a positive integer, not " + size);
                }
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < array.size(); i += size) {
                    out.add(new ArrayList<>(array.subList(i, Math.min(array.size(), i + size))));
                }
                return out;
            }),
            "range", fn((input, args) -> {
                double start = number(args, 0, "$range").doubleValue();
                double end = number(args, 1, "$range").doubleValue();
                double step = args.size() > 2 ? number(args, 2, "$range").doubleValue() : 1;
                if (step == 0 || Math.abs((end - start) / step) > 1_000_000) {
                    throw new StatesError(StatesError.QUERY_EVALUATION, "$range: the step must not be 0 and the range at most 1,000,000 items");
                }
                List<Object> out = new ArrayList<>();
                for (double v = start; step > 0 ? v <= end : v >= end; v += step) {
                    out.add(v == Math.rint(v) ? (Object) (long) v : (Object) v);
                }
                return out;
            }),
            "hash", fn((input, args) -> {
                String data = args.isEmpty() || !(args.get(0) instanceof String s) ? null : s;
                if (data == null) {
                    throw new StatesError(StatesError.QUERY_EVALUATION, "$hash: the value to hash must be a string");
                }
                String algorithm = args.size() > 1 && args.get(1) instanceof String a ? a : "SHA-256";
                if (!List.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512").contains(algorithm)) {
                    throw new StatesError(StatesError.QUERY_EVALUATION, "$hash: the algorithm must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512, not " + algorithm);
                }
                try {
                    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data.getBytes(StandardCharsets.UTF_8)));
                } catch (NoSuchAlgorithmException ex) {
                    throw new IllegalStateException(ex);
                }
            }),
            "random", fn((input, args) -> args.isEmpty() || args.get(0) == null ? Math.random()
                    : new java.util.Random(number(args, 0, "$random").longValue()).nextDouble()),
            "uuid", fn((input, args) -> UUID.randomUUID().toString()),
            "parse", fn((input, args) -> {
                if (args.isEmpty() || !(args.get(0) instanceof String s)) {
                    throw new StatesError(StatesError.QUERY_EVALUATION, "$parse: the value must be a JSON string");
                }
                try {
                    return toJava(JsonPaths.MAPPER.readTree(s));
                } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
                    throw new StatesError(StatesError.QUERY_EVALUATION, "$parse: not JSON: " + ex.getOriginalMessage());
                }
            }));

    private static Jsonata.JFunction fn(Jsonata.JFunctionCallable body) {
        return new Jsonata.JFunction(body, null);
    }

    private static List<?> list(List<?> args, int i, String fn) {
        Object v = args.size() > i ? args.get(i) : null;
        if (v instanceof List<?> l) {
            return l;
        }
        throw new StatesError(StatesError.QUERY_EVALUATION, fn + ": argument " + (i + 1) + " must be an array");
    }

    private static Number number(List<?> args, int i, String fn) {
        Object v = args.size() > i ? args.get(i) : null;
        if (v instanceof Number n) {
            return n;
        }
        throw new StatesError(StatesError.QUERY_EVALUATION, fn + ": argument " + (i + 1) + " must be a number");
    }

    // ---- JSON and JSONata's values --------------------------------------------------------------

    /** JSON as JSONata takes it: maps, lists, strings, numbers, booleans, and its own null. */
    static Object toJava(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return null;
        }
        if (n.isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            n.properties().forEach(e -> out.put(e.getKey(), toJava(e.getValue())));
            return out;
        }
        if (n.isArray()) {
            List<Object> out = new ArrayList<>(n.size());
            n.forEach(item -> out.add(toJava(item)));
            return out;
        }
        if (n.isTextual()) {
            return n.asText();
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        if (n.isIntegralNumber()) {
            return n.canConvertToLong() ? (Object) n.asLong() : (Object) n.doubleValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        return Jsonata.NULL_VALUE;
    }

    /**
     * JSONata's value as JSON; null for undefined (at the top: within an object or array the
     * library has already left out what is undefined, and a null there is JSON's). A whole number is
     * written without a fraction, as JSON from JavaScript is.
     */
    static JsonNode fromJava(Object o) {
        if (o == null) {
            return null;
        }
        if (o == Jsonata.NULL_VALUE) {
            return NODES.nullNode();
        }
        if (o instanceof Map<?, ?> m) {
            ObjectNode out = NODES.objectNode();
            m.forEach((k, v) -> {
                JsonNode value = v == null ? NODES.nullNode() : fromJava(v);
                if (value != null) {
                    out.set(String.valueOf(k), value);
                }
            });
            return out;
        }
        if (o instanceof List<?> l) {
            ArrayNode out = NODES.arrayNode();
            for (Object item : l) {
                JsonNode value = item == null ? NODES.nullNode() : fromJava(item);
                if (value != null) {
                    out.add(value);
                }
            }
            return out;
        }
        if (o instanceof String s) {
            return NODES.textNode(s);
        }
        if (o instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (o instanceof Integer || o instanceof Long || o instanceof Short || o instanceof Byte) {
            return whole(((Number) o).longValue());
        }
        if (o instanceof BigInteger bi) {
            return NODES.numberNode(bi);
        }
        if (o instanceof BigDecimal bd) {
            return NODES.numberNode(bd);
        }
        if (o instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new StatesError(StatesError.QUERY_EVALUATION, "A JSONata expression gave " + d + ", which JSON cannot hold");
            }
            return d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15 ? whole((long) d) : NODES.numberNode(d);
        }
        // A function, a regular expression: nothing JSON can hold.
        return null;
    }

    /** A whole number as JSON parsing would read it: an int where it fits. */
    private static JsonNode whole(long v) {
        return v == (int) v ? NODES.numberNode((int) v) : NODES.numberNode(v);
    }
}
