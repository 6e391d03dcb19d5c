package awards.local.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The state machine as the console draws it, read from the ASL definition itself: states (with the
 * states of each Parallel branch and Map processor inside), and every transition: Next, Choice rules
 * and Default, Catch.
 */
final class Graph {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Graph() {}

    static ObjectNode of(String definition) {
        try {
            JsonNode asl = JSON.readTree(definition);
            return graph(asl);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode graph(JsonNode asl) {
        ObjectNode out = JSON.createObjectNode();
        out.put("startAt", asl.path("StartAt").asText());
        ArrayNode states = out.putArray("states");
        ArrayNode edges = out.putArray("edges");
        asl.path("States").properties().forEach(e -> {
            String name = e.getKey();
            JsonNode s = e.getValue();
            ObjectNode node = states.addObject().put("name", name).put("type", s.path("Type").asText()).put("comment", s.path("Comment").asText(""));
            if (s.path("End").asBoolean(false) || s.path("Type").asText().equals("Succeed") || s.path("Type").asText().equals("Fail")) {
                node.put("end", true);
            }
            if (s.has("Next")) {
                edges.addObject().put("from", name).put("to", s.get("Next").asText()).put("kind", "next");
            }
            s.path("Choices").forEach(c -> edges.addObject().put("from", name).put("to", c.path("Next").asText()).put("kind", "choice")
                    .put("label", rule(c)));
            if (s.has("Default")) {
                edges.addObject().put("from", name).put("to", s.get("Default").asText()).put("kind", "default").put("label", "otherwise");
            }
            s.path("Catch").forEach(c -> {
                java.util.List<String> errors = new java.util.ArrayList<>();
                c.path("ErrorEquals").forEach(x -> errors.add(x.asText()));
                edges.addObject().put("from", name).put("to", c.path("Next").asText()).put("kind", "catch").put("label", "catch " + String.join(", ", errors));
            });
            if (s.has("Branches")) {
                ArrayNode branches = node.putArray("branches");
                s.get("Branches").forEach(b -> branches.add(graph(b)));
            }
            JsonNode processor = s.has("ItemProcessor") ? s.get("ItemProcessor") : s.get("Iterator");
            if (processor != null) {
                node.putArray("branches").add(graph(processor));
            }
        });
        return out;
    }

    private static String rule(JsonNode c) {
        String variable = c.path("Variable").asText("");
        for (var f : c.properties()) {
            if (!f.getKey().equals("Variable") && !f.getKey().equals("Next")) {
                return variable.replaceFirst("^\\$\\.", "") + " " + f.getKey() + " " + f.getValue().asText(f.getValue().toString());
            }
        }
        return "rule";
    }
}
