package awards.platform;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;

/**
 * The boundary every scheduled function shares: the input EventBridge Scheduler sends
 * ({@code {"time": "<aws.scheduler.scheduled-time>", ...}}) read for the time the run was due, which
 * is "now" for the work it starts (locally it follows the runtime's clock), and the work's answer
 * written back as JSON.
 */
public abstract class ScheduledHandler implements RequestStreamHandler {
    /** One run's work, due at {@code scheduled}; what it returns is the function's JSON answer. */
    protected abstract Object run(Instant scheduled);

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Logs.during(context, () -> {
            JsonNode event = Json.MAPPER.readTree(input);
            if (!event.path("time").isTextual()) {
                throw new IllegalArgumentException("expected a scheduled event with a time");
            }
            Json.MAPPER.writeValue(output, run(Instant.parse(event.get("time").asText())));
            return null;
        });
    }
}
