package localaws.stepfunctions.asl;

import localaws.stepfunctions.json.JsonPaths;
import localaws.stepfunctions.json.JsonataTemplate;
import localaws.stepfunctions.json.PayloadTemplate;
import localaws.stepfunctions.json.ReferencePath;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the fields states have in common (input and output processing, transitions, variables,
 * paths, templates, JSONata expressions) and collects every problem found, each with its code and
 * place, for one definition. Each state type's own fields are read by its parser ({@code TaskParser},
 * {@code ChoiceParser}, ...), retriers and catchers by {@link Retrier} and {@link Catcher}.
 */
final class FieldReader {
    /** The longest variable name AWS takes (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html). */
    static final int MAX_VARIABLE_NAME = 80;
    final List<String> problems = new ArrayList<>();
    /** The state machine's QueryLanguage is JSONata: its states are JSONata states unless they say otherwise. */
    boolean topJsonata;

    static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** Whether a state machine or state is JSONata, by its QueryLanguage (JSONPath or JSONata) or as {@code otherwise}. */
    boolean isJsonata(JsonNode node, String at, boolean otherwise) {
        if (!node.has("QueryLanguage")) {
            return otherwise;
        }
        String language = node.get("QueryLanguage").asText("");
        if (!language.equals("JSONPath") && !language.equals("JSONata")) {
            problems.add("SCHEMA_VALIDATION_FAILED: QueryLanguage is JSONPath or JSONata, not '" + node.get("QueryLanguage").asText() + "' at "
                    + at + "/QueryLanguage");
        }
        return language.equals("JSONata");
    }

    /** A JSONata state's input and output: {@code Arguments}, {@code Output} and {@code Assign}, each a JSONata template. */
    State.Io jsonataIo(JsonNode node, String at) {
        return new State.Io(null, false, jsonata(node, "Arguments", at), null, null, false, null, false, jsonataAssign(node, at),
                jsonata(node, "Output", at));
    }

    /** A JSONata field: any JSON, its {@code {% %}} strings compiled; null if the field is not there. */
    JsonataTemplate jsonata(JsonNode node, String field, String at) {
        if (!node.has(field)) {
            return null;
        }
        try {
            return JsonataTemplate.compile(node.get(field), field);
        } catch (IllegalArgumentException e) {
            problems.add("SCHEMA_VALIDATION_FAILED: " + e.getMessage() + " at " + at + "/" + field);
            return null;
        }
    }

    /** A field that is one {@code {% %}} expression, or null if it is not there or holds a plain value. */
    JsonataTemplate expression(JsonNode node, String field, String at) {
        return JsonataTemplate.isExpression(node.get(field)) ? jsonata(node, field, at) : null;
    }

    /** A field's plain string value, or null if it is not there or is an expression. */
    static String plain(JsonNode node, String field) {
        return JsonataTemplate.isExpression(node.get(field)) ? null : node.path(field).asText(null);
    }

    /** A JSONata state's, rule's or catcher's {@code Assign}: variable names as written (no {@code .$}), values that may be expressions. */
    JsonataTemplate jsonataAssign(JsonNode node, String at) {
        if (!node.has("Assign")) {
            return null;
        }
        if (!node.get("Assign").isObject()) {
            problems.add("SCHEMA_VALIDATION_FAILED: Assign must be a JSON object at " + at + "/Assign");
            return null;
        }
        checkVariableNames(node.get("Assign"), at + "/Assign");
        return jsonata(node, "Assign", at);
    }

    State.Io io(JsonNode node, String at) {
        boolean inputNull = node.has("InputPath") && node.get("InputPath").isNull();
        boolean outputNull = node.has("OutputPath") && node.get("OutputPath").isNull();
        boolean resultNull = node.has("ResultPath") && node.get("ResultPath").isNull();
        ReferencePath resultPath = null;
        if (node.has("ResultPath") && !resultNull) {
            try {
                resultPath = ReferencePath.parse(node.get("ResultPath").asText(null));
            } catch (IllegalArgumentException e) {
                problems.add("INVALID_JSON_PATH: " + e.getMessage() + " at " + at + "/ResultPath");
            }
        }
        return new State.Io(inputNull ? null : path(node, "InputPath", at), inputNull,
                template(node, "Parameters", at), template(node, "ResultSelector", at),
                resultPath, resultNull, outputNull ? null : path(node, "OutputPath", at), outputNull, assign(node, at), null);
    }

