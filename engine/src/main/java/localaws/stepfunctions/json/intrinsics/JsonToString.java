package localaws.stepfunctions.json.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code States.JsonToString(value)}: the value written as compact JSON text. */
final class JsonToString extends AbstractIntrinsic {
    JsonToString() {
        super("States.JsonToString", 1, 1);
    }

    @Override
    public JsonNode apply(Args a) {
        return Args.NODES.textNode(a.get(0).toString());
    }
}
