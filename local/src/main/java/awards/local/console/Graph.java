package awards.local.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeLabelPlacement;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.options.HierarchyHandling;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkLabel;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

/**
 * The state machine as the console draws it, read from the ASL definition itself and laid out by the
 * Eclipse Layout Kernel's layered algorithm (the Sugiyama method graph tools and the AWS console's
 * workflow view use): states top to bottom in layers, transitions routed orthogonally around the
 * boxes, back edges (a Choice that loops to a Wait) drawn upwards without crossing states, and each
 * Parallel branch or Map processor as a box of its own states inside its state. Every transition is
 * an edge: Next, Choice rules and Default, Catch. The browser only draws what this computes.
 */
final class Graph {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Box sizes in the SVG's pixels: a line of 12px Arial is about 7px a character. */
    private static final double CHAR = 7, LINE = 40, PAD = 14, TITLE = 26;

    private Graph() {}

    static ObjectNode of(String definition) {
        JsonNode asl;
        try {
            asl = JSON.readTree(definition);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        ElkNode root = ElkGraphUtil.createGraph();
        root.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
        root.setProperty(CoreOptions.DIRECTION, Direction.DOWN);
        root.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.ORTHOGONAL);
        root.setProperty(CoreOptions.HIERARCHY_HANDLING, HierarchyHandling.INCLUDE_CHILDREN);
        root.setProperty(CoreOptions.PADDING, new ElkPadding(16));
        root.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 36.0);
        root.setProperty(LayeredOptions.SPACING_NODE_NODE, 28.0);
        root.setProperty(LayeredOptions.SPACING_EDGE_NODE, 14.0);
        root.setProperty(LayeredOptions.SPACING_EDGE_EDGE, 10.0);
        // A loop (AfterClose back to WaitForClose) goes up: the states' order in the definition, which
        // follows the flow, decides which edge of a cycle is the back edge.
        root.setProperty(LayeredOptions.CYCLE_BREAKING_STRATEGY, org.eclipse.elk.alg.layered.options.CycleBreakingStrategy.MODEL_ORDER);
        root.setProperty(LayeredOptions.CONSIDER_MODEL_ORDER_STRATEGY, org.eclipse.elk.alg.layered.options.OrderingStrategy.NODES_AND_EDGES);
        ObjectNode out = JSON.createObjectNode();
        out.put("startAt", asl.path("StartAt").asText());
        ArrayNode states = out.putArray("states");
        ArrayNode groups = out.putArray("groups");
        List<Edge> edges = new ArrayList<>();
        Map<ElkNode, ObjectNode> placed = new LinkedHashMap<>();
        add(asl, root, null, states, groups, edges, placed);

        new RecursiveGraphLayoutEngine().layout(root, new BasicProgressMonitor());

