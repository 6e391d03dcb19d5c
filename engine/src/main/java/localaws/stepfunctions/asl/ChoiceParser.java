package localaws.stepfunctions.asl;

import localaws.stepfunctions.json.JsonataTemplate;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A Choice state's rules: JSONPath rules (read by {@link ChoiceRule}) or JSONata {@code Condition}s, each with its {@code Next}, {@code Assign} and {@code Output}. */
final class ChoiceParser {
    private ChoiceParser() {}

    static State parse(String name, JsonNode node, State.Io io, String at, boolean jsonata, DefinitionParser parser) {
        FieldReader fields = parser.fields();
        JsonNode list = node.path("Choices");
        List<ChoiceRule.Branch> branches = new ArrayList<>();
        if (!list.isArray() || list.isEmpty()) {
            fields.problems.add("SCHEMA_VALIDATION_FAILED: a Choice state needs a non-empty Choices array at " + at + "/Choices");
        } else {
            for (int i = 0; i < list.size(); i++) {
                String ruleAt = at + "/Choices[" + i + "]";
                String next = list.get(i).path("Next").asText(null);
                if (next == null) {
                    fields.problems.add("SCHEMA_VALIDATION_FAILED: These fields are required: [Next] at " + ruleAt);
                }
                JsonNode rule = list.get(i);
                if (jsonata) {
                    branches.add(jsonataRule(rule, ruleAt, next, fields));
                } else {
                    branches.add(new ChoiceRule.Branch(ChoiceRule.parse(rule, ruleAt, fields.problems), next,
                            rule.isObject() ? fields.assign(rule, ruleAt) : null, null));
                }
            }
        }
        return new State.Choice(name, io, List.copyOf(branches), node.path("Default").asText(null));
    }

    /** A JSONata Choice rule: a {@code Condition} expression that gives true or false, its {@code Next}, {@code Assign} and {@code Output}. */
    private static ChoiceRule.Branch jsonataRule(JsonNode rule, String at, String next, FieldReader fields) {
        for (String f : FieldReader.names(rule)) {
            if (!Set.of("Condition", "Next", "Assign", "Output", "Comment").contains(f)) {
                fields.problems.add("SCHEMA_VALIDATION_FAILED: The field '" + f + "' is not supported by Step Functions in a JSONata state at " + at);
            }
        }
        JsonataTemplate condition = null;
        if (!rule.has("Condition")) {
            fields.problems.add("SCHEMA_VALIDATION_FAILED: These fields are required: [Condition] at " + at);
        } else if (!JsonataTemplate.isExpression(rule.get("Condition")) && !rule.get("Condition").isBoolean()) {
            fields.problems.add("SCHEMA_VALIDATION_FAILED: Condition is a JSONata expression ({% ... %}) or a boolean at " + at + "/Condition");
        } else {
            condition = fields.jsonata(rule, "Condition", at);
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
        return new ChoiceRule.Branch(c, next, fields.jsonataAssign(rule, at), fields.jsonata(rule, "Output", at));
    }
}
