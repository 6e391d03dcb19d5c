package localaws.stepfunctions.json;

import localaws.stepfunctions.errors.StatesError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A Reference Path, the only kind {@code ResultPath} accepts: {@code $}, names by {@code .name} or
 * {@code ['name']}, and array indexes; no wildcards, filters or slices. Writing through it copies
 * the input and creates the objects on the way.
 */
public final class ReferencePath {
    private final String text;
    private final List<Object> steps; // String names, Integer indexes

    private ReferencePath(String text, List<Object> steps) {
        this.text = text;
        this.steps = steps;
    }

    public static ReferencePath parse(String text) {
        if (text == null || !text.startsWith("$") || text.startsWith("$$")) {
            throw new IllegalArgumentException("'" + text + "' is not a reference path: it must start with $");
        }
        List<Object> steps = new ArrayList<>();
        int i = 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < text.length() && text.charAt(end) != '.' && text.charAt(end) != '[') {
                    end++;
                }
                String name = text.substring(i + 1, end);
                if (name.isEmpty() || name.contains("*") || name.contains("@")) {
                    throw new IllegalArgumentException("'" + text + "' is not a reference path: bad name at " + i);
                }
                steps.add(name);
                i = end;
            } else if (c == '[') {
                int close = text.indexOf(']', i);
                if (close < 0) {
                    throw new IllegalArgumentException("'" + text + "' is not a reference path: unclosed [");
                }
                String inner = text.substring(i + 1, close).trim();
                if (inner.length() >= 2 && (inner.startsWith("'") && inner.endsWith("'") || inner.startsWith("\"") && inner.endsWith("\""))) {
                    steps.add(inner.substring(1, inner.length() - 1));
                } else if (inner.matches("\\d+")) {
                    steps.add(Integer.parseInt(inner));
                } else {
                    throw new IllegalArgumentException("'" + text + "' is not a reference path: only names and indexes are allowed, not [" + inner + "]");
                }
                i = close + 1;
            } else {
                throw new IllegalArgumentException("'" + text + "' is not a reference path: unexpected '" + c + "' at " + i);
            }
        }
        return new ReferencePath(text, List.copyOf(steps));
    }

    public boolean isRoot() {
        return steps.isEmpty();
    }

    /** The input with {@code value} placed at this path (the input itself is not changed). */
    public JsonNode put(JsonNode input, JsonNode value) {
        if (steps.isEmpty()) {
            return value;
        }
        if (!input.isObject() && !(input.isArray() && steps.get(0) instanceof Integer)) {
            throw new StatesError(StatesError.RESULT_PATH, "Unable to apply ReferencePath " + text + " to input " + input);
        }
        JsonNode root = input.deepCopy();
        JsonNode node = root;
        for (int s = 0; s < steps.size(); s++) {
            Object step = steps.get(s);
            boolean last = s == steps.size() - 1;
            if (step instanceof String name) {
                if (!node.isObject()) {
                    throw new StatesError(StatesError.RESULT_PATH, "Unable to apply ReferencePath " + text + " to input " + input);
                }
                ObjectNode obj = (ObjectNode) node;
                if (last) {
                    obj.set(name, value);
                } else {
                    JsonNode next = obj.get(name);
                    if (next == null || !(next.isObject() || next.isArray())) {
                        next = obj.putObject(name);
                    }
                    node = next;
                }
            } else {
                int index = (Integer) step;
                if (!node.isArray() || index >= node.size()) {
                    throw new StatesError(StatesError.RESULT_PATH, "Unable to apply ReferencePath " + text + " to input " + input);
                }
                ArrayNode arr = (ArrayNode) node;
                if (last) {
                    arr.set(index, value);
                } else {
                    node = arr.get(index);
                }
            }
        }
        return root;
    }

    @Override
    public String toString() {
        return text;
    }
}
