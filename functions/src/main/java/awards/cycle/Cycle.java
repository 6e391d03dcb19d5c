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

    public record Milestones(Instant opensAt, Instant closesAt, Instant shortlistAt, Instant ceremonyAt) {}

    /** {@code description}: one line for entrants about what the category rewards; may be empty. */
    public record Category(String id, String name, String description, Panel panel) {}

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
