package awards.milestone;

import awards.judging.LifecycleWiring;
import awards.platform.Env;
import awards.platform.Json;
import awards.platform.Logs;
import awards.platform.RetryLater;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Map;

/**
 * The state machine's milestone steps: {@code {"action": "plan|close|remind|undecided|shortlist|ceremony",
 * "nominationId": "...", "cycleId": "...", "now": "$$.State.EnteredTime"}}, the shortlist step with {@code "category"} too
 * ({@code cycleId} and {@code category} absent in executions started before the definition passed them).
 */
public final class MilestoneHandler implements RequestStreamHandler {
    private final MilestoneService service;

    public MilestoneHandler() {
        this(System.getenv());
        awards.platform.Priming.register(awards.nomination.NominationPriming.WORK);
    }

    public MilestoneHandler(Map<String, String> environment) {
        this(LifecycleWiring.of(new Env(environment)).milestones());
    }

    public MilestoneHandler(MilestoneService service) {
        this.service = service;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Logs.during(context, () -> {
            JsonNode in = Json.MAPPER.readTree(input);
            try {
                Json.MAPPER.writeValue(output, service.run(in.path("action").asText(), in.path("nominationId").asText(), in.path("cycleId").asText(null),
                        in.path("category").asText(null), Instant.parse(in.path("now").asText())));
            } catch (RuntimeException e) {
                // A throttled or conflicting call is retried by the state machine; anything else fails the step at once.
                throw RetryLater.classify(e);
            }
            return null;
        });
    }
}
