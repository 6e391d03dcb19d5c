package localaws.stepfunctions.json.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

/** {@code States.ArrayUnique(array)}: the array without repeats, first occurrences kept in order. */
final class ArrayUnique extends AbstractIntrinsic {
    ArrayUnique() {
        super("States.ArrayUnique", 1, 1);
    }

    @Override
    public JsonNode apply(Args a) {
        ArrayNode out = Args.NODES.arrayNode();
        for (JsonNode item : a.array(0)) {
            boolean seen = false;
            for (JsonNode kept : out) {
                seen |= kept.equals(Args.NUMERIC_EQUALITY, item);
            }
            if (!seen) {
                out.add(item);
            }
        }
        return out;
    }
}
