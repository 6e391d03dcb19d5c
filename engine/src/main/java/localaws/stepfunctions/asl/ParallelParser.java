package localaws.stepfunctions.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** A Parallel state's branches (each a graph of states of its own), retriers and catchers. */
final class ParallelParser {
    private ParallelParser() {}

    static State parse(String name, JsonNode node, State.Io io, String at, boolean jsonata, DefinitionParser parser) {
        FieldReader fields = parser.fields();
        JsonNode list = node.path("Branches");
        List<Graph> branches = new ArrayList<>();
        if (!list.isArray() || list.isEmpty()) {
            fields.problems.add("SCHEMA_VALIDATION_FAILED: a Parallel state needs a non-empty Branches array at " + at + "/Branches");
        } else {
            for (int i = 0; i < list.size(); i++) {
                branches.add(parser.graph(list.get(i), at + "/Branches[" + i + "]"));
            }
        }
        return new State.Parallel(name, io, fields.transition(node, at), List.copyOf(branches), Retrier.parseAll(node, at, fields), Catcher.parseAll(node, at, jsonata, fields));
    }
}
