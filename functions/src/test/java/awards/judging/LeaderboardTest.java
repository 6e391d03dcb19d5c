package awards.judging;

import static org.assertj.core.api.Assertions.assertThat;

import awards.cycle.Cycle;
import awards.nomination.Nomination;
import awards.nomination.Status;
import awards.nomination.Submission;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LeaderboardTest {
    private static Nomination entry(String id) {
        return new Nomination(id, "DIA-2027-" + id, new Submission("dia-2027", "c", new Submission.Nominee("Team " + id, Submission.Kind.values()[0], "Org"),
                new Submission.Nominator("N", "n@example.org", "Org"), "citation", List.of()), Status.CLOSED, Instant.EPOCH, "", "", "", true, 1, List.of());
    }

    private static JudgingStore.PanelSummary panel(double... means) {
        Map<String, Double> scores = new HashMap<>();
        for (int i = 0; i < means.length; i++) {
            scores.put("judge" + i, means[i]);
        }
        return new JudgingStore.PanelSummary(List.of("a", "b", "c"), Set.copyOf(scores.keySet()), "PENDING", scores, Set.of());
    }

    @Test
    void ranksByTheMeanOfTheJudgesWeightedMeans_unscoredLast() {
        Leaderboard board = Leaderboard.of(List.of(entry("0001"), entry("0002"), entry("0003"), entry("0004")),
                Map.of("0001", panel(3, 4), "0002", panel(5, 4, 4.5), "0003", panel(), "0004", panel(2)));
        assertThat(board.rows()).extracting(r -> r.nomination().id()).containsExactly("0002", "0001", "0004", "0003");
        Leaderboard.Row best = board.rows().get(0);
        assertThat(best.score().getAsDouble()).isEqualTo(4.5);
        assertThat(best.spread()).isEqualTo(1.0);
        assertThat(best.scores()).isEqualTo(3);
        assertThat(best.judges()).isEqualTo(3);
        assertThat(board.rows()).extracting(Leaderboard.Row::rank).containsExactly(1, 2, 3, 0);
        assertThat(board.rows().get(3).score()).isEmpty();
    }

    @Test
    void equalScoresShareARank_andAreMarkedTied() {
        Leaderboard board = Leaderboard.of(List.of(entry("0001"), entry("0002"), entry("0003"), entry("0004")),
                Map.of("0001", panel(4), "0002", panel(5, 3), "0003", panel(3), "0004", panel(4.0)));
        // 0001, 0002 and 0004 all score 4.
        assertThat(board.rows()).extracting(Leaderboard.Row::rank).containsExactly(1, 1, 1, 4);
        assertThat(board.rows()).extracting(Leaderboard.Row::tied).containsExactly(true, true, true, false);
    }

    @Test
    void theDefaultCutTakesEveryEntryTiedWithItsLast_andNeverAnUnscoredOne() {
        Leaderboard board = Leaderboard.of(List.of(entry("0001"), entry("0002"), entry("0003"), entry("0004"), entry("0005")),
                Map.of("0001", panel(5), "0002", panel(4), "0003", panel(4), "0004", panel(3), "0005", panel()));
        assertThat(board.top(1)).isEqualTo(new Leaderboard.Cut(List.of("0001"), false));
        assertThat(board.top(2)).isEqualTo(new Leaderboard.Cut(List.of("0001", "0002", "0003"), true));
        assertThat(board.top(3)).isEqualTo(new Leaderboard.Cut(List.of("0001", "0002", "0003"), false));
        assertThat(board.top(10).entries()).as("unscored entries are never shortlisted by default").doesNotContain("0005").hasSize(4);
    }

    @Test
    void aJudgesWeightedMean_needsEveryCriterionScored() {
        Cycle.Scoring scoring = new Cycle.Scoring(List.of(new Cycle.Criterion("Impact", "", 2), new Cycle.Criterion("Reach", "", 1)), 5, false, 3);
        assertThat(scoring.weighted(Map.of("Impact", 5, "Reach", 2)).getAsDouble()).isEqualTo(4.0);
        assertThat(scoring.weighted(Map.of("Impact", 5))).isEmpty();
    }
}
