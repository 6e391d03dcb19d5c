package localaws.stepfunctions.asl;

import localaws.stepfunctions.json.JsonPaths;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses and validates an Amazon States Language definition (JSONPath and JSONata states) the way
 * {@code CreateStateMachine} does: every problem is listed with its code and its place, and what
 * this engine does not support is refused here rather than ignored at run time.
 */
public final class DefinitionParser {
    public static final String LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";
    public static final String LAMBDA_INVOKE_WAIT = "arn:aws:states:::lambda:invoke.waitForTaskToken";

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

    private final FieldReader fields = new FieldReader();
    private final List<String> problems = fields.problems;

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
        for (String field : FieldReader.names(root)) {
            if (REFUSED.containsKey(field)) {
                p.problems.add("UNSUPPORTED_FEATURE: " + REFUSED.get(field) + " at /" + field);
            } else if (!Set.of("StartAt", "States", "Comment", "Version", "TimeoutSeconds", "QueryLanguage").contains(field)) {
                p.problems.add("SCHEMA_VALIDATION_FAILED: The field '" + field + "' is not supported by Step Functions at /");
            }
        }
        p.fields.topJsonata = p.fields.isJsonata(root, "", false);
        Integer timeout = null;
        if (root.has("TimeoutSeconds")) {
            timeout = p.fields.positiveInt(root.get("TimeoutSeconds"), "/TimeoutSeconds");
        }
        Graph graph = p.graph(root, "");
        if (!p.problems.isEmpty()) {
            throw new InvalidDefinitionException(p.problems);
        }
        return new StateMachineDefinition(graph, timeout, json);
    }

    /** The fields reader (and problems) of this definition: what each state type's parser reads with. */
    FieldReader fields() {
        return fields;
    }

    /** A graph of states (the definition's, a branch's, an item processor's) at {@code at}. */
    Graph graph(JsonNode node, String at) {
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
        for (String name : FieldReader.names(states)) {
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


    private State state(String name, JsonNode node, String at) {
        if (!node.isObject()) {
            problems.add("SCHEMA_VALIDATION_FAILED: a state is a JSON object at " + at);
            return null;
        }
        boolean jsonata = fields.isJsonata(node, at, fields.topJsonata);
        if (fields.topJsonata && !jsonata) {
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
        for (String field : FieldReader.names(node)) {
            if (REFUSED.containsKey(field)) {
                problems.add("UNSUPPORTED_FEATURE: " + REFUSED.get(field) + " at " + at + "/" + field);
            } else if (!allowed.contains(field)) {
                problems.add("SCHEMA_VALIDATION_FAILED: The field '" + field + "' is not supported by Step Functions"
                        + (jsonata ? " in a JSONata state" : (field.equals("Arguments") || field.equals("Output") ? " in a JSONPath state" : "")) + " at " + at);
            }
        }
        State.Io io = jsonata ? fields.jsonataIo(node, at) : fields.io(node, at);
        return switch (type) {
            case "Pass" -> new State.Pass(name, io, fields.transition(node, at), node.has("Result") ? node.get("Result").deepCopy() : null);
            case "Task" -> TaskParser.parse(name, node, io, at, jsonata, this);
            case "Choice" -> ChoiceParser.parse(name, node, io, at, jsonata, this);
            case "Wait" -> WaitParser.parse(name, node, io, at, jsonata, this);
            case "Succeed" -> new State.Succeed(name, io);
            case "Fail" -> jsonata
                    ? new State.Fail(name, FieldReader.plain(node, "Error"), null, FieldReader.plain(node, "Cause"), null,
                    fields.expression(node, "Error", at), fields.expression(node, "Cause", at))
                    : new State.Fail(name, node.path("Error").asText(null), fields.pathOrCall(node, "ErrorPath", at),
                    node.path("Cause").asText(null), fields.pathOrCall(node, "CausePath", at), null, null);
            case "Parallel" -> ParallelParser.parse(name, node, io, at, jsonata, this);
            case "Map" -> MapParser.parse(name, node, io, at, jsonata, this);
            default -> throw new IllegalStateException(type);
        };
    }
























}
