package awards.milestone;

import awards.cycle.Cycle;
import awards.cycle.Plan;
import awards.judging.JudgingService;
import awards.nomination.Nomination;
import awards.nomination.NominationStore;
import awards.nomination.Status;
import awards.notify.Letters;
import awards.notify.Mailer;
import awards.platform.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;

/**
 * What happens at each milestone of one nomination. Every action re-reads the cycle first: if an
 * admin has moved the milestone later, it answers WAIT with the new time, and the state machine
 * waits again. A withdrawn nomination gets no further email.
 */
public final class MilestoneService {
    private final JudgingService judging;
    private final NominationStore nominations;
    private final Mailer mailer;

    public MilestoneService(JudgingService judging, NominationStore nominations, Mailer mailer) {
        this.judging = judging;
        this.nominations = nominations;
        this.mailer = mailer;
    }

    /** Runs a step for a nomination; {@code cycleId} (its cycle, when the step was given it) saves a read. */
    public ObjectNode run(String action, String nominationId, String cycleId, Instant now) {
        return run(action, nominationId, cycleId, null, now);
    }

    /**
     * {@link #run(String, String, String, Instant)}; {@code category} (the nomination's, when the step
     * was given it) lets the shortlist step read the category's shortlist and the panel with it.
     */
    public ObjectNode run(String action, String nominationId, String cycleId, String category, Instant now) {
        JudgingService.Context ctx = action.equals("shortlist")
                ? judging.load(nominationId, cycleId, category, java.util.Set.of(awards.judging.JudgingStore.CategoryItem.SHORTLIST))
                : judging.load(nominationId, cycleId);
        return switch (action) {
            case "close" -> close(ctx, now);
            case "undecided" -> roundClosed(ctx, now);
            case "failed" -> Json.object().put("outcome", judging.undecided(ctx, now));
            // Steps of the previous definition, for executions started before it changed (AWS runs an
            // execution on the definition it started with): its Plan and its per-entry reminder.
            case "plan" -> plan(ctx, now);
            case "remind" -> Json.object().put("outcome", "REMINDED").put("reminded", judging.remind(ctx, now));
            case "shortlist" -> shortlist(ctx, now);
            case "ceremony" -> ceremony(ctx, now);
            default -> throw new IllegalArgumentException("unknown milestone action " + action);
        };
    }

    private static ObjectNode answer(String outcome, Instant wakeAt) {
        ObjectNode o = Json.object().put("outcome", outcome);
        if (wakeAt != null) {
            o.put("wakeAt", wakeAt.toString());
        }
        return o;
    }

    /**
     * Why a milestone step cannot act yet: the nomination was withdrawn, or (the cycle having been
     * re-read) the milestone now lies ahead, so the execution waits again.
     */
    private static java.util.Optional<ObjectNode> notYet(Nomination n, Instant milestone, Instant now) {
        if (n.status() == Status.WITHDRAWN) {
            return java.util.Optional.of(answer("WITHDRAWN", null));
        }
        if (now.isBefore(milestone)) {
            return java.util.Optional.of(answer("WAIT", Plan.wakeAt(milestone, n.id())));
        }
        return java.util.Optional.empty();
    }

    /**
     * Moves the nomination on if it is still where this step expects it, with the intent to send
     * the nominator {@code emailKind} in the same transaction; a concurrent change is retried. The
     * caller then sends it: after a crash between the two, this step runs again, finds the status
     * moved and the intent recorded, and sends.
     */
    private void advance(Nomination n, Status from, Status to, String emailKind, Instant now) {
        var intent = mailer.intent("NOM#" + n.id(), emailKind, n.submission().nominator().email(), now);
        if (n.status() == from && !nominations.changeStatus(n, to, now, NominationStore.LIFECYCLE, java.util.List.of(intent))) {
            throw new awards.platform.RetryLater("nomination " + n.reference() + " changed while moving to " + to);
        }
    }

    /**
     * The previous definition's first step: when to wake for the close (the execution's input now
     * carries it). The execution runs, so the nomination leaves the pending starts.
     */
    private ObjectNode plan(JudgingService.Context ctx, Instant now) {
        if (!ctx.nomination().executionStarted()) {
            nominations.markStarted(ctx.nomination().id());
        }
        if (ctx.nomination().status() == Status.WITHDRAWN) {
            return answer("WITHDRAWN", null);
        }
        return answer("WAIT", Plan.wakeAt(ctx.cycle().milestones().closesAt(), ctx.nomination().id()));
    }

