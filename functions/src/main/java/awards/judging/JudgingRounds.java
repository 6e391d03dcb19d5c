package awards.judging;

import awards.cycle.Cycle;
import awards.cycle.CycleStore;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The judges' rounds of every cycle, category by category, as the cycle stands when it runs (so an
 * admin who moves {@code judgingClosesAt} or the shortlist date later moves the round with it):
 * the reminder, {@code reminderDaysBeforeShortlist} days (the category's, or the cycle's) before the
 * round closes, to every judge with entries still to do; then the close, which gives each waiting
 * panel its outcome and resumes its execution at once. Run by a schedule, every five minutes in
 * AWS; each category's step is recorded once done, so a run after it costs one read.
 */
public final class JudgingRounds {
    private final CycleStore cycles;
    private final JudgingService service;
    private final JudgingStore store;

    public JudgingRounds(CycleStore cycles, JudgingService service, JudgingStore store) {
        this.cycles = cycles;
        this.service = service;
        this.store = store;
    }

    /** What one run did, category by category ("cycle/category: reminded 3 judges", "...: closed 120 panels"). */
    public record Run(List<String> done) {}

    public Run run(Instant now) {
        List<String> done = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (Cycle cycle : cycles.all()) {
            Cycle.Milestones m = cycle.milestones();
            // Judging runs from the close until the round's close; nothing to do outside it once closed.
            if (now.isBefore(m.closesAt()) || !now.isBefore(m.ceremonyAt())) {
                continue;
            }
            for (Cycle.Category category : cycle.categories()) {
                JudgingStore.Round round = store.round(cycle.id(), category.id());
                if (round.closed()) {
                    continue;
                }
                String where = cycle.id() + "/" + category.id() + ": ";
                try {
                    if (!now.isBefore(m.judgingClosesAt())) {
                        done.add(where + "closed " + service.closeRound(cycle, category, now) + " panels");
                        store.markRound(cycle.id(), category.id(), "closedAt", now);
                    } else if (!round.reminded() && !now.isBefore(cycle.remindJudgesAt(category))) {
                        done.add(where + "reminded " + service.remindJudges(cycle, category, "JUDGE_REMINDER", now) + " judges");
                        store.markRound(cycle.id(), category.id(), "remindedAt", now);
                    }
                } catch (RuntimeException e) {
                    // The other categories still get their step; this one is left unmarked, for the next run.
                    failed.add(where + e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
        }
        if (!failed.isEmpty()) {
            // The run fails (Lambda retries it); what it did is kept and not done twice.
            throw new awards.platform.RetryLater("done: " + done + "; not done, for the next run: " + failed);
        }
        return new Run(List.copyOf(done));
    }

    /**
     * An admin's "send reminder now": every judge of the cycle's open rounds with entries still to
     * do is reminded, at most once a day (the day in the cycle's time zone). Returns the judges
     * reminded now; the judge who was reminded today already is not counted. {@code siteUrl}: the
     * site's address, for the links.
     */
    public int remindNow(Cycle cycle, Instant now, String siteUrl) {
        if (!cycle.milestones().judgingOpen(now)) {
            return 0;
        }
        String kind = "JUDGE_REMINDER-" + LocalDate.ofInstant(now, cycle.zone());
        int reminded = 0;
        for (Cycle.Category category : cycle.categories()) {
            reminded += service.remindJudges(cycle, category, kind, now, siteUrl);
        }
        return reminded;
    }
}
