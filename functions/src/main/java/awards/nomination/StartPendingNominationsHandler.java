package awards.nomination;

import awards.platform.Env;
import awards.platform.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The sweeper, run on a schedule: starts the execution of any nomination that was stored but whose
 * start was lost (a crash, a throttled call) even if its entrant never retries. "Now" is the
 * scheduled event's {@code time}; nominations younger than a grace period are left to their own
 * request.
 */
public final class StartPendingNominationsHandler extends awards.platform.ScheduledHandler {
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
    protected Object run(Instant scheduled) {
        return Json.object().put("started", service.startPending(scheduled.minus(GRACE), BATCH));
    }
}
