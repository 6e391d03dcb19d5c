package localaws.stepfunctions.json;

import localaws.stepfunctions.errors.StatesError;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The intrinsic functions of the States Language ({@code States.Format(...)} and the rest), parsed
 * once when a definition is created and evaluated per state. Failures at run time are reported
 * with the error name AWS uses for them, {@code States.Runtime}.
 */
public final class Intrinsics {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Map<String, int[]> ARITY = Map.ofEntries(
            Map.entry("States.Format", new int[] {1, Integer.MAX_VALUE}),
            Map.entry("States.StringToJson", new int[] {1, 1}),
            Map.entry("States.JsonToString", new int[] {1, 1}),
            Map.entry("States.Array", new int[] {0, Integer.MAX_VALUE}),
            Map.entry("States.ArrayPartition", new int[] {2, 2}),
            Map.entry("States.ArrayContains", new int[] {2, 2}),
            Map.entry("States.ArrayRange", new int[] {3, 3}),
            Map.entry("States.ArrayGetItem", new int[] {2, 2}),
            Map.entry("States.ArrayLength", new int[] {1, 1}),
            Map.entry("States.ArrayUnique", new int[] {1, 1}),
            Map.entry("States.Base64Encode", new int[] {1, 1}),
            Map.entry("States.Base64Decode", new int[] {1, 1}),
            Map.entry("States.Hash", new int[] {2, 2}),
            Map.entry("States.JsonMerge", new int[] {3, 3}),
            Map.entry("States.MathRandom", new int[] {2, 3}),
            Map.entry("States.MathAdd", new int[] {2, 2}),
            Map.entry("States.StringSplit", new int[] {2, 2}),
            Map.entry("States.UUID", new int[] {0, 0}));
    private static final Set<String> HASHES = Set.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512");

    /** An argument: a literal, a path, or a nested call. */
    public sealed interface Expr permits Literal, PathArg, Call {}

    record Literal(JsonNode value) implements Expr {}

    record PathArg(JsonPaths path) implements Expr {}

    public record Call(String name, List<Expr> args) implements Expr {}

    private Intrinsics() {}

    public static boolean looksLikeCall(String text) {
        return text.startsWith("States.");
    }

    /** Parses {@code States.Name(args)}; throws {@link IllegalArgumentException} naming the problem. */
    public static Call parse(String text) {
        Parser p = new Parser(text);
        Expr e = p.expr();
        p.skipSpace();
        if (p.pos != text.length() || !(e instanceof Call call)) {
            throw new IllegalArgumentException("'" + text + "' is not an intrinsic function call");
        }
        return call;
    }

    private static final class Parser {
        final String s;
        int pos;

        Parser(String s) {
            this.s = s;
        }

        void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        IllegalArgumentException fail(String why) {
            return new IllegalArgumentException("intrinsic function '" + s + "': " + why + " at position " + pos);
        }

        Expr expr() {
            skipSpace();
            if (pos >= s.length()) {
                throw fail("unexpected end");
            }
            char c = s.charAt(pos);
            if (c == '\'') {
                return new Literal(NODES.textNode(string()));
            }
            if (c == '$') {
                int start = pos;
                int depth = 0;
                boolean quoted = false;
                while (pos < s.length()) {
                    char d = s.charAt(pos);
                    if (d == '\'' ) {
                        quoted = !quoted;
                    } else if (!quoted && (d == '[' || d == '(')) {
                        depth++;
                    } else if (!quoted && (d == ']' || d == ')')) {
                        if (depth == 0) {
                            break;
                        }
                        depth--;
                    } else if (!quoted && depth == 0 && (d == ',' || Character.isWhitespace(d))) {
                        break;
                    }
                    pos++;
                }
                return new PathArg(JsonPaths.compile(s.substring(start, pos)));
            }
            if (s.startsWith("States.", pos)) {
                int open = s.indexOf('(', pos);
                if (open < 0) {
                    throw fail("missing (");
                }
                String name = s.substring(pos, open).trim();
                int[] arity = ARITY.get(name);
                if (arity == null) {
                    throw fail("unknown intrinsic function " + name);
                }
                pos = open + 1;
                List<Expr> args = new ArrayList<>();
                skipSpace();
                if (pos < s.length() && s.charAt(pos) == ')') {
                    pos++;
                } else {
                    while (true) {
                        args.add(expr());
                        skipSpace();
                        if (pos >= s.length()) {
                            throw fail("missing )");
                        }
                        char d = s.charAt(pos++);
                        if (d == ')') {
                            break;
                        }
                        if (d != ',') {
                            throw fail("expected , or )");
                        }
                    }
                }
                if (args.size() < arity[0] || args.size() > arity[1]) {
                    throw fail(name + " takes " + (arity[0] == arity[1] ? arity[0] : arity[0] + " or more")
                            + " arguments, not " + args.size());
                }
                return new Call(name, List.copyOf(args));
            }
            int start = pos;
            while (pos < s.length() && s.charAt(pos) != ',' && s.charAt(pos) != ')') {
                pos++;
            }
            String token = s.substring(start, pos).trim();
            try {
                JsonNode literal = JsonPaths.MAPPER.readTree(token);
                if (literal == null || literal.isContainerNode() || literal.isMissingNode()) {
                    throw fail("'" + token + "' is not a literal");
                }
                return new Literal(literal);
            } catch (JsonProcessingException e) {
                throw fail("'" + token + "' is not a literal");
            }
        }

