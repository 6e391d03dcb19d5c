package localaws.stepfunctions.json.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code States.ArrayContains(array, value)}: whether the array holds the value (1 and 1.0 are equal). */
final class ArrayContains extends AbstractIntrinsic {
    ArrayContains() {
        super("States.ArrayContains", 2, 2);
    }

    @Override
    public JsonNode apply(Args a) {
        boolean found = false;
        for (JsonNode item : a.array(0)) {
            found |= item.equals(Args.NUMERIC_EQUALITY, a.get(1));
        }
        return Args.NODES.booleanNode(found);
    }
}
