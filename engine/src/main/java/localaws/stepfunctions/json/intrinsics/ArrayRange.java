package localaws.stepfunctions.json.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

/** {@code States.ArrayRange(start, end, step)}: the numbers from start to end inclusive, at most 1,000 of them. */
final class ArrayRange extends AbstractIntrinsic {
    ArrayRange() {
        super("States.ArrayRange", 3, 3);
    }

    @Override
    public JsonNode apply(Args a) {
        int start = a.integer(0);
        int end = a.integer(1);
        int step = a.integer(2);
        if (step == 0) {
            throw new IllegalArgumentException("the step must not be 0");
        }
        ArrayNode out = Args.NODES.arrayNode();
        for (long v = start; step > 0 ? v <= end : v >= end; v += step) {
            if (out.size() >= 1000) {
                throw new IllegalArgumentException("the range has more than 1000 items");
            }
            out.add(Args.whole(v));
        }
        return out;
    }
}
