package localaws.stepfunctions.json.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** {@code States.Format(template, args...)}: each {@code {}} of the template replaced by the next argument. */
final class Format extends AbstractIntrinsic {
    Format() {
        super("States.Format", 1, Integer.MAX_VALUE);
    }

    @Override
    public JsonNode apply(Args a) {
        String template = a.text(0);
        List<JsonNode> args = a.from(1);
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '\\' && i + 1 < template.length()) {
                out.append(template.charAt(++i));
            } else if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
                if (next >= args.size()) {
                    throw new IllegalArgumentException("the template has more {} than arguments");
                }
                formatted(args.get(next++), out);
                i++;
            } else {
                out.append(c);
            }
        }
        if (next != args.size()) {
            throw new IllegalArgumentException("the template has fewer {} than arguments");
        }
        return Args.NODES.textNode(out.toString());
    }

    /**
     * An argument as AWS writes it: text without quotes; an object as {@code {k=v, n=1}} and an
     * array as {@code [1, two, true, null]}, nested alike.
     */
    private static void formatted(JsonNode arg, StringBuilder out) {
        if (arg.isObject()) {
            out.append('{');
            var fields = arg.properties().iterator();
            while (fields.hasNext()) {
                var f = fields.next();
                out.append(f.getKey()).append('=');
                formatted(f.getValue(), out);
                if (fields.hasNext()) {
                    out.append(", ");
                }
            }
            out.append('}');
        } else if (arg.isArray()) {
            out.append('[');
            for (int i = 0; i < arg.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                formatted(arg.get(i), out);
            }
            out.append(']');
        } else {
            out.append(arg.isTextual() ? arg.asText() : arg.toString());
        }
    }
}
