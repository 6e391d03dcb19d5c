package localaws.stepfunctions.json.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

/** {@code States.Array(values...)}: an array of the arguments. */
final class ArrayOf extends AbstractIntrinsic {
    ArrayOf() {
        super("States.Array", 0, Integer.MAX_VALUE);
    }

    @Override
    public JsonNode apply(Args a) {
        ArrayNode out = Args.NODES.arrayNode();
        a.from(0).forEach(out::add);
        return out;
    }
}
