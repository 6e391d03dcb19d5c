package localaws.stepfunctions.json.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

/** {@code States.ArrayGetItem(array, index)}: the item at a zero-based index inside the array. */
final class ArrayGetItem extends AbstractIntrinsic {
    ArrayGetItem() {
        super("States.ArrayGetItem", 2, 2);
    }

    @Override
    public JsonNode apply(Args a) {
        ArrayNode array = a.array(0);
        int index = a.integer(1);
        if (index < 0 || index >= array.size()) {
            throw new IllegalArgumentException("index " + index + " is out of bounds for an array of " + array.size());
        }
        return array.get(index);
    }
}
