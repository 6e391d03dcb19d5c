package awards.nomination;

import java.time.Instant;
import java.util.List;

/**
 * A stored nomination. The status token itself is never stored, only its hash. {@code emailsRefused}:
 * the kinds of email about it that SES refused for good (the admins were told).
 */
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
        long version,
        List<String> emailsRefused) {

    public String cycleId() {
        return submission.cycleId();
    }
}