        placed.forEach((node, json) -> {
            double[] at = absolute(node);
            json.put("x", round(at[0])).put("y", round(at[1])).put("w", round(node.getWidth())).put("h", round(node.getHeight()));
        });
        ArrayNode edgeOut = out.putArray("edges");
        for (Edge e : edges) {
            ObjectNode o = edgeOut.addObject().put("from", e.from).put("to", e.to).put("kind", e.kind);
            if (e.label != null) {
                o.put("label", e.label);
            }
            // Sections are relative to the node that contains the edge (the one the layout chose).
            double[] offset = absoluteOrigin(e.elk.getContainingNode());
            ArrayNode points = o.putArray("points");
            for (ElkEdgeSection s : e.elk.getSections()) {
                points.addArray().add(round(offset[0] + s.getStartX())).add(round(offset[1] + s.getStartY()));
                s.getBendPoints().forEach(b -> points.addArray().add(round(offset[0] + b.getX())).add(round(offset[1] + b.getY())));
                points.addArray().add(round(offset[0] + s.getEndX())).add(round(offset[1] + s.getEndY()));
            }
            if (!e.elk.getLabels().isEmpty()) {
                ElkLabel l = e.elk.getLabels().get(0);
                o.putArray("labelAt").add(round(offset[0] + l.getX())).add(round(offset[1] + l.getY() + l.getHeight() - 3));
            }
        }
        out.put("width", round(root.getWidth())).put("height", round(root.getHeight()));
        return out;
    }

    private record Edge(String from, String to, String kind, String label, ElkEdge elk) {}

    /** Adds one States object's states (and, inside a Parallel or Map, its branches' states) under {@code parent}. */
    private static void add(JsonNode machine, ElkNode parent, String group, ArrayNode states, ArrayNode groups, List<Edge> edges,
                            Map<ElkNode, ObjectNode> placed) {
        Map<String, ElkNode> nodes = new LinkedHashMap<>();
        machine.path("States").properties().forEach(e -> {
            String name = e.getKey();
            JsonNode s = e.getValue();
            String type = s.path("Type").asText();
            ElkNode node = ElkGraphUtil.createNode(parent);
            node.setIdentifier(name);
            ObjectNode json = states.addObject().put("name", name).put("type", type).put("comment", s.path("Comment").asText(""));
            if (group != null) {
                json.put("group", group);
            }
            if (s.path("End").asBoolean(false) || type.equals("Succeed") || type.equals("Fail")) {
                json.put("end", true);
            }
            List<JsonNode> inner = new ArrayList<>();
            s.path("Branches").forEach(inner::add);
            JsonNode processor = s.has("ItemProcessor") ? s.get("ItemProcessor") : s.get("Iterator");
            if (processor != null) {
                inner.add(processor);
            }
            double width = Math.max(150, CHAR * (name.length() + type.length() + 3) + 2 * PAD);
            if (inner.isEmpty()) {
                node.setDimensions(width, LINE);
            } else {
                // A compound state: its title on top, each branch a box of its own states side by side.
                node.setProperty(CoreOptions.PADDING, new ElkPadding(TITLE + 8, PAD, PAD, PAD));
                node.setProperty(CoreOptions.DIRECTION, Direction.RIGHT);
                node.setProperty(LayeredOptions.SPACING_NODE_NODE, 20.0);
                json.put("compound", true);
                for (int i = 0; i < inner.size(); i++) {
                    ElkNode branch = ElkGraphUtil.createNode(node);
                    branch.setIdentifier(name + "#" + i);
                    branch.setProperty(CoreOptions.PADDING, new ElkPadding(TITLE, 10, 10, 10));
                    branch.setProperty(CoreOptions.DIRECTION, Direction.DOWN);
                    String label = processor != null && i == inner.size() - 1 ? "each item" : "branch " + (i + 1);
                    ObjectNode g = groups.addObject().put("name", name + "#" + i).put("label", label).put("state", name);
                    placed.put(branch, g);
                    add(inner.get(i), branch, name, states, groups, edges, placed);
                }
            }
            placed.put(node, json);
            nodes.put(name, node);
        });
        machine.path("States").properties().forEach(e -> {
            String name = e.getKey();
            JsonNode s = e.getValue();
            if (s.has("Next")) {
                edges.add(edge(nodes, name, s.get("Next").asText(), "next", null));
            }
            s.path("Choices").forEach(c -> edges.add(edge(nodes, name, c.path("Next").asText(), "choice", rule(c))));
            if (s.has("Default")) {
                edges.add(edge(nodes, name, s.get("Default").asText(), "default", "otherwise"));
            }
            s.path("Catch").forEach(c -> {
                List<String> errors = new ArrayList<>();
                c.path("ErrorEquals").forEach(x -> errors.add(x.asText()));
                edges.add(edge(nodes, name, c.path("Next").asText(), "catch", "catch " + String.join(", ", errors)));
            });
        });
        edges.removeIf(x -> x == null);
    }

    private static Edge edge(Map<String, ElkNode> nodes, String from, String to, String kind, String label) {
        ElkNode a = nodes.get(from);
        ElkNode b = nodes.get(to);
        if (a == null || b == null) {
            return null;
        }
        ElkEdge e = ElkGraphUtil.createSimpleEdge(a, b);
        if (label != null) {
            // Labels are placed by the layout too, so they neither overlap boxes nor each other.
            ElkLabel l = ElkGraphUtil.createLabel(label, e);
            l.setDimensions(Math.min(label.length(), 28) * 6.2, 14);
            l.setProperty(CoreOptions.EDGE_LABELS_PLACEMENT, EdgeLabelPlacement.CENTER);
        }
        return new Edge(from, to, kind, label, e);
    }

    private static double[] absolute(ElkNode node) {
        double[] origin = absoluteOrigin(node.getParent());
        return new double[] {origin[0] + node.getX(), origin[1] + node.getY()};
    }

    /** Where a node's own coordinate system starts, in the root's. */
    private static double[] absoluteOrigin(ElkNode node) {
        double x = 0;
        double y = 0;
        for (ElkNode n = node; n != null && n.getParent() != null; n = n.getParent()) {
            x += n.getX();
            y += n.getY();
        }
        return new double[] {x, y};
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
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
