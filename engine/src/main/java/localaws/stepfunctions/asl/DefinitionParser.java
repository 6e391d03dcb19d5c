package localaws.stepfunctions.asl;

import localaws.stepfunctions.json.JsonPaths;
import localaws.stepfunctions.json.JsonataTemplate;
import localaws.stepfunctions.json.PayloadTemplate;
import localaws.stepfunctions.json.Template;
import localaws.stepfunctions.json.ReferencePath;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses and validates an Amazon States Language definition (JSONPath and JSONata states) the way
 * {@code CreateStateMachine} does: every problem is listed with its code and its place, and what
 * this engine does not support is refused here rather than ignored at run time.
 */
public final class DefinitionParser {
    public static final String LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";
    public static final String LAMBDA_INVOKE_WAIT = "arn:aws:states:::lambda:invoke.waitForTaskToken";
    private static final Pattern LAMBDA_ARN = Pattern.compile("arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?");

    private static final Set<String> COMMON = Set.of("Type", "Comment", "QueryLanguage");
    private static final Set<String> IO = Set.of("InputPath", "OutputPath");
    private static final Set<String> FLOW = Set.of("Next", "End");
    /** The states that take {@code Assign}: all but Succeed and Fail (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html). */
    private static final Set<String> ASSIGN = Set.of("Assign");
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "Pass", union(COMMON, IO, FLOW, ASSIGN, Set.of("ResultPath", "Parameters", "Result")),
            "Task", union(COMMON, IO, FLOW, ASSIGN, Set.of("ResultPath", "Parameters", "ResultSelector", "Resource", "Retry", "Catch",
                    "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath")),
            "Choice", union(COMMON, IO, ASSIGN, Set.of("Choices", "Default")),
            "Wait", union(COMMON, IO, FLOW, ASSIGN, Set.of("Seconds", "SecondsPath", "Timestamp", "TimestampPath")),
            "Succeed", union(COMMON, IO),
            "Fail", union(COMMON, Set.of("Error", "ErrorPath", "Cause", "CausePath")),
            "Parallel", union(COMMON, IO, FLOW, ASSIGN, Set.of("ResultPath", "Parameters", "ResultSelector", "Branches", "Retry", "Catch")),
            "Map", union(COMMON, IO, FLOW, ASSIGN, Set.of("ResultPath", "Parameters", "ResultSelector", "ItemsPath", "ItemSelector",
                    "Iterator", "ItemProcessor", "MaxConcurrency", "MaxConcurrencyPath", "ToleratedFailurePercentage",
                    "ToleratedFailurePercentagePath", "ToleratedFailureCount", "ToleratedFailureCountPath", "Retry", "Catch")));
    /**
     * The fields of a JSONata state: {@code Arguments} and {@code Output} in place of the five
     * JSONPath fields, no {@code ...Path} fields, and values that may be {@code {% %}} expressions
     * (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html).
     */
    private static final Set<String> OUT = Set.of("Output");
    private static final Map<String, Set<String>> JSONATA_FIELDS = Map.of(
            "Pass", union(COMMON, FLOW, ASSIGN, OUT),
            "Task", union(COMMON, FLOW, ASSIGN, OUT, Set.of("Arguments", "Resource", "Retry", "Catch", "TimeoutSeconds", "HeartbeatSeconds")),
            "Choice", union(COMMON, ASSIGN, OUT, Set.of("Choices", "Default")),
            "Wait", union(COMMON, FLOW, ASSIGN, OUT, Set.of("Seconds", "Timestamp")),
            "Succeed", union(COMMON, OUT),
            "Fail", union(COMMON, Set.of("Error", "Cause")),
            "Parallel", union(COMMON, FLOW, ASSIGN, OUT, Set.of("Arguments", "Branches", "Retry", "Catch")),
            "Map", union(COMMON, FLOW, ASSIGN, OUT, Set.of("Items", "ItemSelector", "Iterator", "ItemProcessor", "MaxConcurrency",
                    "ToleratedFailurePercentage", "ToleratedFailureCount", "Retry", "Catch")));
    /** Fields AWS knows that this engine refuses, with the reason given to the user. */
    private static final Map<String, String> REFUSED = Map.of(
            "Credentials", "cross-account task credentials are not supported by this engine",
            "ItemReader", "distributed Map (ItemReader) is not supported by this engine",
            "ItemBatcher", "distributed Map (ItemBatcher) is not supported by this engine",
            "ResultWriter", "distributed Map (ResultWriter) is not supported by this engine",
            "Label", "distributed Map (Label) is not supported by this engine");

    private final List<String> problems = new ArrayList<>();
    /** The state machine's QueryLanguage is JSONata: its states are JSONata states unless they say otherwise. */
    private boolean topJsonata;

    private DefinitionParser() {}

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> out = new HashSet<>();
        for (Set<String> s : sets) {
            out.addAll(s);
        }
        return Set.copyOf(out);
    }

    public static StateMachineDefinition parse(String json) {
        JsonNode root;
        try {
            root = JsonPaths.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidDefinitionException(List.of("INVALID_JSON_DESCRIPTION: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidDefinitionException(List.of("INVALID_JSON_DESCRIPTION: a definition is a JSON object"));
        }
        DefinitionParser p = new DefinitionParser();
        for (String field : names(root)) {
            if (REFUSED.containsKey(field)) {
                p.problems.add("UNSUPPORTED_FEATURE: " + REFUSED.get(field) + " at /" + field);
            } else if (!Set.of("StartAt", "States", "Comment", "Version", "TimeoutSeconds", "QueryLanguage").contains(field)) {
                p.problems.add("SCHEMA_VALIDATION_FAILED: The field '" + field + "' is not supported by Step Functions at /");
            }
        }
        p.topJsonata = p.isJsonata(root, "", false);
        Integer timeout = null;
        if (root.has("TimeoutSeconds")) {
            timeout = p.positiveInt(root.get("TimeoutSeconds"), "/TimeoutSeconds");
        }
        Graph graph = p.graph(root, "");
        if (!p.problems.isEmpty()) {
            throw new InvalidDefinitionException(p.problems);
        }
        return new StateMachineDefinition(graph, timeout, json);
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private Graph graph(JsonNode node, String at) {
        String startAt = node.path("StartAt").asText(null);
        if (startAt == null) {
            problems.add("SCHEMA_VALIDATION_FAILED: These fields are required: [StartAt] at " + (at.isEmpty() ? "/" : at));
        }
        JsonNode statesNode = node.path("States");
        if (!statesNode.isObject() || statesNode.isEmpty()) {
            problems.add("SCHEMA_VALIDATION_FAILED: States must be an object with at least one state at " + at + "/States");
            return new Graph(startAt, Map.of());
        }
        Map<String, State> states = new LinkedHashMap<>();
        for (var e : statesNode.properties()) {
            String name = e.getKey();
            if (name.isEmpty() || name.length() > 80) {
                problems.add("SCHEMA_VALIDATION_FAILED: a state name is 1 to 80 characters at " + at + "/States/" + name);
            }
            State s = state(name, e.getValue(), at + "/States/" + name);
            if (s != null) {
                states.put(name, s);
            }
        }
        if (startAt != null && !statesNode.has(startAt)) {
            problems.add("MISSING_TRANSITION_TARGET: Missing 'Next' target: " + startAt + " at " + at + "/StartAt");
        }
        checkTransitions(statesNode, at);
        if (startAt != null && statesNode.has(startAt)) {
            checkReachable(startAt, statesNode, at);
        }
        return new Graph(startAt, Map.copyOf(states));
    }

    private void checkTransitions(JsonNode states, String at) {
        for (var e : states.properties()) {
            for (var target : targets(e.getValue())) {
                if (!states.has(target.getValue())) {
                    problems.add("MISSING_TRANSITION_TARGET: Missing 'Next' target: " + target.getValue() + " at "
                            + at + "/States/" + e.getKey() + target.getKey());
                }
            }
        }
    }

    private void checkReachable(String startAt, JsonNode states, String at) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(startAt));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (seen.add(name) && states.has(name)) {
                targets(states.get(name)).forEach(t -> todo.push(t.getValue()));
            }
        }
        for (String name : names(states)) {
            if (!seen.contains(name)) {
                problems.add("UNREACHABLE_STATE: State " + name + " is not reachable at " + at + "/States/" + name);
            }
        }
    }

    /** Every transition out of a state, as (where in the state, target name). */
    private static List<Map.Entry<String, String>> targets(JsonNode state) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        if (state.path("Next").isTextual()) {
            out.add(Map.entry("/Next", state.get("Next").asText()));
        }
        if (state.path("Default").isTextual()) {
            out.add(Map.entry("/Default", state.get("Default").asText()));
        }
        JsonNode choices = state.path("Choices");
        for (int i = 0; i < choices.size(); i++) {
            if (choices.get(i).path("Next").isTextual()) {
                out.add(Map.entry("/Choices[" + i + "]/Next", choices.get(i).get("Next").asText()));
            }
        }
        JsonNode catchers = state.path("Catch");
        for (int i = 0; i < catchers.size(); i++) {
            if (catchers.get(i).path("Next").isTextual()) {
                out.add(Map.entry("/Catch[" + i + "]/Next", catchers.get(i).get("Next").asText()));
            }
        }
        return out;
    }

    /** Whether a state machine or state is JSONata, by its QueryLanguage (JSONPath or JSONata) or as {@code otherwise}. */
    private boolean isJsonata(JsonNode node, String at, boolean otherwise) {
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

    private State state(String name, JsonNode node, String at) {
        if (!node.isObject()) {
            problems.add("SCHEMA_VALIDATION_FAILED: a state is a JSON object at " + at);
            return null;
        }
        boolean jsonata = isJsonata(node, at, topJsonata);
        if (topJsonata && !jsonata) {
            // https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html: a JSONata state machine has no JSONPath state.
            problems.add("SCHEMA_VALIDATION_FAILED: a state machine whose QueryLanguage is JSONata cannot have a JSONPath state at " + at + "/QueryLanguage");
        }
        String type = node.path("Type").asText(null);
        Set<String> allowed = type == null ? null : (jsonata ? JSONATA_FIELDS : FIELDS).get(type);
        if (allowed == null) {
            problems.add("SCHEMA_VALIDATION_FAILED: " + (type == null ? "These fields are required: [Type]"
                    : "Unknown state type '" + type + "'; expected one of " + new java.util.TreeSet<>(FIELDS.keySet())) + " at " + at);
            return null;
        }
        for (String field : names(node)) {
            if (REFUSED.containsKey(field)) {
                problems.add("UNSUPPORTED_FEATURE: " + REFUSED.get(field) + " at " + at + "/" + field);
            } else if (!allowed.contains(field)) {
                problems.add("SCHEMA_VALIDATION_FAILED: The field '" + field + "' is not supported by Step Functions"
                        + (jsonata ? " in a JSONata state" : (field.equals("Arguments") || field.equals("Output") ? " in a JSONPath state" : "")) + " at " + at);
            }
        }
        State.Io io = jsonata ? jsonataIo(node, at) : io(node, at);
        return switch (type) {
            case "Pass" -> new State.Pass(name, io, transition(node, at), node.has("Result") ? node.get("Result").deepCopy() : null);
            case "Task" -> task(name, node, io, at, jsonata);
            case "Choice" -> choice(name, node, io, at, jsonata);
            case "Wait" -> waitState(name, node, io, at, jsonata);
            case "Succeed" -> new State.Succeed(name, io);
            case "Fail" -> jsonata
                    ? new State.Fail(name, plain(node, "Error"), null, plain(node, "Cause"), null, expression(node, "Error", at), expression(node, "Cause", at))
                    : new State.Fail(name, node.path("Error").asText(null), pathOrCall(node, "ErrorPath", at),
                    node.path("Cause").asText(null), pathOrCall(node, "CausePath", at), null, null);
            case "Parallel" -> parallel(name, node, io, at, jsonata);
            case "Map" -> map(name, node, io, at, jsonata);
            default -> throw new IllegalStateException(type);
        };
    }

    /** A JSONata state's input and output: {@code Arguments}, {@code Output} and {@code Assign}, each a JSONata template. */
    private State.Io jsonataIo(JsonNode node, String at) {
        return new State.Io(null, false, jsonata(node, "Arguments", at), null, null, false, null, false, jsonataAssign(node, at),
                jsonata(node, "Output", at));
    }

    /** A JSONata field: any JSON, its {@code {% %}} strings compiled; null if the field is not there. */
    private JsonataTemplate jsonata(JsonNode node, String field, String at) {
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
    private JsonataTemplate expression(JsonNode node, String field, String at) {
        return JsonataTemplate.isExpression(node.get(field)) ? jsonata(node, field, at) : null;
    }

    /** A field's plain string value, or null if it is not there or is an expression. */
    private static String plain(JsonNode node, String field) {
        return JsonataTemplate.isExpression(node.get(field)) ? null : node.path(field).asText(null);
    }

    /** A JSONata state's, rule's or catcher's {@code Assign}: variable names as written (no {@code .$}), values that may be expressions. */
    private JsonataTemplate jsonataAssign(JsonNode node, String at) {
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

    private State.Io io(JsonNode node, String at) {
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

    /** The longest variable name AWS takes (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html). */
    static final int MAX_VARIABLE_NAME = 80;

    /**
     * A state's, a Choice rule's or a catcher's {@code Assign}: an object whose fields are the
     * variables, each a value or (its name ending in {@code .$}) a path or intrinsic function, as a
     * payload template's fields are. A name is a Unicode identifier of at most 80 characters, and
     * {@code states} is reserved.
     */
    private PayloadTemplate assign(JsonNode node, String at) {
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

    private void checkVariableNames(JsonNode assign, String where) {
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

    private PayloadTemplate template(JsonNode node, String field, String at) {
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

    private JsonPaths path(JsonNode node, String field, String at) {
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
    private localaws.stepfunctions.json.PathOrCall pathOrCall(JsonNode node, String field, String at) {
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

    private State.Transition transition(JsonNode node, String at) {
        boolean end = node.path("End").asBoolean(false);
        String next = node.path("Next").asText(null);
        if (end == (next != null)) {
            problems.add("SCHEMA_VALIDATION_FAILED: a state needs exactly one of Next and \"End\": true at " + at);
        }
        return new State.Transition(next, end);
    }

    private Integer positiveInt(JsonNode node, String at) {
        if (!node.isIntegralNumber() || node.asLong() < 1 || node.asLong() > 99_999_999) {
            problems.add("SCHEMA_VALIDATION_FAILED: expected a whole number from 1 to 99999999 at " + at);
            return null;
        }
        return node.asInt();
    }

    private State task(String name, JsonNode node, State.Io io, String at, boolean jsonata) {
        String resource = node.path("Resource").asText(null);
        State.TaskKind kind = null;
        if (resource == null) {
            problems.add("SCHEMA_VALIDATION_FAILED: These fields are required: [Resource] at " + at);
        } else if (State.TaskKind.ofIntegration(resource).isPresent()) {
            kind = State.TaskKind.ofIntegration(resource).get();
            boolean passesToken = io.parameters() instanceof PayloadTemplate p ? p.mentionsTaskToken()
                    : io.parameters() instanceof JsonataTemplate j && j.mentions("$states.context.Task.Token");
            if (kind.waitsForToken() && !passesToken) {
                problems.add(jsonata ? "SCHEMA_VALIDATION_FAILED: a .waitForTaskToken task must pass $states.context.Task.Token in its Arguments at " + at + "/Arguments"
                        : "SCHEMA_VALIDATION_FAILED: a .waitForTaskToken task must pass $$.Task.Token in its Parameters at " + at + "/Parameters");
            }
        } else if (LAMBDA_ARN.matcher(resource).matches()) {
            kind = State.TaskKind.LAMBDA_FUNCTION;
        } else {
            problems.add("INVALID_RESOURCE: The resource provided " + resource + " is not supported by this engine"
                    + " (supported: " + LAMBDA_INVOKE + ", " + LAMBDA_INVOKE_WAIT + ", a Lambda function ARN) at " + at + "/Resource");
        }
        if ((kind == State.TaskKind.LAMBDA_INVOKE || kind == State.TaskKind.LAMBDA_INVOKE_WAIT_FOR_TOKEN)
                && (io.parameters() == null)) {
            problems.add(jsonata ? "SCHEMA_VALIDATION_FAILED: lambda:invoke needs Arguments with FunctionName at " + at + "/Arguments"
                    : "SCHEMA_VALIDATION_FAILED: lambda:invoke needs Parameters with FunctionName at " + at + "/Parameters");
        }
        if (node.has("TimeoutSeconds") && node.has("TimeoutSecondsPath")) {
            problems.add("SCHEMA_VALIDATION_FAILED: TimeoutSeconds and TimeoutSecondsPath are exclusive at " + at);
        }
        if (node.has("HeartbeatSeconds") && node.has("HeartbeatSecondsPath")) {
            problems.add("SCHEMA_VALIDATION_FAILED: HeartbeatSeconds and HeartbeatSecondsPath are exclusive at " + at);
        }
        JsonataTemplate timeoutExpression = jsonata ? expression(node, "TimeoutSeconds", at) : null;
        JsonataTemplate heartbeatExpression = jsonata ? expression(node, "HeartbeatSeconds", at) : null;
        Integer timeout = node.has("TimeoutSeconds") && timeoutExpression == null ? positiveInt(node.get("TimeoutSeconds"), at + "/TimeoutSeconds") : null;
        Integer heartbeat = node.has("HeartbeatSeconds") && heartbeatExpression == null
                ? positiveInt(node.get("HeartbeatSeconds"), at + "/HeartbeatSeconds") : null;
        if (timeout != null && heartbeat != null && heartbeat >= timeout) {
            problems.add("SCHEMA_VALIDATION_FAILED: HeartbeatSeconds must be smaller than TimeoutSeconds at " + at + "/HeartbeatSeconds");
        }
        return new State.Task(name, io, transition(node, at), resource, kind, retriers(node, at), catchers(node, at, jsonata),
                timeout, path(node, "TimeoutSecondsPath", at), heartbeat, path(node, "HeartbeatSecondsPath", at), timeoutExpression, heartbeatExpression);
    }

    private State choice(String name, JsonNode node, State.Io io, String at, boolean jsonata) {
        JsonNode list = node.path("Choices");
        List<ChoiceRule.Branch> branches = new ArrayList<>();
        if (!list.isArray() || list.isEmpty()) {
            problems.add("SCHEMA_VALIDATION_FAILED: a Choice state needs a non-empty Choices array at " + at + "/Choices");
        } else {
            for (int i = 0; i < list.size(); i++) {
                String ruleAt = at + "/Choices[" + i + "]";
                String next = list.get(i).path("Next").asText(null);
                if (next == null) {
                    problems.add("SCHEMA_VALIDATION_FAILED: These fields are required: [Next] at " + ruleAt);
                }
                JsonNode rule = list.get(i);
                if (jsonata) {
                    branches.add(jsonataRule(rule, ruleAt, next));
                } else {
                    branches.add(new ChoiceRule.Branch(ChoiceRule.parse(rule, ruleAt, problems), next,
                            rule.isObject() ? assign(rule, ruleAt) : null, null));
                }
            }
        }
        return new State.Choice(name, io, List.copyOf(branches), node.path("Default").asText(null));
    }

    /** A JSONata Choice rule: a {@code Condition} expression that gives true or false, its {@code Next}, {@code Assign} and {@code Output}. */
    private ChoiceRule.Branch jsonataRule(JsonNode rule, String at, String next) {
        for (String f : names(rule)) {
            if (!Set.of("Condition", "Next", "Assign", "Output", "Comment").contains(f)) {
                problems.add("SCHEMA_VALIDATION_FAILED: The field '" + f + "' is not supported by Step Functions in a JSONata state at " + at);
            }
        }
        JsonataTemplate condition = null;
        if (!rule.has("Condition")) {
            problems.add("SCHEMA_VALIDATION_FAILED: These fields are required: [Condition] at " + at);
        } else if (!JsonataTemplate.isExpression(rule.get("Condition")) && !rule.get("Condition").isBoolean()) {
            problems.add("SCHEMA_VALIDATION_FAILED: Condition is a JSONata expression ({% ... %}) or a boolean at " + at + "/Condition");
        } else {
            condition = jsonata(rule, "Condition", at);
        }
        JsonataTemplate test = condition;
        ChoiceRule.Condition c = (input, roots) -> {
            JsonNode v = test.apply(input, roots);
            if (!v.isBoolean()) {
                throw new localaws.stepfunctions.errors.StatesError(localaws.stepfunctions.errors.StatesError.QUERY_EVALUATION,
                        "The Condition of a Choice rule must give true or false, not " + v);
            }
            return v.asBoolean();
        };
        return new ChoiceRule.Branch(c, next, jsonataAssign(rule, at), jsonata(rule, "Output", at));
    }

    private State waitState(String name, JsonNode node, State.Io io, String at, boolean jsonata) {
        int count = 0;
        for (String f : List.of("Seconds", "SecondsPath", "Timestamp", "TimestampPath")) {
            count += node.has(f) ? 1 : 0;
        }
        if (count != 1) {
            problems.add("SCHEMA_VALIDATION_FAILED: a Wait state needs exactly one of Seconds, SecondsPath, Timestamp, TimestampPath at " + at);
        }
        JsonataTemplate secondsExpression = jsonata ? expression(node, "Seconds", at) : null;
        JsonataTemplate timestampExpression = jsonata ? expression(node, "Timestamp", at) : null;
        Long seconds = null;
        if (node.has("Seconds") && secondsExpression == null) {
            if (!node.get("Seconds").isIntegralNumber() || node.get("Seconds").asLong() < 0) {
                problems.add("SCHEMA_VALIDATION_FAILED: Seconds must be a whole number of 0 or more at " + at + "/Seconds");
            } else {
                seconds = node.get("Seconds").asLong();
            }
        }
        Instant timestamp = null;
        if (node.has("Timestamp") && timestampExpression == null) {
            timestamp = node.get("Timestamp").isTextual() ? ChoiceRule.timestamp(node.get("Timestamp").asText()) : null;
            if (timestamp == null) {
                problems.add("SCHEMA_VALIDATION_FAILED: Timestamp must be an RFC 3339 timestamp such as 2027-05-03T16:00:00Z at " + at + "/Timestamp");
            }
        }
        return new State.Wait(name, io, transition(node, at), seconds, path(node, "SecondsPath", at), timestamp,
                path(node, "TimestampPath", at), secondsExpression, timestampExpression);
    }

    private State parallel(String name, JsonNode node, State.Io io, String at, boolean jsonata) {
        JsonNode list = node.path("Branches");
        List<Graph> branches = new ArrayList<>();
        if (!list.isArray() || list.isEmpty()) {
            problems.add("SCHEMA_VALIDATION_FAILED: a Parallel state needs a non-empty Branches array at " + at + "/Branches");
        } else {
            for (int i = 0; i < list.size(); i++) {
                branches.add(graph(list.get(i), at + "/Branches[" + i + "]"));
            }
        }
        return new State.Parallel(name, io, transition(node, at), List.copyOf(branches), retriers(node, at), catchers(node, at, jsonata));
    }

    private State map(String name, JsonNode node, State.Io io, String at, boolean jsonata) {
        JsonNode processor = node.has("ItemProcessor") ? node.get("ItemProcessor") : node.get("Iterator");
        String field = node.has("ItemProcessor") ? "ItemProcessor" : "Iterator";
        Graph graph = null;
        if (processor == null || !processor.isObject()) {
            problems.add("SCHEMA_VALIDATION_FAILED: a Map state needs an ItemProcessor at " + at);
        } else {
            String mode = processor.path("ProcessorConfig").path("Mode").asText("INLINE");
            if (!mode.equals("INLINE")) {
                problems.add("UNSUPPORTED_FEATURE: Map mode " + mode + " is not supported by this engine; use INLINE at "
                        + at + "/" + field + "/ProcessorConfig/Mode");
            }
            graph = graph(processor, at + "/" + field);
        }
        if (node.has("ItemSelector") && node.has("Parameters")) {
            problems.add("SCHEMA_VALIDATION_FAILED: ItemSelector and Parameters are exclusive at " + at);
        }
        Template selector = jsonata ? jsonata(node, "ItemSelector", at) : node.has("ItemSelector") ? template(node, "ItemSelector", at) : io.parameters();
        State.Io mapIo = new State.Io(io.inputPath(), io.inputDiscard(), null, io.resultSelector(), io.resultPath(),
                io.resultDiscard(), io.outputPath(), io.outputDiscard(), io.assign(), io.output());
        JsonataTemplate items = null;
        if (jsonata && node.has("Items")) {
            items = jsonata(node, "Items", at);
            if (!JsonataTemplate.isExpression(node.get("Items")) && !node.get("Items").isArray()) {
                problems.add("SCHEMA_VALIDATION_FAILED: Items is a JSON array or a JSONata expression at " + at + "/Items");
            }
        }
        JsonataTemplate maxConcurrencyExpression = jsonata ? expression(node, "MaxConcurrency", at) : null;
        // A failure threshold changes nothing on an inline Map (below); its expression is still checked.
        if (jsonata) {
            expression(node, "ToleratedFailurePercentage", at);
            expression(node, "ToleratedFailureCount", at);
        }
        Integer maxConcurrency = null;
        if (node.has("MaxConcurrency") && maxConcurrencyExpression == null) {
            JsonNode m = node.get("MaxConcurrency");
            if (!m.isIntegralNumber() || m.asInt() < 0) {
                problems.add("SCHEMA_VALIDATION_FAILED: MaxConcurrency must be a whole number of 0 or more at " + at + "/MaxConcurrency");
            } else {
                maxConcurrency = m.asInt();
            }
        }
        Double percentage = null;
        if (node.has("ToleratedFailurePercentage") && !JsonataTemplate.isExpression(node.get("ToleratedFailurePercentage"))) {
            JsonNode p = node.get("ToleratedFailurePercentage");
            if (!p.isNumber() || p.asDouble() < 0 || p.asDouble() > 100) {
                problems.add("SCHEMA_VALIDATION_FAILED: ToleratedFailurePercentage must be from 0 to 100 at " + at);
            } else {
                percentage = p.asDouble();
            }
        }
        Integer count = null;
        if (node.has("ToleratedFailureCount") && !JsonataTemplate.isExpression(node.get("ToleratedFailureCount"))) {
            JsonNode c = node.get("ToleratedFailureCount");
            if (!c.isIntegralNumber() || c.asInt() < 0) {
                problems.add("SCHEMA_VALIDATION_FAILED: ToleratedFailureCount must be a whole number of 0 or more at " + at);
            } else {
                count = c.asInt();
            }
        }
        return new State.MapState(name, mapIo, transition(node, at), path(node, "ItemsPath", at), selector, graph,
                maxConcurrency, path(node, "MaxConcurrencyPath", at), percentage, path(node, "ToleratedFailurePercentagePath", at),
                count, path(node, "ToleratedFailureCountPath", at), retriers(node, at), catchers(node, at, jsonata), items, maxConcurrencyExpression);
    }

    private List<Retrier> retriers(JsonNode node, String at) {
        List<Retrier> out = new ArrayList<>();
        JsonNode list = node.path("Retry");
        if (node.has("Retry") && !list.isArray()) {
            problems.add("SCHEMA_VALIDATION_FAILED: Retry must be an array at " + at + "/Retry");
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode r = list.get(i);
            String rAt = at + "/Retry[" + i + "]";
            List<String> errors = errorEquals(r, rAt, i == list.size() - 1);
            double interval = r.path("IntervalSeconds").asDouble(1);
            if (r.has("IntervalSeconds") && (!r.get("IntervalSeconds").isIntegralNumber() || interval < 1)) {
                problems.add("SCHEMA_VALIDATION_FAILED: IntervalSeconds must be a whole number of 1 or more at " + rAt);
            }
            int max = r.path("MaxAttempts").asInt(3);
            if (r.has("MaxAttempts") && (!r.get("MaxAttempts").isIntegralNumber() || max < 0)) {
                problems.add("SCHEMA_VALIDATION_FAILED: MaxAttempts must be a whole number of 0 or more at " + rAt);
            }
            double backoff = r.path("BackoffRate").asDouble(2.0);
            if (r.has("BackoffRate") && (!r.get("BackoffRate").isNumber() || backoff < 1)) {
                problems.add("SCHEMA_VALIDATION_FAILED: BackoffRate must be 1.0 or more at " + rAt);
            }
            Integer maxDelay = r.has("MaxDelaySeconds") ? positiveInt(r.get("MaxDelaySeconds"), rAt + "/MaxDelaySeconds") : null;
            String jitter = r.path("JitterStrategy").asText("NONE");
            if (!jitter.equals("NONE") && !jitter.equals("FULL")) {
                problems.add("SCHEMA_VALIDATION_FAILED: JitterStrategy must be FULL or NONE at " + rAt);
            }
            for (String f : names(r)) {
                if (!Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment").contains(f)) {
                    problems.add("SCHEMA_VALIDATION_FAILED: The field '" + f + "' is not supported by Step Functions at " + rAt);
                }
            }
            out.add(new Retrier(errors, interval, max, backoff, maxDelay, jitter.equals("FULL")));
        }
        return List.copyOf(out);
    }

    private List<Catcher> catchers(JsonNode node, String at, boolean jsonata) {
        List<Catcher> out = new ArrayList<>();
        JsonNode list = node.path("Catch");
        if (node.has("Catch") && !list.isArray()) {
            problems.add("SCHEMA_VALIDATION_FAILED: Catch must be an array at " + at + "/Catch");
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode c = list.get(i);
            String cAt = at + "/Catch[" + i + "]";
            List<String> errors = errorEquals(c, cAt, i == list.size() - 1);
            String next = c.path("Next").asText(null);
            if (next == null) {
                problems.add("SCHEMA_VALIDATION_FAILED: These fields are required: [Next] at " + cAt);
            }
            if (jsonata) {
                for (String f : names(c)) {
                    if (!Set.of("ErrorEquals", "Next", "Output", "Assign", "Comment").contains(f)) {
                        problems.add("SCHEMA_VALIDATION_FAILED: The field '" + f + "' is not supported by Step Functions in a JSONata state at " + cAt);
                    }
                }
                out.add(new Catcher(errors, next, null, false, jsonataAssign(c, cAt), jsonata(c, "Output", cAt)));
                continue;
            }
            boolean discard = c.has("ResultPath") && c.get("ResultPath").isNull();
            ReferencePath resultPath = null;
            if (c.has("ResultPath") && !discard) {
                try {
                    resultPath = ReferencePath.parse(c.get("ResultPath").asText(null));
                } catch (IllegalArgumentException e) {
                    problems.add("INVALID_JSON_PATH: " + e.getMessage() + " at " + cAt + "/ResultPath");
                }
            }
            for (String f : names(c)) {
                if (!Set.of("ErrorEquals", "Next", "ResultPath", "Assign", "Comment").contains(f)) {
                    problems.add("SCHEMA_VALIDATION_FAILED: The field '" + f + "' is not supported by Step Functions at " + cAt);
                }
            }
            out.add(new Catcher(errors, next, resultPath, discard, assign(c, cAt), null));
        }
        return List.copyOf(out);
    }

    private List<String> errorEquals(JsonNode node, String at, boolean last) {
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
