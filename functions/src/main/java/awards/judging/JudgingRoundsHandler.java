package awards.judging;

import awards.platform.Env;
import awards.platform.Json;
import awards.platform.Logs;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Map;

/**
 * The judges' rounds ({@link JudgingRounds}), run on a schedule. "Now" is the scheduled time
 * EventBridge Scheduler puts in the input ({@code <aws.scheduler.scheduled-time>}).
 */
public final class JudgingRoundsHandler implements RequestStreamHandler {
    private final JudgingRounds rounds;

    public JudgingRoundsHandler() {
        this(System.getenv());
        awards.platform.Priming.register(awards.nomination.NominationPriming.WORK);
    }

    public JudgingRoundsHandler(Map<String, String> environment) {
        this(LifecycleWiring.of(new Env(environment)).rounds());
    }

    public JudgingRoundsHandler(JudgingRounds rounds) {
        this.rounds = rounds;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Logs.during(context, () -> {
            JsonNode event = Json.MAPPER.readTree(input);
            JudgingRounds.Run run = rounds.run(awards.platform.Times.scheduled(event));
            run.done().forEach(line -> java.util.logging.Logger.getLogger(JudgingRoundsHandler.class.getName()).info(line));
            Json.MAPPER.writeValue(output, Json.object().set("done", Json.MAPPER.valueToTree(run.done())));
            return null;
        });
    }
}
