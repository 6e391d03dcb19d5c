package localaws.stepfunctions.json.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code States.JsonMerge(a, b, false)}: a's fields with b's over them (a shallow merge, the only kind AWS has). */
final class JsonMerge extends AbstractIntrinsic {
    JsonMerge() {
        super("States.JsonMerge", 3, 3);
    }

    @Override
    public JsonNode apply(Args a) {
        if (!a.get(0).isObject() || !a.get(1).isObject()) {
            throw new IllegalArgumentException("both arguments must be JSON objects");
        }
        if (!a.get(2).isBoolean() || a.get(2).asBoolean()) {
            throw new IllegalArgumentException("only a shallow merge (false) is supported, as in AWS");
        }
        ObjectNode out = ((ObjectNode) a.get(0)).deepCopy();
        out.setAll((ObjectNode) a.get(1).deepCopy());
        return out;
    }
}
