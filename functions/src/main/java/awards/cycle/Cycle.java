package awards.cycle;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/** One awards cycle: its four milestones, its categories and their judging panels. */
public record Cycle(
        String id,
        String name,
        String referencePrefix,
        ZoneId zone,
        Milestones milestones,
        List<Category> categories,
        int wordLimit,
        String sender,
        Judging judging,
        int retentionDays,
        long version) {

    /** How long personal data is kept after the ceremony unless a cycle says otherwise: a year. */
    public static final int DEFAULT_RETENTION_DAYS = 365;

    /** When this cycle's personal data is erased: {@link #retentionDays} after the ceremony. */
    public java.time.Instant personalDataErasedAt() {
        return milestones.ceremonyAt().plus(java.time.Duration.ofDays(retentionDays));
    }

    /** How a panel works: judges per nomination, votes that decide, reminder lead, who hears of trouble. */
    public record Judging(int judgesPerNomination, int majority, int reminderDaysBeforeShortlist, String adminEmail) {}

    /**
     * {@code judgingClosesAt}: the end of the judges' round, after the close and at the latest the
     * shortlist date (the default). Judges decide, or score and change their scores, until then; a
     * chair confirms a scored category's shortlist between it and the shortlist date.
     */
    public record Milestones(Instant opensAt, Instant closesAt, Instant judgingClosesAt, Instant shortlistAt, Instant ceremonyAt) {}

    /**
     * {@code description}: one line for entrants about what the category rewards; may be empty.
     * {@code scoring}: how judges score its entries, or null: they approve or decline them (a majority decides).
     */
    public record Category(String id, String name, String description, Panel panel, Scoring scoring) {
        public boolean scored() {
            return scoring != null;
        }
    }

    /**
     * A category judged by scores: each judge scores each criterion from 1 to {@code scale}; an
     * entry's score is the mean over its judges of their weighted means; the chair shortlists from
     * the ranking, {@code shortlistSize} entries unless they choose otherwise.
     */
    public record Scoring(List<Criterion> criteria, int scale, boolean commentRequired, int shortlistSize) {
        /** One judge's weighted mean of their scores, or empty if they left a criterion unscored. */
        public java.util.OptionalDouble weighted(java.util.Map<String, Integer> scores) {
            double sum = 0;
            int weights = 0;
            for (Criterion c : criteria) {
                Integer v = scores.get(c.name());
                if (v == null) {
                    return java.util.OptionalDouble.empty();
                }
                sum += (double) v * c.weight();
                weights += c.weight();
            }
            return java.util.OptionalDouble.of(sum / weights);
        }
    }

    /** {@code description}: what judges should look for, shown beside the score; may be empty. */
    public record Criterion(String name, String description, int weight) {}

    public record Panel(Person chair, List<Person> judges) {}

    public record Person(String name, String email, String organisation) {}

    public Optional<Category> category(String categoryId) {
        return categories.stream().filter(c -> c.id().equals(categoryId)).findFirst();
    }

    public boolean isOpenAt(Instant now) {
        return !now.isBefore(milestones.opensAt()) && now.isBefore(milestones.closesAt());
    }

    /** The year a reference carries: the year nominations open, in the cycle's zone. */
    public int year() {
        return milestones.opensAt().atZone(zone).getYear();
    }

    public Cycle withVersion(long newVersion) {
        return new Cycle(id, name, referencePrefix, zone, milestones, categories, wordLimit, sender, judging, retentionDays, newVersion);
    }
}
