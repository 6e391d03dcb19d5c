package awards.judging;

import awards.nomination.Nomination;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A scored category's entries ranked by score: an entry's score is the mean over its judges of
 * each judge's weighted mean; entries nobody scored come last, unranked. Equal scores share a rank
 * and are marked tied: the ranking never breaks a tie silently (the order among tied entries is
 * their reference, for reading only).
 */
public record Leaderboard(List<Row> rows, Map<String, JudgingStore.PanelSummary> panels) {
    /** Scores closer than this are equal (they are means of whole numbers: real differences are far larger). */
    static final double SAME = 1e-9;

    /**
     * One entry: its score (empty when nobody scored it), how many judges scored it of those
     * assigned, the spread (highest minus lowest judge's weighted mean), its rank (1 first; 0 when
     * unscored) and whether another entry has the same score.
     */
    public record Row(Nomination nomination, OptionalDouble score, int scores, int judges, double spread, int rank, boolean tied) {}

    /** Ranks {@code entries} (withdrawn ones already left out) by the weighted means their panels hold. */
    public static Leaderboard of(List<Nomination> entries, Map<String, JudgingStore.PanelSummary> panels) {
        record Scored(Nomination n, OptionalDouble score, int count, int judges, double spread) {}
        List<Scored> all = new ArrayList<>();
        for (Nomination n : entries) {
            JudgingStore.PanelSummary p = panels.get(n.id());
            List<Double> means = p == null ? List.of() : List.copyOf(p.scores().values());
            OptionalDouble score = score(p);
            double spread = means.isEmpty() ? 0 : means.stream().mapToDouble(Double::doubleValue).max().getAsDouble()
                    - means.stream().mapToDouble(Double::doubleValue).min().getAsDouble();
            all.add(new Scored(n, score, means.size(), p == null ? 0 : p.judges().size(), spread));
        }
        all.sort(Comparator.<Scored>comparingInt(s -> s.score().isPresent() ? 0 : 1)
                .thenComparing(s -> -s.score().orElse(0))
                .thenComparing(s -> s.n().reference()));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Scored s = all.get(i);
            if (s.score().isEmpty()) {
                rows.add(new Row(s.n(), s.score(), 0, s.judges(), 0, 0, false));
                continue;
            }
            double v = s.score().getAsDouble();
            int first = i;
            while (first > 0 && same(all.get(first - 1).score(), v)) {
                first--;
            }
            boolean tied = first < i || i + 1 < all.size() && same(all.get(i + 1).score(), v);
            rows.add(new Row(s.n(), s.score(), s.count(), s.judges(), s.spread(), first + 1, tied));
        }
        return new Leaderboard(List.copyOf(rows), Map.copyOf(panels));
    }

    /** An entry's score: the mean of its judges' weighted means; empty when nobody scored it (or it has no panel). */
    public static OptionalDouble score(JudgingStore.PanelSummary panel) {
        return panel == null ? OptionalDouble.empty() : panel.scores().values().stream().mapToDouble(Double::doubleValue).average();
    }

    /** A score as the pages and the CSV show it: two decimal places. */
    public static String shown(double score) {
        return String.format(java.util.Locale.UK, "%.2f", score);
    }

    private static boolean same(OptionalDouble a, double b) {
        return a.isPresent() && Math.abs(a.getAsDouble() - b) < SAME;
    }

    /** The default shortlist: the {@code size} best scored entries, and every entry tied with the last of them. */
    public Cut top(int size) {
        List<String> ids = new ArrayList<>();
        boolean ties = false;
        for (Row r : rows) {
            if (r.score().isEmpty()) {
                break;
            }
            if (ids.size() >= size) {
                // Past the size: only entries tied with the last one taken stay in.
                if (!same(rows.get(ids.size() - 1).score(), r.score().getAsDouble())) {
                    break;
                }
                ties = true;
            }
            ids.add(r.nomination().id());
        }
        return new Cut(List.copyOf(ids), ties);
    }

    /** A shortlist cut from the ranking; {@code ties}: entries tied at the cut were all taken, so it is longer than asked. */
    public record Cut(List<String> entries, boolean ties) {}
}
