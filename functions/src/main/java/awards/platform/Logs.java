package awards.platform;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One JSON object a line, as Lambda's JSON log format writes them
 * (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-logformat.html):
 * {@code timestamp}, {@code level}, {@code message}, {@code logger}, and what identifies the work
 * without saying who it is about: the function, the request id, the nomination's reference. The
 * messages themselves never carry personal data, tokens or link secrets (a test greps a whole
 * cycle's log for them).
 */
public final class Logs {
    private static final ThreadLocal<ObjectNode> CONTEXT = ThreadLocal.withInitial(Json::object);
    private static volatile boolean installed;

    private Logs() {}

    /** Formats every record of this JVM's root handlers as a JSON line; once. */
    public static void install() {
        if (installed) {
            return;
        }
        synchronized (Logs.class) {
            if (installed) {
                return;
            }
            Logger root = Logger.getLogger("");
            for (Handler h : root.getHandlers()) {
                h.setFormatter(new JsonLines());
            }
            if (root.getHandlers().length == 0) {
                Handler h = new ConsoleHandler();
                h.setFormatter(new JsonLines());
                root.addHandler(h);
            }
            installed = true;
        }
    }

    /** Runs one invocation with its function and request id on every line it logs. */
    public static <T> T during(Context context, IoSupplier<T> work) throws IOException {
        install();
        ObjectNode before = CONTEXT.get();
        ObjectNode now = Json.object();
        if (context != null) {
            now.put("function", context.getFunctionName()).put("requestId", context.getAwsRequestId());
        }
        CONTEXT.set(now);
        try {
            return work.get();
        } finally {
            CONTEXT.set(before);
        }
    }

    /** The nomination the current invocation is about, by its reference (never a name or address). */
    public static void about(String reference) {
        CONTEXT.get().put("reference", reference);
    }

    @FunctionalInterface
    public interface IoSupplier<T> {
        T get() throws IOException;
    }

    /** The formatter: one JSON object per record. */
    public static final class JsonLines extends Formatter {
        @Override
        public String format(LogRecord r) {
            ObjectNode line = Json.object();
            line.put("timestamp", Instant.ofEpochMilli(r.getMillis()).toString());
            line.put("level", r.getLevel().getName());
            line.put("message", formatMessage(r));
            line.put("logger", r.getLoggerName());
            line.setAll(CONTEXT.get());
            if (r.getThrown() != null) {
                line.put("errorType", r.getThrown().getClass().getName());
                line.put("errorMessage", String.valueOf(r.getThrown().getMessage()));
                ArrayNode trace = line.putArray("stackTrace");
                for (StackTraceElement e : r.getThrown().getStackTrace()) {
                    trace.add(e.toString());
                }
            }
            try {
                return Json.MAPPER.writeValueAsString(line) + System.lineSeparator();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
