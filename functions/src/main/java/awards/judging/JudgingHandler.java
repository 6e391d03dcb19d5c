package awards.judging;

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
 * The state machine's waitForTaskToken steps: {@code open} assigns the panel and emails its judges;
 * {@code award} waits for the category's chair. Input: {@code {"action", "nominationId", "cycleId", "category", "token", "now"}} ({@code cycleId} and, for {@code open}, {@code category} absent in executions started before the definition passed them).
 */
public final class JudgingHandler implements RequestStreamHandler {
    private final JudgingService service;

    public JudgingHandler() {
        this(System.getenv());
        awards.platform.Priming.register(awards.nomination.NominationPriming.WORK);
    }

    public JudgingHandler(Map<String, String> environment) {
        this(LifecycleWiring.of(new Env(environment)).judging());
    }

    public JudgingHandler(JudgingService service) {
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
        JsonNode in = Json.MAPPER.readTree(input);
        String id = in.path("nominationId").asText();
        String cycleId = in.path("cycleId").asText(null);
        String token = in.path("token").asText();
        Instant now = Instant.parse(in.path("now").asText());
        try {
            switch (in.path("action").asText()) {
                case "open" -> Json.MAPPER.writeValue(output, Json.object().put("assigned", service.openPanel(id, cycleId, in.path("category").asText(null), token, now)));
                case "award" -> {
                    service.awaitAward(id, cycleId, token, now);
                    Json.MAPPER.writeValue(output, Json.object().put("waiting", true));
                }
                default -> throw new IllegalArgumentException("unknown judging action " + in.path("action").asText());
            }
        } catch (RuntimeException e) {
            // A throttled or conflicting call is retried by the state machine; anything else fails the step at once.
            throw RetryLater.classify(e);
        }
    }
}
