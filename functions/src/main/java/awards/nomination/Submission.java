package awards.nomination;

import java.util.List;

/** What an entrant submits: the validated body of {@code POST /nominations}. */
public record Submission(
        String cycleId,
        String category,
        Nominee nominee,
        Nominator nominator,
        String citation,
        List<String> links) {

    public enum Kind { individual, team, network, programme }

    public record Nominee(String name, Kind kind, String organisation) {}

    public record Nominator(String name, String email, String organisation) {}
}
