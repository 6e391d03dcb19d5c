package localaws.stepfunctions.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import localaws.stepfunctions.json.JsonPaths;

/**
 * What {@code ValidateStateMachineDefinition} reports about a definition
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_ValidateStateMachineDefinition.html):
 * an ERROR for each problem that refuses it at creation (the codes the parser gives), and
 * WARNINGs for what AWS warns of: {@code NO_DOLLAR} (a field of Parameters, ResultSelector or
 * ItemSelector whose value looks like a path or an intrinsic function but whose name does not end
 * in {@code .$}) and {@code PASS_RESULT_IS_STATIC} (a Pass state's Result with a {@code .$} field).
 */
public final class DefinitionDiagnostics {
    public enum Severity { ERROR, WARNING }

    public record Diagnostic(Severity severity, String code, String message, String location) {}

    private static final Set<String> TEMPLATES = Set.of("Parameters", "ResultSelector", "ItemSelector");

    private DefinitionDiagnostics() {}

    /** Every diagnostic, errors first, each kind in the order found. */
    public static List<Diagnostic> of(String definition) {
        List<Diagnostic> out = new ArrayList<>();
        if (definition == null || definition.isBlank()) {
            out.add(new Diagnostic(Severity.ERROR, "MISSING_DESCRIPTION", "Received a null or empty workflow input.", null));
            return out;
        }
        try {
            DefinitionParser.parse(definition);
        } catch (InvalidDefinitionException e) {
            e.problems().forEach(p -> out.add(error(p)));
        }
        JsonNode root;
        try {
            root = JsonPaths.MAPPER.readTree(definition);
        } catch (java.io.IOException e) {
            return out; // reported above as INVALID_JSON_DESCRIPTION
        }
        warnings(root.path("States"), "/States", root.path("QueryLanguage").asText("JSONPath").equals("JSONata"), out);
        return out;
    }

    /** A parser problem, "CODE: message at /location", as a diagnostic. */
    private static Diagnostic error(String problem) {
        int colon = problem.indexOf(": ");
        String code = colon > 0 && problem.substring(0, colon).matches("[A-Z_]+") ? problem.substring(0, colon) : "SCHEMA_VALIDATION_FAILED";
        String rest = colon > 0 && code.equals(problem.substring(0, colon)) ? problem.substring(colon + 2) : problem;
        int at = rest.lastIndexOf(" at /");
        return at < 0 ? new Diagnostic(Severity.ERROR, code, rest, null)
                : new Diagnostic(Severity.ERROR, code, rest.substring(0, at), rest.substring(at + 4));
    }

    /** The JSONPath warnings; a JSONata state (its own QueryLanguage, or {@code jsonata}, the machine's) has no paths to warn of. */
    private static void warnings(JsonNode states, String at, boolean jsonata, List<Diagnostic> out) {
        for (var e : states.properties()) {
            JsonNode state = e.getValue();
            String here = at + "/" + e.getKey();
            if (!state.path("QueryLanguage").asText(jsonata ? "JSONata" : "JSONPath").equals("JSONata")) {
                for (String field : TEMPLATES) {
                    noDollar(state.path(field), here + "/" + field, out);
                }
                noDollar(state.path("ItemProcessor").path("ItemSelector"), here + "/ItemProcessor/ItemSelector", out);
                if (state.path("Type").asText().equals("Pass")) {
                    staticResult(state.path("Result"), here + "/Result", out);
                }
            }
            for (JsonNode branch : state.path("Branches")) {
                warnings(branch.path("States"), here + "/Branches[" + indexOf(state.path("Branches"), branch) + "]/States", jsonata, out);
            }
            JsonNode processor = state.has("ItemProcessor") ? state.path("ItemProcessor") : state.path("Iterator");
            String processorAt = here + (state.has("ItemProcessor") ? "/ItemProcessor" : "/Iterator") + "/States";
            warnings(processor.path("States"), processorAt, jsonata, out);
        }
    }

    private static int indexOf(JsonNode array, JsonNode item) {
        for (int i = 0; i < array.size(); i++) {
            if (array.get(i) == item) {
                return i;
            }
        }
        return -1;
    }

    private static void noDollar(JsonNode template, String at, List<Diagnostic> out) {
        if (template.isObject()) {
            for (var f : template.properties()) {
                JsonNode v = f.getValue();
                if (!f.getKey().endsWith(".$") && v.isTextual() && looksDynamic(v.asText())) {
                    out.add(new Diagnostic(Severity.WARNING, "NO_DOLLAR", "The value of field '" + f.getKey()
                            + "' looks like a path or an intrinsic function, but the field's name does not end with '.$'", at + "/" + f.getKey()));
                }
                noDollar(v, at + "/" + f.getKey(), out);
            }
        } else if (template.isArray()) {
            for (int i = 0; i < template.size(); i++) {
                noDollar(template.get(i), at + "[" + i + "]", out);
            }
        }
    }

    private static boolean looksDynamic(String text) {
        return text.startsWith("$.") || text.startsWith("$$.") || text.equals("$") || text.startsWith("States.") && text.contains("(");
    }

    private static void staticResult(JsonNode result, String at, List<Diagnostic> out) {
        if (result.isObject()) {
            for (var f : result.properties()) {
                if (f.getKey().endsWith(".$")) {
                    out.add(new Diagnostic(Severity.WARNING, "PASS_RESULT_IS_STATIC", "A Pass state's Result is static: field '"
                            + f.getKey() + "' is not evaluated as a path (use Parameters)", at + "/" + f.getKey()));
                }
                staticResult(f.getValue(), at + "/" + f.getKey(), out);
            }
        }
    }
}