        String string() {
            StringBuilder out = new StringBuilder();
            pos++; // opening quote
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '\\' && pos < s.length()) {
                    char next = s.charAt(pos++);
                    // \' \{ \} \\ keep the escaped character; Format reads the braces' escapes itself
                    if (next == '{' || next == '}') {
                        out.append('\\');
                    }
                    out.append(next);
                } else if (c == '\'') {
                    return out.toString();
                } else {
                    out.append(c);
                }
            }
            throw fail("unclosed string");
        }
    }

    public static JsonNode evaluate(Call call, JsonNode input, Roots roots) {
        List<JsonNode> a = new ArrayList<>(call.args().size());
        for (Expr e : call.args()) {
            a.add(switch (e) {
                case Literal l -> l.value();
                case PathArg p -> p.path().read(input, roots);
                case Call c -> evaluate(c, input, roots);
            });
        }
        try {
            return apply(call.name(), a);
        } catch (StatesError e) {
            throw e;
        } catch (RuntimeException e) {
            throw StatesError.runtime("The intrinsic function " + call.name() + " failed: " + e.getMessage());
        }
    }

    private static JsonNode apply(String name, List<JsonNode> a) {
        return switch (name) {
            case "States.Format" -> NODES.textNode(format(text(a.get(0), name), a.subList(1, a.size())));
            case "States.StringToJson" -> {
                try {
                    yield JsonPaths.MAPPER.readTree(text(a.get(0), name));
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException("the argument is not JSON text");
                }
            }
            case "States.JsonToString" -> NODES.textNode(a.get(0).toString());
            case "States.Array" -> {
                ArrayNode out = NODES.arrayNode();
                a.forEach(out::add);
                yield out;
            }
            case "States.ArrayPartition" -> {
                ArrayNode arr = array(a.get(0), name);
                int size = integer(a.get(1), name);
                if (size <= 0) {
                    throw new IllegalArgumentException("the chunk size must be greater than 0");
                }
                ArrayNode out = NODES.arrayNode();
                ArrayNode chunk = null;
                for (int i = 0; i < arr.size(); i++) {
                    if (i % size == 0) {
                        chunk = out.addArray();
                    }
                    chunk.add(arr.get(i));
                }
                yield out;
            }
            case "States.ArrayContains" -> {
                ArrayNode arr = array(a.get(0), name);
                boolean found = false;
                for (JsonNode item : arr) {
                    found |= item.equals(NUMERIC_EQUALITY, a.get(1));
                }
                yield NODES.booleanNode(found);
            }
            case "States.ArrayRange" -> {
                int start = integer(a.get(0), name);
                int end = integer(a.get(1), name);
                int step = integer(a.get(2), name);
                if (step == 0) {
                    throw new IllegalArgumentException("the step must not be 0");
                }
                ArrayNode out = NODES.arrayNode();
                for (long v = start; step > 0 ? v <= end : v >= end; v += step) {
                    if (out.size() >= 1000) {
                        throw new IllegalArgumentException("the range has more than 1000 items");
                    }
                    out.add(number(v));
                }
                yield out;
            }
            case "States.ArrayGetItem" -> {
                ArrayNode arr = array(a.get(0), name);
                int index = integer(a.get(1), name);
                if (index < 0 || index >= arr.size()) {
                    throw new IllegalArgumentException("index " + index + " is out of bounds for an array of " + arr.size());
                }
                yield arr.get(index);
            }
            case "States.ArrayLength" -> NODES.numberNode(array(a.get(0), name).size());
            case "States.ArrayUnique" -> {
                ArrayNode out = NODES.arrayNode();
                for (JsonNode item : array(a.get(0), name)) {
                    boolean seen = false;
                    for (JsonNode kept : out) {
                        seen |= kept.equals(NUMERIC_EQUALITY, item);
                    }
                    if (!seen) {
                        out.add(item);
                    }
                }
                yield out;
            }
            case "States.Base64Encode" -> NODES.textNode(Base64.getEncoder().encodeToString(text(a.get(0), name).getBytes(StandardCharsets.UTF_8)));
            case "States.Base64Decode" -> NODES.textNode(new String(Base64.getDecoder().decode(text(a.get(0), name)), StandardCharsets.UTF_8));
            case "States.Hash" -> {
                String algorithm = text(a.get(1), name);
                if (!HASHES.contains(algorithm)) {
                    throw new IllegalArgumentException("the hash algorithm must be one of " + HASHES);
                }
                JsonNode data = a.get(0);
                String bytes = data.isTextual() ? data.asText() : data.toString();
                try {
                    yield NODES.textNode(HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes.getBytes(StandardCharsets.UTF_8))));
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }
            case "States.JsonMerge" -> {
                if (!a.get(0).isObject() || !a.get(1).isObject()) {
                    throw new IllegalArgumentException("both arguments must be JSON objects");
                }
                if (!a.get(2).isBoolean() || a.get(2).asBoolean()) {
                    throw new IllegalArgumentException("only a shallow merge (false) is supported, as in AWS");
                }
                ObjectNode out = ((ObjectNode) a.get(0)).deepCopy();
                out.setAll((ObjectNode) a.get(1).deepCopy());
                yield out;
            }
            case "States.MathRandom" -> {
                int start = integer(a.get(0), name);
                int end = integer(a.get(1), name);
                if (end <= start) {
                    throw new IllegalArgumentException("the end must be greater than the start");
                }
                Random random = a.size() == 3 ? new Random(integer(a.get(2), name)) : ThreadLocalRandom.current();
                yield NODES.numberNode(start + random.nextInt(end - start));
            }
            case "States.MathAdd" -> number(rounded(a.get(0), name) + rounded(a.get(1), name));
            case "States.StringSplit" -> {
                String text = text(a.get(0), name);
                String delimiters = text(a.get(1), name);
                ArrayNode out = NODES.arrayNode();
                StringBuilder part = new StringBuilder();
                for (int i = 0; i < text.length(); i++) {
                    char c = text.charAt(i);
                    if (delimiters.indexOf(c) >= 0) {
                        if (!part.isEmpty()) {
                            out.add(part.toString());
                        }
                        part.setLength(0);
                    } else {
                        part.append(c);
                    }
                }
                if (!part.isEmpty()) {
                    out.add(part.toString());
                }
                yield out;
            }
            case "States.UUID" -> NODES.textNode(UUID.randomUUID().toString());
            default -> throw new IllegalStateException("unknown intrinsic " + name);
        };
    }

    private static String format(String template, List<JsonNode> args) {
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '\\' && i + 1 < template.length()) {
                out.append(template.charAt(++i));
            } else if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
                if (next >= args.size()) {
                    throw new IllegalArgumentException("the template has more {} than arguments");
                }
                formatted(args.get(next++), out);
                i++;
            } else {
                out.append(c);
            }
        }
        if (next != args.size()) {
            throw new IllegalArgumentException("the template has fewer {} than arguments");
        }
        return out.toString();
    }

    /**
     * An argument of States.Format as AWS writes it: text without quotes; an object as
     * {@code {k=v, n=1}} and an array as {@code [1, two, true, null]}, nested alike.
     */
    private static void formatted(JsonNode arg, StringBuilder out) {
        if (arg.isObject()) {
            out.append('{');
            var fields = arg.properties().iterator();
            while (fields.hasNext()) {
                var f = fields.next();
                out.append(f.getKey()).append('=');
                formatted(f.getValue(), out);
                if (fields.hasNext()) {
                    out.append(", ");
                }
            }
            out.append('}');
        } else if (arg.isArray()) {
            out.append('[');
            for (int i = 0; i < arg.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                formatted(arg.get(i), out);
            }
            out.append(']');
        } else {
            out.append(arg.isTextual() ? arg.asText() : arg.toString());
        }
    }

    /** JSON equality in which 1, 1.0 and 1L are the same number. */
    private static final java.util.Comparator<JsonNode> NUMERIC_EQUALITY = (x, y) -> {
        if (x.isNumber() && y.isNumber()) {
            return x.decimalValue().compareTo(y.decimalValue());
        }
        return x.equals(y) ? 0 : 1;
    };

    private static JsonNode number(long v) {
        return v == (int) v ? NODES.numberNode((int) v) : NODES.numberNode(v);
    }

    private static String text(JsonNode node, String fn) {
        if (!node.isTextual()) {
            throw new IllegalArgumentException(fn + " expects a string, not " + node);
        }
        return node.asText();
    }

    private static ArrayNode array(JsonNode node, String fn) {
        if (!node.isArray()) {
            throw new IllegalArgumentException(fn + " expects an array, not " + node);
        }
        return (ArrayNode) node;
    }

    private static int integer(JsonNode node, String fn) {
        if (!node.isNumber()) {
            throw new IllegalArgumentException(fn + " expects a number, not " + node);
        }
        return node.intValue();
    }

    private static long rounded(JsonNode node, String fn) {
        if (!node.isNumber()) {
            throw new IllegalArgumentException(fn + " expects a number, not " + node);
        }
        // To the nearest whole number, a half towards positive infinity (2.5 is 3, -2.5 is -2), as AWS rounds.
        return node.decimalValue().add(java.math.BigDecimal.valueOf(5, 1)).setScale(0, RoundingMode.FLOOR).longValue();
    }
}
