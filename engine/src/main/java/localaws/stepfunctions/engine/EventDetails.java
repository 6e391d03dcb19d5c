package localaws.stepfunctions.engine;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * The details object of one history event, as JSON text when it is read ({@link #json()}). An event
 * the engine writes keeps its parts instead: the state's input or output (JSON text, often the very
 * string the execution or the state before holds), the state's name, and the few other fields as
 * text. So writing an event escapes nothing, and a parked execution's events share its input
 * instead of each holding an escaped copy of it; the escaping happens when the history is read or
 * journalled.
 */
public sealed interface EventDetails {
    /** No details: the event has no details field (LambdaFunctionStarted), or an empty one. */
    EventDetails NONE = new Text("");

    /** The details object as JSON text; empty for none. */
    String json();

    /** Details that are already JSON text (read from the journal or the archive). */
    static EventDetails text(String json) {
        return json == null || json.isEmpty() ? NONE : new Text(json);
    }

    /**
     * Details with a payload: {@code fields} (an object as JSON text, or null), then {@code field}
     * with {@code payload} as its string value and {@code <field>Details: {"truncated": false}}, then
     * {@code name} if not null.
     */
    static EventDetails payload(String fields, String field, String payload, String name) {
        return new Parts(fields, field, payload, name);
    }

    record Text(String json) implements EventDetails {
    }

    record Parts(String fields, String field, String payload, String name) implements EventDetails {
        @Override
        public String json() {
            StringBuilder s = new StringBuilder(payload.length() + 96);
            s.append('{');
            if (fields != null && fields.length() > 2) {
                s.append(fields, 1, fields.length() - 1).append(',');
            }
            s.append('"').append(field).append("\":");
            quoted(s, payload);
            s.append(",\"").append(field).append("Details\":{\"truncated\":false}");
            if (name != null) {
                s.append(",\"name\":");
                quoted(s, name);
            }
            return s.append('}').toString();
        }

        private static void quoted(StringBuilder s, String text) {
            s.append('"');
            JsonStringEncoder.getInstance().quoteAsString(text, s);
            s.append('"');
        }
    }
}
