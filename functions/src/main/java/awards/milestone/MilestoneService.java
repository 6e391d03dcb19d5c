package awards.milestone;

import awards.cycle.Cycle;
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

    public ObjectNode run(String action, String nominationId, Instant now) {
        JudgingService.Context ctx = judging.load(nominationId);
        return switch (action) {
            case "plan" -> plan(ctx, now);
            case "close" -> close(ctx, now);
            case "remind" -> Json.object().put("outcome", "REMINDED").put("reminded", judging.remind(nominationId, now));
            case "undecided" -> Json.object().put("outcome", judging.undecided(nominationId, now));
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

    /** The first plan: when to wake for the close. */
    private static ObjectNode plan(JudgingService.Context ctx, Instant now) {
        if (ctx.nomination().status() == Status.WITHDRAWN) {
            return answer("WITHDRAWN", null);
        }
        return answer("WAIT", Plan.wakeAt(ctx.cycle().milestones().closesAt(), ctx.nomination().id()));
    }

    private ObjectNode close(JudgingService.Context ctx, Instant now) {
        Cycle.Milestones m = ctx.cycle().milestones();
        Nomination n = ctx.nomination();
        if (n.status() == Status.WITHDRAWN) {
            return answer("WITHDRAWN", null);
        }
        if (now.isBefore(m.closesAt())) {
            return answer("WAIT", Plan.wakeAt(m.closesAt(), n.id()));
        }
        if (n.status() == Status.SUBMITTED && !nominations.changeStatus(n, Status.CLOSED, now, "lifecycle")) {
            throw new IllegalStateException("nomination " + n.reference() + " changed while closing; retry");
        }
        mailer.send(n.id(), "CLOSED", ctx.cycle().sender(), n.submission().nominator().email(), Letters.about(ctx.cycle(), n), now);
        Instant reminder = m.shortlistAt().minusSeconds(86400L * ctx.cycle().judging().reminderDaysBeforeShortlist());
        return answer("CLOSED", Plan.wakeAt(m.shortlistAt(), n.id()))
                .put("judgingTimeoutSeconds", Plan.secondsUntil(now, m.shortlistAt()))
                .put("reminderAt", (reminder.isBefore(now) ? now : reminder).toString());
    }

    private ObjectNode shortlist(JudgingService.Context ctx, Instant now) {
        Cycle.Milestones m = ctx.cycle().milestones();
        Nomination n = ctx.nomination();
        if (n.status() == Status.WITHDRAWN) {
            return answer("WITHDRAWN", null);
        }
        if (now.isBefore(m.shortlistAt())) {
            return answer("WAIT", Plan.wakeAt(m.shortlistAt(), n.id()));
        }
        boolean shortlisted = judging.panelOutcome(n.id()).map(JudgingService.SHORTLISTED::equals).orElse(false);
        Status next = shortlisted ? Status.SHORTLISTED : Status.NOT_SHORTLISTED;
        if (n.status() == Status.CLOSED && !nominations.changeStatus(n, next, now, "lifecycle")) {
            throw new IllegalStateException("nomination " + n.reference() + " changed at the shortlist; retry");
        }
        mailer.send(n.id(), next.name(), ctx.cycle().sender(), n.submission().nominator().email(), Letters.about(ctx.cycle(), n), now);
        return answer(next.name(), Plan.wakeAt(m.ceremonyAt(), n.id())).put("awardsTimeoutSeconds", Plan.secondsUntil(now, m.ceremonyAt()));
    }

    private ObjectNode ceremony(JudgingService.Context ctx, Instant now) {
        Cycle.Milestones m = ctx.cycle().milestones();
        Nomination n = ctx.nomination();
        if (n.status() == Status.WITHDRAWN) {
            return answer("WITHDRAWN", null);
        }
        if (now.isBefore(m.ceremonyAt())) {
            return answer("WAIT", Plan.wakeAt(m.ceremonyAt(), n.id()));
        }
        String award = judging.chair(n.cycleId(), n.submission().category()).filter(c -> c.decided())
                .map(c -> c.awardOf(n.id())).orElse("FINALIST");
        Status next = Status.valueOf(award);
        if (n.status() == Status.SHORTLISTED && !nominations.changeStatus(n, next, now, "lifecycle")) {
            throw new IllegalStateException("nomination " + n.reference() + " changed at the ceremony; retry");
        }
        Map<String, Object> values = Letters.about(ctx.cycle(), n);
        values.put("result", switch (next) {
            case WINNER -> "the winner";
            case HIGHLY_COMMENDED -> "highly commended";
            default -> "a finalist";
        });
        values.put("winner", next == Status.WINNER);
        mailer.send(n.id(), "RESULT", ctx.cycle().sender(), n.submission().nominator().email(), values, now);
        return answer(next.name(), null);
    }
}
