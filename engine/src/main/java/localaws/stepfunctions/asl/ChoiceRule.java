package localaws.stepfunctions.asl;

import localaws.stepfunctions.errors.StatesError;
import localaws.stepfunctions.json.JsonPaths;
import localaws.stepfunctions.json.Template;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Choice rules. A comparison whose variable has another type than the operator expects is false,
 * never an error; a variable that is not there is {@code States.Runtime}, except for
 * {@code IsPresent}.
 */
public final class ChoiceRule {
    private ChoiceRule() {}

    public interface Condition {
        boolean test(JsonNode input, localaws.stepfunctions.json.Roots roots);
    }

    /**
     * A top-level rule, the state it leads to, the variables it assigns when it matches (or null),
     * and (JSONata) the output it gives (or null: the state's).
     */
    public record Branch(Condition condition, String next, Template assign, Template output) {}

    enum Kind { STRING, NUMERIC, BOOLEAN, TIMESTAMP, MATCHES, TYPE_TEST }

    private static final Map<String, Kind> OPERATORS = Map.ofEntries(
            Map.entry("StringEquals", Kind.STRING), Map.entry("StringLessThan", Kind.STRING),
            Map.entry("StringGreaterThan", Kind.STRING), Map.entry("StringLessThanEquals", Kind.STRING),
            Map.entry("StringGreaterThanEquals", Kind.STRING), Map.entry("StringMatches", Kind.MATCHES),
            Map.entry("NumericEquals", Kind.NUMERIC), Map.entry("NumericLessThan", Kind.NUMERIC),
            Map.entry("NumericGreaterThan", Kind.NUMERIC), Map.entry("NumericLessThanEquals", Kind.NUMERIC),
            Map.entry("NumericGreaterThanEquals", Kind.NUMERIC), Map.entry("BooleanEquals", Kind.BOOLEAN),
            Map.entry("TimestampEquals", Kind.TIMESTAMP), Map.entry("TimestampLessThan", Kind.TIMESTAMP),
            Map.entry("TimestampGreaterThan", Kind.TIMESTAMP), Map.entry("TimestampLessThanEquals", Kind.TIMESTAMP),
            Map.entry("TimestampGreaterThanEquals", Kind.TIMESTAMP),
            Map.entry("IsNull", Kind.TYPE_TEST), Map.entry("IsPresent", Kind.TYPE_TEST), Map.entry("IsNumeric", Kind.TYPE_TEST),
            Map.entry("IsString", Kind.TYPE_TEST), Map.entry("IsBoolean", Kind.TYPE_TEST), Map.entry("IsTimestamp", Kind.TYPE_TEST));

    /** Parses a top-level rule, which carries Next; the rules nested in it must not. */
    static Condition parse(JsonNode rule, String at, List<String> problems) {
        return parse(rule, at, problems, true);
    }

    private static Condition parse(JsonNode rule, String at, List<String> problems, boolean top) {
        if (!top && rule.has("Next")) {
            problems.add("SCHEMA_VALIDATION_FAILED: a nested choice rule cannot have Next at " + at + "/Next");
        }
        if (!rule.isObject()) {
            problems.add("SCHEMA_VALIDATION_FAILED: a choice rule must be an object at " + at);
            return (i, c) -> false;
        }
        if (rule.has("And") || rule.has("Or")) {
            String op = rule.has("And") ? "And" : "Or";
            JsonNode list = rule.get(op);
            if (!list.isArray() || list.isEmpty()) {
                problems.add("SCHEMA_VALIDATION_FAILED: " + op + " needs a non-empty array of rules at " + at + "/" + op);
                return (i, c) -> false;
            }
            List<Condition> parts = new java.util.ArrayList<>();
            for (int k = 0; k < list.size(); k++) {
                parts.add(parse(list.get(k), at + "/" + op + "[" + k + "]", problems, false));
            }
            List<Condition> all = List.copyOf(parts);
            return op.equals("And")
                    ? (i, c) -> all.stream().allMatch(p -> p.test(i, c))
                    : (i, c) -> all.stream().anyMatch(p -> p.test(i, c));
        }
        if (rule.has("Not")) {
            Condition inner = parse(rule.get("Not"), at + "/Not", problems, false);
            return (i, c) -> !inner.test(i, c);
        }
        String variableText = rule.path("Variable").asText(null);
        if (variableText == null) {
            problems.add("SCHEMA_VALIDATION_FAILED: a choice rule needs a Variable, or And, Or or Not at " + at);
            return (i, c) -> false;
        }
        JsonPaths variable;
        try {
            variable = JsonPaths.compile(variableText);
        } catch (IllegalArgumentException e) {
            problems.add("INVALID_JSON_PATH: " + e.getMessage() + " at " + at + "/Variable");
            return (i, c) -> false;
        }
        String operator = null;
        for (var name : rule.propertyStream().map(Map.Entry::getKey).toList()) {
            if (name.equals("Variable") || name.equals("Next") || name.equals("Comment") || (top && name.equals("Assign"))) {
                continue;
            }
            String base = name.endsWith("Path") && OPERATORS.containsKey(name.substring(0, name.length() - 4))
                    ? name.substring(0, name.length() - 4) : name;
            if (!OPERATORS.containsKey(base)) {
                problems.add("SCHEMA_VALIDATION_FAILED: The field '" + name + "' is not supported by Step Functions at " + at);
                return (i, c) -> false;
            }
            if (operator != null) {
                problems.add("SCHEMA_VALIDATION_FAILED: a choice rule has one comparison operator, not " + operator + " and " + name + " at " + at);
                return (i, c) -> false;
            }
            operator = name;
        }
        if (operator == null) {
            problems.add("SCHEMA_VALIDATION_FAILED: a choice rule needs a comparison operator at " + at);
            return (i, c) -> false;
        }
        return comparison(variable, operator, rule.get(operator), at + "/" + operator, problems);
    }

