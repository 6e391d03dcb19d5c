package awards.nomination;

import java.time.Instant;

/** A stored nomination. The status token itself is never stored, only its hash. */
public record Nomination(
        String id,
        String reference,
        Submission submission,
        Status status,
        Instant submittedAt,
        String tokenHash,
        String executionName,
        String executionInput,
        boolean executionStarted,
        long version) {

    public String cycleId() {
        return submission.cycleId();
    }
}