    private ObjectNode close(JudgingService.Context ctx, Instant now) {
        Cycle.Milestones m = ctx.cycle().milestones();
        Nomination n = ctx.nomination();
        var wait = notYet(n, m.closesAt(), now);
        if (wait.isPresent()) {
            return wait.get();
        }
        advance(n, Status.SUBMITTED, Status.CLOSED, "CLOSED", now);
        mailer.send(ctx.cycle(), n.id(), "CLOSED", n.submission().nominator().email(), Letters.about(ctx.cycle(), n), now);
        // reminderAt: what the previous definition's reminder branch waits for, in executions started on it.
        Instant reminder = ctx.cycle().category(n.submission().category()).map(ctx.cycle()::remindJudgesAt).orElse(m.judgingClosesAt());
        return answer("CLOSED", Plan.wakeAt(m.shortlistAt(), n.id())).put("judgingTimeoutSeconds", judgingTimeout(m, now))
                .put("reminderAt", (reminder.isBefore(now) ? now : reminder).toString());
    }

    /**
     * How long the panel's wait may last: the judges' round ends at judgingClosesAt (the shortlist
     * date unless the cycle sets it earlier), when the JudgingRounds schedule resumes every panel of
     * the category; the wait's own timeout comes a little later, in case the schedule did not run.
     */
    private static long judgingTimeout(Cycle.Milestones m, Instant now) {
        return Plan.secondsUntil(now, m.judgingClosesAt().plus(ROUND_GRACE));
    }

    /** After the round's close, how long the schedule (every five minutes in AWS) has to resume a panel before its wait times out. */
    static final java.time.Duration ROUND_GRACE = java.time.Duration.ofMinutes(30);

    /**
     * The panel's wait timed out. The round closed: the panel's outcome is recorded as at the close
     * (what the schedule would have done). The round was extended after the wait began (the cycle
     * now closes it later): WAIT, and the panel waits again until the new close.
     */
    private ObjectNode roundClosed(JudgingService.Context ctx, Instant now) {
        Cycle.Milestones m = ctx.cycle().milestones();
        Instant wakeAt = Plan.wakeAt(m.shortlistAt(), ctx.nomination().id());
        if (now.isBefore(m.judgingClosesAt()) && ctx.nomination().status() != Status.WITHDRAWN) {
            return answer("WAIT", wakeAt).put("judgingTimeoutSeconds", judgingTimeout(m, now));
        }
        return answer(judging.undecided(ctx, now), wakeAt);
    }

    private ObjectNode shortlist(JudgingService.Context ctx, Instant now) {
        Cycle.Milestones m = ctx.cycle().milestones();
        Nomination n = ctx.nomination();
        var wait = notYet(n, m.shortlistAt(), now);
        if (wait.isPresent()) {
            return wait.get();
        }
        // A scored category is shortlisted as a whole (by its chair, or the leaderboard's default); an approving one entry by entry, by its panel.
        boolean scored = ctx.cycle().category(n.submission().category()).map(Cycle.Category::scored).orElse(false);
        boolean shortlisted = n.status() != Status.CLOSED ? n.status() == Status.SHORTLISTED
                : scored ? judging.categoryShortlist(ctx.cycle(), n.submission().category(), now, ctx.prefetched()).entries().contains(n.id())
                : judging.panelOutcome(n.id(), ctx.prefetched()).map(JudgingService.SHORTLISTED::equals).orElse(false);
        Status next = shortlisted ? Status.SHORTLISTED : Status.NOT_SHORTLISTED;
        advance(n, Status.CLOSED, next, next.name(), now);
        mailer.send(ctx.cycle(), n.id(), next.name(), n.submission().nominator().email(), Letters.about(ctx.cycle(), n), now);
        return answer(next.name(), Plan.wakeAt(m.ceremonyAt(), n.id())).put("awardsTimeoutSeconds", Plan.secondsUntil(now, m.ceremonyAt()));
    }

    private ObjectNode ceremony(JudgingService.Context ctx, Instant now) {
        Cycle.Milestones m = ctx.cycle().milestones();
        Nomination n = ctx.nomination();
        var wait = notYet(n, m.ceremonyAt(), now);
        if (wait.isPresent()) {
            return wait.get();
        }
        String award = judging.chair(n.cycleId(), n.submission().category()).filter(c -> c.decided())
                .map(c -> c.awardOf(n.id())).orElse("FINALIST");
        Status next = Status.valueOf(award);
        advance(n, Status.SHORTLISTED, next, "RESULT", now);
        Map<String, Object> values = Letters.about(ctx.cycle(), n);
        values.put("result", switch (next) {
            case WINNER -> "the winner";
            case HIGHLY_COMMENDED -> "highly commended";
            default -> "a finalist";
        });
        values.put("winner", next == Status.WINNER);
        mailer.send(ctx.cycle(), n.id(), "RESULT", n.submission().nominator().email(), values, now);
        return answer(next.name(), null);
    }
}
