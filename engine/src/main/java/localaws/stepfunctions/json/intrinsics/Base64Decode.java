package localaws.stepfunctions.json.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** {@code States.Base64Decode(base64)}: the text whose UTF-8 bytes the argument encodes. */
final class Base64Decode extends AbstractIntrinsic {
    Base64Decode() {
        super("States.Base64Decode", 1, 1);
    }

    @Override
    public JsonNode apply(Args a) {
        return Args.NODES.textNode(new String(Base64.getDecoder().decode(a.text(0)), StandardCharsets.UTF_8));
    }
}
