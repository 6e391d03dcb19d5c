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
    public record Milestones(Instant opensAt, Instant closesAt, Instant judgingClosesAt, Instant shortlistAt, Instant ceremonyAt) {
        /** Whether judges judge at {@code now}: from the close until the judges' round closes. */
        public boolean judgingOpen(Instant now) {
            return !now.isBefore(closesAt) && now.isBefore(judgingClosesAt);
        }
    }

    /**
     * {@code description}: one line for entrants about what the category rewards; may be empty.
     * {@code scoring}: how judges score its entries, or null: they approve or decline them (a majority decides).
     * {@code panelling}: what the category sets for its panels in place of the cycle's {@link Judging}.
     */
    public record Category(String id, String name, String description, Panel panel, Scoring scoring, Panelling panelling) {
        public boolean scored() {
            return scoring != null;
        }
    }

    /** A category's own judges per nomination, majority and reminder lead; each null where the cycle's applies. */
    public record Panelling(Integer judgesPerNomination, Integer majority, Integer reminderDaysBeforeShortlist) {
        /** Nothing of its own: the cycle's settings apply. */
        public static final Panelling NONE = new Panelling(null, null, null);

        public boolean any() {
            return judgesPerNomination != null || majority != null || reminderDaysBeforeShortlist != null;
        }
    }

    /**
     * How the category's panels work: the cycle's settings with the category's own in their place. A
     * category that sets its judges per nomination and no majority has the majority of that many.
     */
    public Judging judgingOf(Category category) {
        Panelling own = category.panelling();
        int perNomination = own.judgesPerNomination() != null ? own.judgesPerNomination() : judging.judgesPerNomination();
        int majority = own.majority() != null ? own.majority()
                : own.judgesPerNomination() != null ? perNomination / 2 + 1 : judging.majority();
        int reminder = own.reminderDaysBeforeShortlist() != null ? own.reminderDaysBeforeShortlist() : judging.reminderDaysBeforeShortlist();
        return new Judging(perNomination, majority, reminder, judging.adminEmail());
    }

    /** When the category's judges who are behind are reminded: its reminder lead before judging closes. */
    public Instant remindJudgesAt(Category category) {
        return milestones.judgingClosesAt().minus(java.time.Duration.ofDays(judgingOf(category).reminderDaysBeforeShortlist()));
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
