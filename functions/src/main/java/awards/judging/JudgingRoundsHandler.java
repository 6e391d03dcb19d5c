package awards.judging;

import awards.platform.Env;
import awards.platform.Json;
import java.time.Instant;
import java.util.Map;

/**
 * The judges' rounds ({@link JudgingRounds}), run on a schedule. "Now" is the scheduled time
 * EventBridge Scheduler puts in the input ({@code <aws.scheduler.scheduled-time>}).
 */
public final class JudgingRoundsHandler extends awards.platform.ScheduledHandler {
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
    protected Object run(Instant scheduled) {
        JudgingRounds.Run run = rounds.run(scheduled);
        run.done().forEach(line -> java.util.logging.Logger.getLogger(JudgingRoundsHandler.class.getName()).info(line));
        return Json.object().set("done", Json.MAPPER.valueToTree(run.done()));
    }
}
