package localaws.stepfunctions.json.intrinsics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code States.StringToJson(text)}: the JSON value the text holds. */
final class StringToJson extends AbstractIntrinsic {
    private static final ObjectMapper JSON = new ObjectMapper();

    StringToJson() {
        super("States.StringToJson", 1, 1);
    }

    @Override
    public JsonNode apply(Args a) {
        try {
            return JSON.readTree(a.text(0));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the argument is not JSON text");
        }
    }
}
