package awards.platform;

/**
 * Another attempt claimed this email moments ago and may be sending it: retry once that attempt
 * has finished or can be known to have died (the state machine has a retrier of its own for this,
 * without jitter, that outlasts the longest a claim can be in flight).
 */
public final class StillSending extends RuntimeException {
    public StillSending(String message) {
        super(message, null, false, false);
    }
}
