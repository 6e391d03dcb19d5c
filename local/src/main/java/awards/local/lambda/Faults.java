package awards.local.lambda;

import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Service errors AWS documents, injected at a given rate so that the state machine's retries and
 * the functions' handling run in tests as they will in AWS: Lambda's throttling and SnapStart's
 * not-ready errors on invocations by the state machine
 * (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html#API_Invoke_Errors), and SES's
 * 429 on {@code SendEmail}. Seeded, so a failing run can be repeated.
 */
public final class Faults {
    public static final Faults NONE = new Faults(0, 0);
    private static final List<String[]> LAMBDA = List.of(
            new String[] {"Lambda.TooManyRequestsException", "Rate Exceeded."},
            new String[] {"Lambda.SnapStartNotReadyException", "Lambda is initializing your function. It will be ready to invoke once initialization is complete."},
            new String[] {"Lambda.SnapStartTimeoutException", "Lambda couldn't restore the snapshot within the timeout limit."});
    private final double rate;
    private final Random random;

    public Faults(double rate, long seed) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("a fault rate is from 0 to 1, not " + rate);
        }
        this.rate = rate;
        this.random = new Random(seed);
    }

    public double rate() {
        return rate;
    }

    /** The error (name, message) to answer an invocation with, or empty to invoke it. */
    public synchronized Optional<String[]> lambda() {
        if (rate == 0 || random.nextDouble() >= rate) {
            return Optional.empty();
        }
        lambdaInjected++;
        return Optional.of(LAMBDA.get(random.nextInt(LAMBDA.size())));
    }

    private int lambdaInjected;

    /** How many invocations were answered with an error so far: a test checks each shows in a history. */
    public synchronized int lambdaInjected() {
        return lambdaInjected;
    }

    /** Whether to answer a {@code SendEmail} with SES's throttling error. */
    public synchronized boolean sesThrottle() {
        return rate > 0 && random.nextDouble() < rate;
    }
}
