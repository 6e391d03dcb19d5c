package localaws.stepfunctions.json.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** {@code States.Base64Encode(text)}: the text's UTF-8 bytes in base64. */
final class Base64Encode extends AbstractIntrinsic {
    Base64Encode() {
        super("States.Base64Encode", 1, 1);
    }

    @Override
    public JsonNode apply(Args a) {
        return Args.NODES.textNode(Base64.getEncoder().encodeToString(a.text(0).getBytes(StandardCharsets.UTF_8)));
    }
}
