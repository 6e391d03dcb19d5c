package localaws.stepfunctions.json.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

/** {@code States.StringSplit(text, delimiters)}: the non-empty pieces between any of the delimiter characters. */
final class StringSplit extends AbstractIntrinsic {
    StringSplit() {
        super("States.StringSplit", 2, 2);
    }

    @Override
    public JsonNode apply(Args a) {
        String text = a.text(0);
        String delimiters = a.text(1);
        ArrayNode out = Args.NODES.arrayNode();
        StringBuilder part = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (delimiters.indexOf(c) >= 0) {
                if (!part.isEmpty()) {
                    out.add(part.toString());
                }
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        if (!part.isEmpty()) {
            out.add(part.toString());
        }
        return out;
    }
}
