package awards.nomination;

import awards.platform.Env;
import awards.platform.Json;
import awards.platform.Logs;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The sweeper, run on a schedule: starts the execution of any nomination that was stored but whose
 * start was lost (a crash, a throttled call) even if its entrant never retries. "Now" is the
 * scheduled event's {@code time}; nominations younger than a grace period are left to their own
 * request.
 */
public final class StartPendingNominationsHandler implements RequestStreamHandler {
    static final Duration GRACE = Duration.ofMinutes(1);
    static final int BATCH = 100;
    private final NominationService service;

    public StartPendingNominationsHandler() {
        this(System.getenv());
        awards.platform.Priming.register(awards.nomination.NominationPriming.WORK);
    }

    public StartPendingNominationsHandler(Map<String, String> environment) {
        this(NominationWiring.service(new Env(environment)));
    }

    public StartPendingNominationsHandler(NominationService service) {
        this.service = service;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Logs.during(context, () -> {
            handle(input, output);
            return null;
        });
    }

    private void handle(InputStream input, OutputStream output) throws IOException {
        JsonNode event = Json.MAPPER.readTree(input);
        Instant now = awards.platform.Times.scheduled(event);
        int started = service.startPending(now.minus(GRACE), BATCH);
        Json.MAPPER.writeValue(output, Json.object().put("started", started));
    }
}