    /**
     * A state's, a Choice rule's or a catcher's {@code Assign}: an object whose fields are the
     * variables, each a value or (its name ending in {@code .$}) a path or intrinsic function, as a
     * payload template's fields are. A name is a Unicode identifier of at most 80 characters, and
     * {@code states} is reserved.
     */
    PayloadTemplate assign(JsonNode node, String at) {
        if (!node.has("Assign")) {
            return null;
        }
        String where = at + "/Assign";
        if (!node.get("Assign").isObject()) {
            problems.add("SCHEMA_VALIDATION_FAILED: Assign must be a JSON object at " + where);
            return null;
        }
        checkVariableNames(node.get("Assign"), where);
        return template(node, "Assign", at);
    }

    void checkVariableNames(JsonNode assign, String where) {
        for (String field : names(assign)) {
            String name = field.endsWith(".$") ? field.substring(0, field.length() - 2) : field;
            if (!isVariableName(name)) {
                problems.add("SCHEMA_VALIDATION_FAILED: '" + name + "' is not a valid variable name: it starts with a letter or _, goes on with"
                        + " letters, digits or _, and has at most " + MAX_VARIABLE_NAME + " characters at " + where + "/" + field);
            } else if (name.equals("states")) {
                problems.add("SCHEMA_VALIDATION_FAILED: 'states' is a reserved variable name at " + where + "/" + field);
            }
        }
    }

    static boolean isVariableName(String name) {
        if (name.isEmpty() || name.codePointCount(0, name.length()) > MAX_VARIABLE_NAME || !JsonPaths.isNameStart(name.codePointAt(0))) {
            return false;
        }
        return name.codePoints().skip(1).allMatch(JsonPaths::isNamePart);
    }

    PayloadTemplate template(JsonNode node, String field, String at) {
        if (!node.has(field)) {
            return null;
        }
        if (!node.get(field).isObject()) {
            problems.add("SCHEMA_VALIDATION_FAILED: " + field + " must be a JSON object at " + at + "/" + field);
            return null;
        }
        try {
            return PayloadTemplate.compile(node.get(field), at + "/" + field);
        } catch (IllegalArgumentException e) {
            problems.add("INVALID_JSON_PATH: " + e.getMessage());
            return null;
        }
    }

    JsonPaths path(JsonNode node, String field, String at) {
        if (!node.has(field) || node.get(field).isNull()) {
            return null;
        }
        try {
            return JsonPaths.compile(node.get(field).asText(null));
        } catch (IllegalArgumentException e) {
            problems.add("INVALID_JSON_PATH: " + e.getMessage() + " at " + at + "/" + field);
            return null;
        }
    }

    /** A field that may be a path or an intrinsic function call (a Fail state's ErrorPath and CausePath). */
    localaws.stepfunctions.json.PathOrCall pathOrCall(JsonNode node, String field, String at) {
        if (!node.has(field) || node.get(field).isNull()) {
            return null;
        }
        try {
            return localaws.stepfunctions.json.PathOrCall.compile(node.get(field).asText(null));
        } catch (IllegalArgumentException e) {
            problems.add("INVALID_JSON_PATH: " + e.getMessage() + " at " + at + "/" + field);
            return null;
        }
    }

    State.Transition transition(JsonNode node, String at) {
        boolean end = node.path("End").asBoolean(false);
        String next = node.path("Next").asText(null);
        if (end == (next != null)) {
            problems.add("SCHEMA_VALIDATION_FAILED: a state needs exactly one of Next and \"End\": true at " + at);
        }
        return new State.Transition(next, end);
    }

    Integer positiveInt(JsonNode node, String at) {
        if (!node.isIntegralNumber() || node.asLong() < 1 || node.asLong() > 99_999_999) {
            problems.add("SCHEMA_VALIDATION_FAILED: expected a whole number from 1 to 99999999 at " + at);
            return null;
        }
        return node.asInt();
    }

    List<String> errorEquals(JsonNode node, String at, boolean last) {
        JsonNode list = node.path("ErrorEquals");
        List<String> out = new ArrayList<>();
        if (!list.isArray() || list.isEmpty()) {
            problems.add("SCHEMA_VALIDATION_FAILED: These fields are required: [ErrorEquals] at " + at);
            return out;
        }
        list.forEach(e -> out.add(e.asText()));
        if (out.contains("States.ALL") && (out.size() > 1 || !last)) {
            problems.add("SCHEMA_VALIDATION_FAILED: States.ALL must appear alone and in the last entry at " + at + "/ErrorEquals");
        }
        return List.copyOf(out);
    }
}
