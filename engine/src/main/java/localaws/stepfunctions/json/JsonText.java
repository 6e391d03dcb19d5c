package localaws.stepfunctions.json;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A tree as compact JSON text, the same text {@code JsonNode.toString()} gives, written straight into
 * a {@code StringBuilder}. The engine writes a state's input and output as text at every transition
 * (for its history); most are a few hundred bytes, for which Jackson's per-call set-up (a generator,
 * its context and buffers) costs more than the writing. Strings are escaped by Jackson's own
 * encoder; a node of a kind not written here (binary, POJO) is handed to Jackson, and so is a
 * whole tree nested deeper than {@value #MAX_DEPTH} (which Jackson refuses past its own limit).
 */
public final class JsonText {
    private static final int MAX_DEPTH = 200;

    private JsonText() {
    }

    public static String of(JsonNode node) {
        StringBuilder s = new StringBuilder(64);
        try {
            write(s, node, 0);
        } catch (TooDeep e) {
            return node.toString();
        }
        return s.toString();
    }

    private static final class TooDeep extends RuntimeException {
        TooDeep() {
            super(null, null, false, false);
        }
    }

    private static void write(StringBuilder s, JsonNode node, int depth) {
        if (depth > MAX_DEPTH) {
            throw new TooDeep();
        }
        switch (node.getNodeType()) {
            case OBJECT -> {
                s.append('{');
                boolean first = true;
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    if (!first) {
                        s.append(',');
                    }
                    first = false;
                    quoted(s, field.getKey());
                    s.append(':');
                    write(s, field.getValue(), depth + 1);
                }
                s.append('}');
            }
            case ARRAY -> {
                s.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        s.append(',');
                    }
                    write(s, node.get(i), depth + 1);
                }
                s.append(']');
            }
            case STRING -> quoted(s, node.textValue());
            case BOOLEAN -> s.append(node.booleanValue());
            case NULL -> s.append("null");
            case NUMBER -> {
                if (node.isInt() || node.isLong() || node.isShort()) {
                    s.append(node.longValue());
                } else if (node.isBigInteger()) {
                    s.append(node.bigIntegerValue());
                } else if (node.isBigDecimal()) {
                    s.append(node.decimalValue().toString());
                } else if (Double.isFinite(node.doubleValue())) {
                    // Jackson writes a double as Double.toString does, a float as Float.toString.
                    s.append(node.isFloat() ? Float.toString(node.floatValue()) : Double.toString(node.doubleValue()));
                } else {
                    s.append(node.toString()); // NaN and the infinities: quoted, as Jackson quotes them
                }
            }
            default -> s.append(node.toString());
        }
    }

    /** {@code text} as a JSON string, quotes included. */
    public static String quoted(String text) {
        StringBuilder s = new StringBuilder(text.length() + 8);
        quoted(s, text);
        return s.toString();
    }

    private static void quoted(StringBuilder s, String text) {
        s.append('"');
        JsonStringEncoder.getInstance().quoteAsString(text, s);
        s.append('"');
    }
}
