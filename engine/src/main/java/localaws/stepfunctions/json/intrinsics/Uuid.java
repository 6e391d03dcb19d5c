package localaws.stepfunctions.json.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/** {@code States.UUID()}: a random version 4 UUID. */
final class Uuid extends AbstractIntrinsic {
    Uuid() {
        super("States.UUID", 0, 0);
    }

    @Override
    public JsonNode apply(Args a) {
        return Args.NODES.textNode(UUID.randomUUID().toString());
    }
}
