package localaws.stepfunctions.json.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code States.ArrayLength(array)}: how many items the array has. */
final class ArrayLength extends AbstractIntrinsic {
    ArrayLength() {
        super("States.ArrayLength", 1, 1);
    }

    @Override
    public JsonNode apply(Args a) {
        return Args.NODES.numberNode(a.array(0).size());
    }
}
