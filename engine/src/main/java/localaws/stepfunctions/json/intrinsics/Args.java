package localaws.stepfunctions.json.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.List;

/** The evaluated arguments of one call, read as the type the function expects (or refused, naming the function). */
public final class Args {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** JSON equality in which 1, 1.0 and 1L are the same number. */
    static final Comparator<JsonNode> NUMERIC_EQUALITY = (x, y) -> {
        if (x.isNumber() && y.isNumber()) {
            return x.decimalValue().compareTo(y.decimalValue());
        }
        return x.equals(y) ? 0 : 1;
    };
    private final String function;
    private final List<JsonNode> values;

    public Args(String function, List<JsonNode> values) {
        this.function = function;
        this.values = values;
    }

    int size() {
        return values.size();
    }

    JsonNode get(int i) {
        return values.get(i);
    }

    /** The arguments from {@code i} on. */
    List<JsonNode> from(int i) {
        return values.subList(i, values.size());
    }

    String text(int i) {
        JsonNode node = values.get(i);
        if (!node.isTextual()) {
            throw new IllegalArgumentException(function + " expects a string, not " + node);
        }
        return node.asText();
    }

    ArrayNode array(int i) {
        JsonNode node = values.get(i);
        if (!node.isArray()) {
            throw new IllegalArgumentException(function + " expects an array, not " + node);
        }
        return (ArrayNode) node;
    }

    int integer(int i) {
        return number(i).intValue();
    }

    /** To the nearest whole number, a half towards positive infinity (2.5 is 3, -2.5 is -2), as AWS rounds. */
    long rounded(int i) {
        return number(i).decimalValue().add(BigDecimal.valueOf(5, 1)).setScale(0, RoundingMode.FLOOR).longValue();
    }

    private JsonNode number(int i) {
        JsonNode node = values.get(i);
        if (!node.isNumber()) {
            throw new IllegalArgumentException(function + " expects a number, not " + node);
        }
        return node;
    }

    /** A whole number as the smallest JSON number node that holds it. */
    static JsonNode whole(long v) {
        return v == (int) v ? NODES.numberNode((int) v) : NODES.numberNode(v);
    }
}
