package awards.platform;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * A failure that heals by itself: a throttled or unavailable service, a transaction conflict, a
 * write that lost a race. A workflow step throws it so that the state machine's {@code Retry} can
 * name one stable error ({@code awards.platform.RetryLater}) and retry with back-off, while every
 * other error (a missing nomination, bad configuration) fails at once instead of being retried
 * for nothing. The SDK has already retried the call itself by then.
 */
public final class RetryLater extends RuntimeException {
    public RetryLater(String message, Throwable cause) {
        super(message, cause);
    }

    public RetryLater(String message) {
        super(message);
    }

    /**
     * Whether an SDK failure is transient: throttling (HTTP 429, SES's {@code TooManyRequestsException}
     * and {@code ThrottlingException}, DynamoDB's {@code ProvisionedThroughputExceededException},
     * {@code ThrottlingException}, {@code RequestLimitExceeded}), a 5xx, a transaction cancelled for a
     * conflict or throttling, or a connection that failed
     * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html).
     */
    public static boolean isTransient(Throwable e) {
        if (e instanceof TransactionCanceledException t) {
            return t.cancellationReasons() != null && t.cancellationReasons().stream()
                    .anyMatch(r -> r.code() != null && (r.code().equals("TransactionConflict") || r.code().equals("ThrottlingError")
                            || r.code().equals("ProvisionedThroughputExceeded")));
        }
        if (e instanceof AwsServiceException s) {
            String code = s.awsErrorDetails() == null ? "" : String.valueOf(s.awsErrorDetails().errorCode());
            return s.isThrottlingException() || s.statusCode() >= 500 || code.equals("LimitExceededException")
                    || code.equals("RequestLimitExceeded") || code.equals("ProvisionedThroughputExceededException");
        }
        if (e instanceof SdkClientException) {
            return true;
        }
        return e instanceof SdkException sdk && sdk.retryable();
    }

    /** The same failure as a {@code RetryLater} if it is transient, else as it was. */
    public static RuntimeException classify(RuntimeException e) {
        return !(e instanceof RetryLater) && isTransient(e) ? new RetryLater(e.getClass().getSimpleName() + ": " + e.getMessage(), e) : e;
    }

    /**
     * Runs {@code work}, again after a growing pause (0.2 s doubling to 5 s, eight tries in all,
     * about 20 s) while it fails in a way that heals by itself: a transient failure, or an email
     * another attempt is sending. For work outside a state machine (a schedule's), which has no
     * {@code Retry} of its own; the last failure is thrown.
     */
    public static <T> T retrying(java.util.function.Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (RuntimeException e) {
                boolean heals = e instanceof RetryLater || e instanceof StillSending || isTransient(e);
                if (!heals || attempt == 8) {
                    throw e;
                }
                try {
                    Thread.sleep(Math.min(5000, 200L << (attempt - 1)));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
