package awards.platform;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A short wait, inside a function, for work another attempt holds: an email it is sending (an SES
 * call, tens of milliseconds), a default shortlist it is working out. Failing the step instead
 * ({@link StillSending}) has Step Functions run it all again 10 s or more later; most holders are done
 * long before that. Still unsettled after the wait, the caller fails the step as before.
 */
public final class Patience {
    /** The first pause; each next one is twice as long, up to {@link #LONGEST_PAUSE_MS}. */
    static final long FIRST_PAUSE_MS = 25;
    static final long LONGEST_PAUSE_MS = 400;

    private Patience() {
    }

    /**
     * Asks {@code settled} after a pause, and again after each longer pause, until it answers or
     * {@code atMost} has passed (measured in real time, whatever clock the caller's logic uses).
     * Empty if it never answered; at once if {@code atMost} is zero. An interrupt ends the wait.
     */
    public static <T> Optional<T> await(Duration atMost, Supplier<Optional<T>> settled) {
        long deadline = System.nanoTime() + atMost.toNanos();
        long pause = FIRST_PAUSE_MS;
        for (long left = atMost.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            try {
                Thread.sleep(Math.min(pause, (left + 999_999) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            Optional<T> answer = settled.get();
            if (answer.isPresent()) {
                return answer;
            }
            pause = Math.min(LONGEST_PAUSE_MS, pause * 2);
        }
        return Optional.empty();
    }
}
