package awards.cycle;

import java.time.Duration;
import java.time.Instant;

/**
 * When a nomination wakes for a milestone: the milestone plus an offset taken from its id, so tens
 * of thousands of executions waiting for one instant wake spread over a window instead.
 */
public final class Plan {
    public static final Duration WAKE_WINDOW = Duration.ofMinutes(15);

    private Plan() {}

    public static Instant wakeAt(Instant milestone, String nominationId) {
        long offset = Math.floorMod(nominationId.hashCode() * 2654435761L, WAKE_WINDOW.toSeconds());
        return milestone.plusSeconds(offset);
    }

    /** Whole seconds from now to {@code until}, at least one (a task timeout must be positive). */
    public static long secondsUntil(Instant now, Instant until) {
        return Math.max(1, Duration.between(now, until).toSeconds());
    }
}
