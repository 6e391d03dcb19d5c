package localaws.stepfunctions.json;

import localaws.stepfunctions.errors.StatesError;
import localaws.stepfunctions.json.intrinsics.Args;
import localaws.stepfunctions.json.intrinsics.Functions;
import localaws.stepfunctions.json.intrinsics.Intrinsic;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Calls of the States Language's intrinsic functions ({@code States.Format(...)} and the rest):
 * parsed once when a definition is created, evaluated per state. Each function is a class of its
 * own in {@code json.intrinsics}; this class reads the call syntax, evaluates the arguments (paths,
 * literals, nested calls) and reports a function's failure with the error name AWS uses for it,
 * {@code States.Runtime}.
 */
public final class Intrinsics {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** An argument: a literal, a path, or a nested call. */
    public sealed interface Expr permits Literal, PathArg, Call {}

    record Literal(JsonNode value) implements Expr {}

    record PathArg(JsonPaths path) implements Expr {}

    /** A call of one function (resolved when parsed) with its arguments. */
    public record Call(Intrinsic function, List<Expr> args) implements Expr {
        public String name() {
            return function.name();
        }
    }

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
                Intrinsic function = Functions.named(name).orElseThrow(() -> fail("unknown intrinsic function " + name));
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
                if (args.size() < function.minArgs() || args.size() > function.maxArgs()) {
                    throw fail(name + " takes " + arity(function) + " arguments, not " + args.size());
                }
                return new Call(function, List.copyOf(args));
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

    private static String arity(Intrinsic f) {
        return f.minArgs() == f.maxArgs() ? Integer.toString(f.minArgs())
                : f.maxArgs() == Integer.MAX_VALUE ? f.minArgs() + " or more" : f.minArgs() + " to " + f.maxArgs();
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
            return call.function().apply(new Args(call.name(), a));
        } catch (StatesError e) {
            throw e;
        } catch (RuntimeException e) {
            throw StatesError.runtime("The intrinsic function " + call.name() + " failed: " + e.getMessage());
        }
    }
}
