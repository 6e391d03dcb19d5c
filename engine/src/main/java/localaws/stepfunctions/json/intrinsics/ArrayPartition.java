package localaws.stepfunctions.json.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

/** {@code States.ArrayPartition(array, size)}: the array in chunks of {@code size} (the last may be shorter). */
final class ArrayPartition extends AbstractIntrinsic {
    ArrayPartition() {
        super("States.ArrayPartition", 2, 2);
    }

    @Override
    public JsonNode apply(Args a) {
        ArrayNode array = a.array(0);
        int size = a.integer(1);
        if (size <= 0) {
            throw new IllegalArgumentException("the chunk size must be greater than 0");
        }
        ArrayNode out = Args.NODES.arrayNode();
        ArrayNode chunk = null;
        for (int i = 0; i < array.size(); i++) {
            if (i % size == 0) {
                chunk = out.addArray();
            }
            chunk.add(array.get(i));
        }
        return out;
    }
}
