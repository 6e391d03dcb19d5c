package awards.local.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The console's graph of the nomination state machine, as the layout library places it. */
class GraphTest {
    private static final ObjectNode GRAPH;

    static {
        try {
            GRAPH = Graph.of(Files.readString(Path.of("../infra/statemachine/nomination.asl.json")));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, JsonNode> states() {
        Map<String, JsonNode> out = new HashMap<>();
        GRAPH.path("states").forEach(s -> out.put(s.path("name").asText(), s));
        return out;
    }

    @Test
    void everyState_hasABox_insideTheDrawing_andNoTwoBoxesOfOneLevelOverlap() {
        Map<String, JsonNode> states = states();
        assertThat(states).containsKeys("WaitForClose", "AwaitPanel", "RoundClosed", "Awarded");
        for (JsonNode s : states.values()) {
            assertThat(s.path("w").asDouble()).isPositive();
            assertThat(s.path("x").asDouble() + s.path("w").asDouble()).isLessThanOrEqualTo(GRAPH.path("width").asDouble());
            assertThat(s.path("y").asDouble() + s.path("h").asDouble()).isLessThanOrEqualTo(GRAPH.path("height").asDouble());
        }
        List<JsonNode> top = states.values().stream().filter(s -> !s.has("group")).toList();
        for (JsonNode a : top) {
            for (JsonNode b : top) {
                if (a != b) {
                    assertThat(overlap(a, b)).as(a.path("name") + " and " + b.path("name")).isFalse();
                }
            }
        }
    }

    @Test
    void aParallelsBranchStates_lieInsideIt() {
        // The nomination's workflow has no Parallel (its round closes from outside); one that has is drawn with its branches inside it.
        ObjectNode graph = Graph.of("""
                {"StartAt": "Judging", "States": {
                  "Judging": {"Type": "Parallel", "Next": "Done", "Branches": [
                    {"StartAt": "AwaitPanel", "States": {"AwaitPanel": {"Type": "Pass", "Next": "Undecided"}, "Undecided": {"Type": "Pass", "End": true}}},
                    {"StartAt": "WaitForReminder", "States": {"WaitForReminder": {"Type": "Wait", "Seconds": 5, "Next": "Remind"}, "Remind": {"Type": "Pass", "End": true}}}]},
                  "Done": {"Type": "Succeed"}}}""");
        Map<String, JsonNode> states = new HashMap<>();
        graph.path("states").forEach(s -> states.put(s.path("name").asText(), s));
        JsonNode judging = states.get("Judging");
        assertThat(judging.path("compound").asBoolean()).isTrue();
        for (String inner : List.of("AwaitPanel", "Undecided", "WaitForReminder", "Remind")) {
            JsonNode s = states.get(inner);
            assertThat(s.path("group").asText()).isEqualTo("Judging");
            assertThat(s.path("x").asDouble()).isBetween(judging.path("x").asDouble(), judging.path("x").asDouble() + judging.path("w").asDouble());
            assertThat(s.path("y").asDouble()).isBetween(judging.path("y").asDouble(), judging.path("y").asDouble() + judging.path("h").asDouble());
        }
        assertThat(graph.path("groups")).hasSize(2);
    }

    @Test
    void everyTransition_isARoutedEdge_fromItsStateToItsTarget_backEdgesToo() {
        Map<String, JsonNode> states = states();
        int edges = 0;
        for (JsonNode e : GRAPH.path("edges")) {
            edges++;
            JsonNode points = e.path("points");
            assertThat(points.size()).as(e.toString()).isGreaterThanOrEqualTo(2);
            JsonNode from = states.get(e.path("from").asText());
            JsonNode to = states.get(e.path("to").asText());
            assertThat(onBorder(points.get(0), from)).as(e + " starts on " + from).isTrue();
            assertThat(onBorder(points.get(points.size() - 1), to)).as(e + " ends on " + to).isTrue();
            // Orthogonal routing: every segment is horizontal or vertical.
            for (int i = 1; i < points.size(); i++) {
                boolean straight = Math.abs(points.get(i).get(0).asDouble() - points.get(i - 1).get(0).asDouble()) < 0.5
                        || Math.abs(points.get(i).get(1).asDouble() - points.get(i - 1).get(1).asDouble()) < 0.5;
                assertThat(straight).as(e.toString()).isTrue();
            }
        }
        assertThat(edges).isGreaterThanOrEqualTo(18);
        // AfterClose loops back to WaitForClose (the close not reached yet): WaitForClose is drawn above it.
        boolean back = false;
        for (JsonNode e : GRAPH.path("edges")) {
            back |= e.path("from").asText().equals("AfterClose") && e.path("to").asText().equals("WaitForClose");
        }
        assertThat(back).isTrue();
        assertThat(states.get("WaitForClose").path("y").asDouble()).isLessThan(states.get("AfterClose").path("y").asDouble());
    }

    private static boolean overlap(JsonNode a, JsonNode b) {
        return a.path("x").asDouble() < b.path("x").asDouble() + b.path("w").asDouble()
                && b.path("x").asDouble() < a.path("x").asDouble() + a.path("w").asDouble()
                && a.path("y").asDouble() < b.path("y").asDouble() + b.path("h").asDouble()
                && b.path("y").asDouble() < a.path("y").asDouble() + a.path("h").asDouble();
    }

    private static boolean onBorder(JsonNode point, JsonNode box) {
        double x = point.get(0).asDouble();
        double y = point.get(1).asDouble();
        double left = box.path("x").asDouble();
        double top = box.path("y").asDouble();
        double right = left + box.path("w").asDouble();
        double bottom = top + box.path("h").asDouble();
        boolean within = x >= left - 1 && x <= right + 1 && y >= top - 1 && y <= bottom + 1;
        boolean edge = Math.abs(x - left) <= 1 || Math.abs(x - right) <= 1 || Math.abs(y - top) <= 1 || Math.abs(y - bottom) <= 1;
        return within && edge;
    }
}
