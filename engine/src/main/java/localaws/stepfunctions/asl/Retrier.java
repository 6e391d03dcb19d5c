package localaws.stepfunctions.asl;

import java.util.List;

/** One entry of a state's {@code Retry}. */
public record Retrier(List<String> errorEquals, double intervalSeconds, int maxAttempts, double backoffRate,
                      Integer maxDelaySeconds, boolean fullJitter) {

    /** Whether this retrier retries the error. */
    public boolean matches(localaws.stepfunctions.errors.StatesError error) {
        return error.isMatchedBy(errorEquals);
    }

    /** The delay before retry number {@code attempt} (0 for the first retry), before jitter. */
    public double delaySeconds(int attempt) {
        double delay = intervalSeconds * Math.pow(backoffRate, attempt);
        return maxDelaySeconds == null ? delay : Math.min(delay, maxDelaySeconds);
    }
}