    private static Condition comparison(JsonPaths variable, String operator, JsonNode operand, String at, List<String> problems) {
        boolean pathForm = operator.endsWith("Path") && !OPERATORS.containsKey(operator);
        String op = pathForm ? operator.substring(0, operator.length() - 4) : operator;
        Kind kind = OPERATORS.get(op);
        if (kind == Kind.TYPE_TEST) {
            if (!operand.isBoolean()) {
                problems.add("SCHEMA_VALIDATION_FAILED: " + op + " takes true or false at " + at);
            }
            boolean expected = operand.asBoolean();
            return (input, ctx) -> {
                JsonNode v = variable.find(input, ctx);
                boolean is = switch (op) {
                    case "IsPresent" -> !v.isMissingNode();
                    case "IsNull" -> v.isNull();
                    case "IsNumeric" -> v.isNumber();
                    case "IsString" -> v.isTextual();
                    case "IsBoolean" -> v.isBoolean();
                    case "IsTimestamp" -> v.isTextual() && timestamp(v.asText()) != null;
                    default -> throw new IllegalStateException(op);
                };
                return is == expected;
            };
        }
        if (pathForm) {
            JsonPaths other;
            try {
                other = JsonPaths.compile(operand.asText(null));
            } catch (IllegalArgumentException e) {
                problems.add("INVALID_JSON_PATH: " + e.getMessage() + " at " + at);
                return (i, c) -> false;
            }
            return (input, ctx) -> compare(kind, op, value(variable, input, ctx), value(other, input, ctx), null);
        }
        boolean ok = switch (kind) {
            case STRING, MATCHES -> operand.isTextual();
            case NUMERIC -> operand.isNumber();
            case BOOLEAN -> operand.isBoolean();
            case TIMESTAMP -> operand.isTextual() && timestamp(operand.asText()) != null;
            case TYPE_TEST -> true;
        };
        if (!ok) {
            problems.add("SCHEMA_VALIDATION_FAILED: the value of " + op + " is not a " + kind.name().toLowerCase() + " at " + at);
            return (i, c) -> false;
        }
        Pattern pattern = kind == Kind.MATCHES ? wildcard(operand.asText()) : null;
        return (input, ctx) -> compare(kind, op, value(variable, input, ctx), operand, pattern);
    }

    private static JsonNode value(JsonPaths path, JsonNode input, localaws.stepfunctions.json.Roots ctx) {
        JsonNode v = path.find(input, ctx);
        if (v.isMissingNode()) {
            throw StatesError.runtime("Invalid path '" + path.text() + "': The choice state's condition path references an invalid value.");
        }
        return v;
    }

    private static boolean compare(Kind kind, String op, JsonNode left, JsonNode right, Pattern pattern) {
        switch (kind) {
            case STRING -> {
                if (!left.isTextual() || !right.isTextual()) {
                    return false;
                }
                return relation(op, left.asText().compareTo(right.asText()));
            }
            case MATCHES -> {
                if (!left.isTextual()) {
                    return false;
                }
                Pattern p = pattern != null ? pattern : right.isTextual() ? wildcard(right.asText()) : null;
                return p != null && p.matcher(left.asText()).matches();
            }
            case NUMERIC -> {
                if (!left.isNumber() || !right.isNumber()) {
                    return false;
                }
                return relation(op, left.decimalValue().compareTo(right.decimalValue()));
            }
            case BOOLEAN -> {
                return left.isBoolean() && right.isBoolean() && left.asBoolean() == right.asBoolean();
            }
            case TIMESTAMP -> {
                Instant l = left.isTextual() ? timestamp(left.asText()) : null;
                Instant r = right.isTextual() ? timestamp(right.asText()) : null;
                return l != null && r != null && relation(op, l.compareTo(r));
            }
            default -> throw new IllegalStateException(op);
        }
    }

    private static boolean relation(String op, int cmp) {
        if (op.endsWith("GreaterThanEquals")) {
            return cmp >= 0;
        }
        if (op.endsWith("LessThanEquals")) {
            return cmp <= 0;
        }
        if (op.endsWith("GreaterThan")) {
            return cmp > 0;
        }
        if (op.endsWith("LessThan")) {
            return cmp < 0;
        }
        return cmp == 0;
    }

    /** StringMatches: {@code *} is any run of characters; {@code \*} and {@code \\} are literal. */
    static Pattern wildcard(String text) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                re.append(Pattern.quote(String.valueOf(text.charAt(++i))));
            } else if (c == '*') {
                re.append(".*");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    /** An RFC 3339 timestamp as the language takes it (upper-case T and Z), or null. */
    public static Instant timestamp(String text) {
        if (text.indexOf('t') >= 0 || text.indexOf('z') >= 0) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
