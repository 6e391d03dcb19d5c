package awards.judging;

import awards.cycle.Cycle;
import awards.cycle.CycleStore;
import awards.nomination.Nomination;
import awards.nomination.NominationStore;
import awards.nomination.Status;
import awards.notify.Letters;
import awards.notify.Mailer;
import awards.platform.Secrets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Judging and awards: panels assigned to nominations, judges' votes, the panel's outcome, the
 * chair's choice, and the executions they resume.
 */
public final class JudgingService {
    public static final String SHORTLISTED = "SHORTLISTED";
    public static final String NOT_SHORTLISTED = "NOT_SHORTLISTED";
    public static final String UNDECIDED = "UNDECIDED";
    /** A scored panel's outcome once the round closed with at least one judge's scores (the category's shortlist decides, later). */
    public static final String SCORED = "SCORED";

    private final CycleStore cycles;
    private final NominationStore nominations;
    private final JudgingStore judging;
    private final Mailer mailer;
    private final Callbacks callbacks;
    private final String baseUrl;

    public JudgingService(CycleStore cycles, NominationStore nominations, JudgingStore judging, Mailer mailer, Callbacks callbacks, String baseUrl) {
        this.cycles = cycles;
        this.nominations = nominations;
        this.judging = judging;
        this.mailer = mailer;
        this.callbacks = callbacks;
        this.baseUrl = baseUrl;
    }

    /**
     * A step's nomination and cycle, and what else its first request read ({@code prefetched}: the
     * category's judge loads or shortlist, the panel), each answering one later read in its place.
     */
    public record Context(Cycle cycle, Nomination nomination, JudgingStore.Prefetched prefetched) {
        public Context(Cycle cycle, Nomination nomination) {
            this(cycle, nomination, JudgingStore.Prefetched.NONE);
        }
    }

    /**
     * The nomination and its cycle, read consistently. A step given its cycle's id (the state
     * machine passes the execution input's {@code cycleId}) reads both in one BatchGetItem; without
     * it (an execution on a definition from before it was passed) the nomination is read first to learn its cycle. An id that is not the nomination's cycle is not
     * trusted: the nomination's own cycle is read.
     */
    public Context load(String nominationId, String cycleId) {
        return load(nominationId, cycleId, false, null, java.util.Set.of()).context();
    }

    /**
     * {@link #load(String, String)}, with the panel and the category's {@code items} in the same
     * request when the step was told its category (the execution input's {@code category}); they
     * answer the step's first read of each. A category that is not the nomination's is never read
     * from there: its reads ask for the nomination's own category's items, which were not fetched.
     */
    public Context load(String nominationId, String cycleId, String category, java.util.Set<JudgingStore.CategoryItem> items) {
        // The panel only in the batch: without a cycle id there is none, and a read of its own would often go unused.
        return load(nominationId, cycleId, cycleId != null && !cycleId.isEmpty(), category, items).context();
    }

    /** A step's first reads: its context, and with {@code withPanel} the nomination's panel (in the same request when it can). */
    private record Loaded(Context context, Optional<JudgingStore.Panel> panel) {}

    private Loaded load(String nominationId, String cycleId, boolean withPanel, String category, java.util.Set<JudgingStore.CategoryItem> items) {
        Nomination n;
        Cycle c = null;
        Optional<JudgingStore.Panel> panel;
        JudgingStore.Prefetched prefetched = JudgingStore.Prefetched.NONE;
        if (cycleId == null || cycleId.isEmpty()) {
            n = nominations.find(nominationId).orElseThrow(() -> new IllegalStateException("no nomination " + nominationId));
            panel = withPanel ? judging.panel(nominationId) : Optional.empty();
        } else {
            JudgingStore.StepRead read = judging.stepRead(nominationId, cycleId, withPanel, category, items);
            n = read.nomination().orElseThrow(() -> new IllegalStateException("no nomination " + nominationId));
            c = read.cycle().filter(found -> found.id().equals(n.cycleId())).orElse(null);
            panel = read.panel();
            prefetched = read.prefetched();
        }
        if (c == null) {
            c = cycles.find(n.cycleId()).orElseThrow(() -> new IllegalStateException("no cycle " + n.cycleId()));
        }
        awards.platform.Logs.about(n.reference());
        return new Loaded(new Context(c, n, prefetched), panel);
    }

    /**
     * Opens judging (the waitForTaskToken task): assigns the panel, sends each judge a link, and keeps
     * the token to resume the execution once the panel decides. Safe to retry.
     */
    public int openPanel(String nominationId, String cycleId, String token, Instant now) {
        return openPanel(nominationId, cycleId, null, token, now);
    }

    /** {@link #openPanel(String, String, String, Instant)}; {@code category} (the step's, when given) reads the judges' loads with the nomination. */
    public int openPanel(String nominationId, String cycleId, String category, String token, Instant now) {
        Loaded loaded = load(nominationId, cycleId, true, category, java.util.Set.of(JudgingStore.CategoryItem.LOADS));
        Context ctx = loaded.context();
        Nomination n = ctx.nomination();
        if (n.status() == Status.WITHDRAWN) {
            callbacks.resume(token, Map.of("outcome", "WITHDRAWN"), n.reference());
            return 0;
        }
        // The round closed before this entry reached its judges (its execution started late): nobody is assigned now.
        boolean roundOver = !now.isBefore(ctx.cycle().milestones().judgingClosesAt());
        List<Cycle.Person> panel = loaded.panel().map(p -> judgesByEmail(ctx, p.judges()))
                .orElseGet(() -> roundOver ? List.of() : choose(ctx));
        if (panel.isEmpty()) {
            judging.openPanel(nominationId, List.of(), 1, token);
            if (judging.decide(nominationId, UNDECIDED)) {
                tellAdmins(ctx, 0, 0, now);
            }
            callbacks.resume(token, Map.of("outcome", UNDECIDED), n.reference());
            return 0;
        }
        int majority = Math.min(panelling(ctx).majority(), panel.size() / 2 + 1);
        JudgingStore.Panel stored = judging.openPanel(nominationId, panel.stream().map(Cycle.Person::email).toList(), majority, token,
                scoring(ctx).isPresent());
        if (stored.decided()) {
            callbacks.resume(token, Map.of("outcome", stored.outcome()), n.reference());
            return panel.size();
        }
        if (roundOver) {
            callbacks.resume(token, Map.of("outcome", undecided(ctx, now)), n.reference());
            return panel.size();
        }
        // Kept until the ceremony (the table's TTL); a judge's pages open until the shortlist date as the
        // cycle has it when they are asked for, so a round extended later keeps its links working.
        Instant expires = ctx.cycle().milestones().ceremonyAt();
        // Each entry goes into its judges' lists, beside the item that will hold each one's decision on
        // it: a link whose secret is never sent (the judge reaches the entry through their list). All in
        // one transaction the first time; one by one, keeping what is there, when run again.
        List<JudgingStore.Link> seats = panel.stream().map(judge -> new JudgingStore.Link(JudgingStore.seatLinkId(nominationId, judge.email()),
                Secrets.sha256(Secrets.token()), "JUDGE", nominationId, n.cycleId(), n.submission().category(), judge.email(), judge.name(),
                expires.getEpochSecond(), "OPEN", null, null)).toList();
        if (!judging.putNewSeats(n.cycleId(), seats)) {
            for (JudgingStore.Link seat : seats) {
                judging.putAssignment(n.cycleId(), seat.who(), nominationId);
                judging.putSeat(seat);
            }
        }
        for (Cycle.Person judge : panel) {
            tellJudge(ctx.cycle(), judge, "JUDGE_QUEUE", "QUEUE#", now);
        }
        return panel.size();
    }

    /**
     * One email per judge and cycle of {@code kind} (the list when judging opens, or the reminder),
     * with a link of its own to the judge's list: made by the attempt that holds the email's claim,
     * just before SES. Every panel the judge sits on asks; the first sends it, and one that finds it
     * being sent is retried ({@link awards.platform.StillSending}) until it is sent, or until the
     * attempt sending it can be known to have died, and sends it then: none is lost to a crash.
     */
    private void tellJudge(Cycle cycle, Cycle.Person judge, String kind, String linkPurpose, Instant now) {
        tellJudge(cycle, judge, kind, kind, linkPurpose, now, baseUrl);
    }

    private void tellJudge(Cycle cycle, Cycle.Person judge, String kind, String linkPurpose, Instant now, String siteUrl) {
        tellJudge(cycle, judge, kind, kind, linkPurpose, now, siteUrl);
    }

    /** As above, once per {@code kind} (such as a reminder of one day) from the template {@code template}. */
    private boolean tellJudge(Cycle cycle, Cycle.Person judge, String kind, String template, String linkPurpose, Instant now, String siteUrl) {
        String owner = "CYCLE#" + cycle.id();
        if (mailer.wasSent(owner, kind, judge.email())) {
            return false;
        }
        return mailer.sendAs(cycle, owner, cycle.id(), kind, template, judge.email(), () -> {
            Links.Issued link = Links.issueFor(linkPurpose + cycle.id() + "#" + judge.email().toLowerCase(java.util.Locale.ROOT));
            if (!judging.putLink(new JudgingStore.Link(link.id(), Secrets.sha256(link.secret()), "QUEUE", null, cycle.id(), null,
                    judge.email(), judge.name(), cycle.milestones().ceremonyAt().getEpochSecond(), "OPEN", null, null))) {
                throw new Mailer.AlreadyDelivered("the judge's queue link is in use");
            }
            Map<String, Object> values = Letters.about(cycle);
            values.put("judge", judge.name());
            values.put("link", link.url(siteUrl));
            values.put("categories", categoriesJudgedBy(cycle, judge.email()));
            List<String> assigned = judging.assignments(cycle.id(), judge.email());
            long open = judging.links(assigned.stream().map(id -> JudgingStore.seatLinkId(id, judge.email())).toList()).values().stream()
                    .filter(l -> l.status().equals("OPEN")).count();
            values.put("entries", assigned.size());
            values.put("left", open);
            return values;
        }, now).sentNow();
    }

    /** How the nomination's category's panels work: the cycle's settings with the category's own in their place. */
    private static Cycle.Judging panelling(Context ctx) {
        return ctx.cycle().category(ctx.nomination().submission().category()).map(ctx.cycle()::judgingOf).orElse(ctx.cycle().judging());
    }

    /** How the nomination's category is scored; empty when its judges approve or decline. */
    private static Optional<Cycle.Scoring> scoring(Context ctx) {
        return ctx.cycle().category(ctx.nomination().submission().category()).map(Cycle.Category::scoring);
    }

    /** The names of the categories whose panel has this judge, as a phrase ("A and B"). */
    public static String categoriesJudgedBy(Cycle cycle, String judge) {
        return String.join(" and ", cycle.categories().stream()
                .filter(c -> c.panel().judges().stream().anyMatch(j -> j.email().equalsIgnoreCase(judge)))
                .map(Cycle.Category::name).toList());
    }

    private static List<Cycle.Person> judgesByEmail(Context ctx, List<String> emails) {
        List<Cycle.Person> all = ctx.cycle().category(ctx.nomination().submission().category()).map(c -> c.panel().judges()).orElse(List.of());
        return all.stream().filter(j -> emails.contains(j.email())).toList();
    }

    /** The least-loaded judges of the category without a conflict: none from the nominee's or the nominator's organisation. */
    private List<Cycle.Person> choose(Context ctx) {
        List<Cycle.Person> chosen = eligible(ctx, java.util.Set.of()).stream().limit(panelling(ctx).judgesPerNomination()).toList();
        judging.addLoad(ctx.nomination().cycleId(), ctx.nomination().submission().category(), chosen.stream().map(Cycle.Person::email).toList());
        return chosen;
    }

    /**
     * The category's judges who may judge the nomination, least loaded first: none from the
     * nominee's or the nominator's organisation, none of {@code excluded} (addresses, any case).
     */
    private List<Cycle.Person> eligible(Context ctx, java.util.Set<String> excluded) {
        Nomination n = ctx.nomination();
        String category = n.submission().category();
        List<Cycle.Person> judges = ctx.cycle().category(category).map(c -> c.panel().judges()).orElse(List.of());
        String nomineeOrg = normal(n.submission().nominee().organisation());
        String nominatorOrg = normal(n.submission().nominator().organisation());
        List<Cycle.Person> eligible = new ArrayList<>(judges.stream()
                .filter(j -> !normal(j.organisation()).equals(nomineeOrg) && !normal(j.organisation()).equals(nominatorOrg))
                .filter(j -> !excluded.contains(j.email().toLowerCase(Locale.ROOT))).toList());
        Map<String, Long> load = judging.loads(n.cycleId(), category, eligible.stream().map(Cycle.Person::email).toList(), ctx.prefetched());
        eligible.sort(Comparator.<Cycle.Person>comparingLong(j -> load.getOrDefault(j.email(), 0L))
                .thenComparing(j -> Secrets.sha256(j.email() + n.id())));
        return eligible;
    }

    /** What became of a declared conflict. */
    public enum ConflictResult { REPLACED, NO_REPLACEMENT, ALREADY_DONE }

    /**
     * A judge declares a conflict of interest with a nomination (until the round closes, and, when
     * approving, before they decide): the entry leaves their list and their scores are withdrawn;
     * another eligible judge of the category (not on the panel, never conflicted with it) takes
     * the seat if one is left, with the entry on their list and, if they had no list yet, its email.
     * One transaction; the panel is decided if the judges left have all voted. {@code siteUrl}: the
     * site's address, for the links in that email.
     */
    public ConflictResult declareConflict(JudgingStore.Link seat, String reason, Instant now, String siteUrl) {
        Context ctx = load(seat.nominationId(), seat.cycleId());
        for (int attempt = 1; attempt <= 50; attempt++) {
            JudgingStore.Panel p = judging.panel(seat.nominationId()).orElseThrow(() -> new IllegalStateException("no panel for " + seat.nominationId()));
            java.util.Set<String> excluded = new java.util.HashSet<>();
            p.judges().forEach(j -> excluded.add(j.toLowerCase(Locale.ROOT)));
            excluded.add(seat.who().toLowerCase(Locale.ROOT));
            Optional<Cycle.Person> replacement = eligible(ctx, excluded).stream()
                    .filter(j -> !p.conflicts().contains(JudgingStore.judgeKey(j.email()))).findFirst();
            int left = p.judges().size() - 1 + (replacement.isPresent() ? 1 : 0);
            String outcome = p.scored() || left == 0 ? null : outcomeOf(p.votesFor(), p.votesAgainst(), p.majority(), left);
            switch (judging.recordConflict(seat, p, reason, replacement.orElse(null), Secrets.sha256(Secrets.token()), outcome, now)) {
                case ALREADY_DONE -> {
                    return ConflictResult.ALREADY_DONE;
                }
                case PANEL_MOVED -> {
                    continue;
                }
                case RECORDED -> {
                    if (outcome != null) {
                        callbacks.resume(p.token(), Map.of("outcome", outcome), seat.nominationId());
                    }
                    if (replacement.isEmpty()) {
                        return ConflictResult.NO_REPLACEMENT;
                    }
                    judging.addLoad(ctx.nomination().cycleId(), ctx.nomination().submission().category(), List.of(replacement.get().email()));
                    // A judge who had no list yet is sent it; one who had finds the entry there. Should
                    // SES refuse it for now, the declaration stands, and the reminder before the round
                    // closes goes to every judge with entries still to do.
                    try {
                        tellJudge(ctx.cycle(), replacement.get(), "JUDGE_QUEUE", "QUEUE#", now, siteUrl);
                    } catch (RuntimeException notNow) {
                        java.util.logging.Logger.getLogger(JudgingService.class.getName()).warning(
                                () -> "the replacing judge's list could not be sent now (" + notNow.getClass().getSimpleName() + "); the reminder will carry it");
                    }
                    return ConflictResult.REPLACED;
                }
            }
        }
        throw new awards.platform.RetryLater("the panel of " + seat.nominationId() + " kept changing while a conflict was declared");
    }

    private static String normal(String organisation) {
        return organisation == null ? "" : organisation.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * An approving panel's outcome from its votes: a side with a majority decides; once all
     * {@code judges} have voted without one, the entry is not shortlisted; until then, none (null).
     */
    static String outcomeOf(int votesFor, int votesAgainst, int majority, int judges) {
        return votesFor >= majority ? SHORTLISTED : votesAgainst >= majority ? NOT_SHORTLISTED
                : votesFor + votesAgainst >= judges ? NOT_SHORTLISTED : null;
    }

    /**
     * A judge's decision: the vote counted and, once a side has a majority (or every judge has
     * voted), the panel decided and its execution resumed. Recorded in one transaction; a panel
     * that another judge's vote moved meanwhile is read again. Empty if the link had been used.
     */
    public Optional<String> vote(JudgingStore.Link link, boolean shortlist, String comment, Instant now) {
        for (int attempt = 1; attempt <= 50; attempt++) {
            JudgingStore.Panel p = judging.panel(link.nominationId()).orElseThrow(() -> new IllegalStateException("no panel for " + link.nominationId()));
            int votesFor = p.votesFor() + (shortlist ? 1 : 0);
            int votesAgainst = p.votesAgainst() + (shortlist ? 0 : 1);
            String outcome = p.decided() ? null : outcomeOf(votesFor, votesAgainst, p.majority(), p.judges().size());
            switch (judging.recordVote(link, p, shortlist, comment, outcome, now)) {
                case ALREADY_DECIDED -> {
                    return Optional.empty();
                }
                case PANEL_MOVED -> {
                    continue;
                }
                case RECORDED -> {
                    if (outcome != null) {
                        callbacks.resume(p.token(), Map.of("outcome", outcome), link.nominationId());
                    }
                    return Optional.of(shortlist ? "SHORTLIST" : "DECLINE");
                }
            }
        }
        throw new awards.platform.RetryLater("the panel of " + link.nominationId() + " kept changing while this vote was counted");
    }

    /** What became of a judge's scores. */
    public enum ScoreResult { SAVED, ROUND_CLOSED }

    /**
     * A judge's scores on one nomination of a scored category (each criterion scored, checked by the
     * caller): saved, or saved again in place of their earlier scores, until the round closes.
     */
    public ScoreResult score(JudgingStore.Link seat, Cycle.Scoring scoring, Map<String, Integer> values, String comment, Instant now) {
        double weighted = scoring.weighted(values).orElseThrow(() -> new IllegalArgumentException("a criterion was not scored"));
        return judging.recordScore(seat, values, weighted, comment, now) == JudgingStore.Scored.RECORDED ? ScoreResult.SAVED : ScoreResult.ROUND_CLOSED;
    }

    /** The scores judges gave a nomination, by judge address. */
    public Map<String, JudgingStore.Score> scores(String nominationId) {
        return judging.scores(nominationId);
    }

    /** The scores on a leaderboard's entries (by nomination, then judge address), read by key from the panels it ranked. */
    public Map<String, Map<String, JudgingStore.Score>> scores(Leaderboard board) {
        return judging.scores(board.panels());
    }

    /**
     * Resumes what a decision already recorded should have resumed: after a crash between the
     * commit and the resume, a retried POST does it. Resuming twice is harmless (the second finds
     * the task gone).
     */
    public void resumeRecorded(JudgingStore.Link link) {
        if (link.kind().equals("JUDGE")) {
            judging.panel(link.nominationId()).filter(JudgingStore.Panel::decided)
                    .ifPresent(p -> callbacks.resume(p.token(), Map.of("outcome", p.outcome()), link.nominationId()));
        } else {
            judging.chair(link.cycleId(), link.category()).filter(JudgingStore.Chair::decided).ifPresent(chair -> judging.awaiting(link.cycleId(), link.category())
                    .forEach((nominationId, token) -> callbacks.resume(token, Map.of("award", chair.awardOf(nominationId)), nominationId)));
        }
    }

    /**
     * Reminds the judges of this panel who have not decided, when it has not: one reminder per judge
     * and cycle, however many of their entries wait, saying how many are left, with a link to their
     * queue.
     */
    public int remind(Context ctx, Instant now) {
        String nominationId = ctx.nomination().id();
        Optional<JudgingStore.Panel> panel = judging.panel(nominationId);
        if (panel.isEmpty() || panel.get().decided() || ctx.nomination().status() == Status.WITHDRAWN) {
            return 0;
        }
        java.util.Set<String> done = scoring(ctx).isPresent() ? judging.scores(nominationId).keySet() : judging.votes(nominationId).keySet();
        int asked = 0;
        for (Cycle.Person judge : judgesByEmail(ctx, panel.get().judges())) {
            if (!done.contains(judge.email())) {
                tellJudge(ctx.cycle(), judge, "JUDGE_REMINDER", "QUEUE-REMINDER#", now);
                asked++;
            }
        }
        return asked;
    }

    /**
     * The judges' round closed without a panel decision: recorded as undecided, admins told. In a
     * scored category the round's close is the normal end: the panel is SCORED (UNDECIDED, and the
     * admins told, if nobody scored the entry), and the category's chair is sent the leaderboard
     * to confirm the shortlist from.
     */
    public String undecided(Context ctx, Instant now) {
        String nominationId = ctx.nomination().id();
        JudgingStore.PanelSummary panel = judging.summaries(List.of(nominationId)).get(nominationId);
        String outcome = panel == null ? UNDECIDED : closePanel(ctx, panel, now).outcome();
        if (scoring(ctx).isPresent()) {
            tellChairToShortlist(ctx.cycle(), ctx.nomination().submission().category(), now);
        }
        return outcome;
    }

    /** A panel closed at its round's close: the outcome it has, and the token to resume if it was closed just now. */
    private record Closed(String outcome, Optional<String> token) {}

    /**
     * Closes a panel still waiting at its round's close: a scored panel is SCORED if any judge
     * scored it, otherwise (and every approving panel) UNDECIDED, and the admins are told. A score
     * saved meanwhile is read and counted; a panel decided meanwhile keeps its outcome.
     */
    private Closed closePanel(Context ctx, JudgingStore.PanelSummary seen, Instant now) {
        String nominationId = ctx.nomination().id();
        boolean scored = scoring(ctx).isPresent();
        JudgingStore.PanelSummary panel = seen;
        for (int attempt = 1; attempt <= 10; attempt++) {
            if (!JudgingStore.PENDING.equals(panel.outcome())) {
                return new Closed(panel.outcome(), Optional.empty());
            }
            String outcome = scored && !panel.scores().isEmpty() ? SCORED : UNDECIDED;
            try {
                Optional<String> token = judging.closePanel(nominationId, outcome, scored, panel.scores().size());
                if (token.isEmpty()) {
                    return new Closed(judging.panel(nominationId).map(JudgingStore.Panel::outcome).orElse(UNDECIDED), Optional.empty());
                }
                if (outcome.equals(UNDECIDED)) {
                    tellAdmins(ctx, panel.voters().size(), panel.judges().size(), now);
                }
                return new Closed(outcome, token);
            } catch (java.util.ConcurrentModificationException scoreArrived) {
                panel = judging.summaries(List.of(nominationId)).get(nominationId);
            }
        }
        throw new awards.platform.RetryLater("the panel of " + nominationId + " kept changing as its round closed");
    }

    /**
     * Closes a category's judges' round (the JudgingRounds schedule, at {@code judgingClosesAt} as
     * the cycle now has it): every panel still waiting is closed as {@link #closePanel} says and its
     * execution resumed; a scored category's chair is sent the leaderboard. An entry with no panel
     * yet finds the round closed when its execution opens one. Safe to run again: panels closed
     * before are left alone. Returns the panels closed now.
     */
    public int closeRound(Cycle cycle, Cycle.Category category, Instant now) {
        List<Nomination> entries = entries(cycle.id(), category.id());
        Map<String, JudgingStore.PanelSummary> panels = judging.summaries(entries.stream().map(Nomination::id).toList());
        List<Nomination> waiting = entries.stream().filter(n -> panels.containsKey(n.id()) && JudgingStore.PENDING.equals(panels.get(n.id()).outcome())).toList();
        java.util.concurrent.atomic.AtomicInteger closed = new java.util.concurrent.atomic.AtomicInteger();
        // A few panels at a time: each is a write, perhaps an email, and a resume, none depending on another.
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8, Thread.ofVirtual().name("round-close-", 0).factory())) {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (Nomination n : waiting) {
                done.add(pool.submit(() -> {
                    awards.platform.Logs.about(n.reference());
                    Closed c = awards.platform.RetryLater.retrying(() -> closePanel(new Context(cycle, n), panels.get(n.id()), now));
                    c.token().ifPresent(token -> {
                        callbacks.resume(token, Map.of("outcome", c.outcome()), n.reference());
                        closed.incrementAndGet();
                    });
                }));
            }
            for (var f : done) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while closing the round of " + category.id(), e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        if (category.scored()) {
            awards.platform.RetryLater.retrying(() -> {
                tellChairToShortlist(cycle, category.id(), now);
                return null;
            });
        }
        return closed.get();
    }

    /**
     * Reminds every judge of the category with entries still to decide or score (once per
     * {@code kind}: the round's reminder, or an admin's of one day), each with how many are left
     * and a link to their list. Returns the judges sent one now.
     */
    public int remindJudges(Cycle cycle, Cycle.Category category, String kind, Instant now) {
        return remindJudges(cycle, category, kind, now, baseUrl);
    }

    /** As above, with {@code siteUrl} the site's address for the links in the reminders. */
    public int remindJudges(Cycle cycle, Cycle.Category category, String kind, Instant now, String siteUrl) {
        List<String> ids = entries(cycle.id(), category.id()).stream().map(Nomination::id).toList();
        java.util.Set<String> behind = new java.util.HashSet<>();
        judging.summaries(ids).values().stream().filter(p -> JudgingStore.PENDING.equals(p.outcome()))
                .forEach(p -> p.judges().stream().filter(j -> !p.voters().contains(JudgingStore.judgeKey(j))).forEach(behind::add));
        int reminded = 0;
        for (Cycle.Person judge : category.panel().judges()) {
            if (behind.contains(judge.email())
                    && awards.platform.RetryLater.retrying(() -> tellJudge(cycle, judge, kind, "JUDGE_REMINDER", "QUEUE-" + kind + "#", now, siteUrl))) {
                reminded++;
            }
        }
        return reminded;
    }

    /**
     * The chair of a scored category hears, once, that the round closed: a link to the leaderboard,
     * where they confirm the shortlist before the shortlist date. Every execution of the category
     * asks at the round's close; the first sends it, one that finds it being sent is retried until
     * it has gone ({@link awards.platform.StillSending}), so a crash loses it to none.
     */
    private void tellChairToShortlist(Cycle cycle, String category, Instant now) {
        Cycle.Category cat = cycle.category(category).orElseThrow();
        String owner = "CYCLE#" + cycle.id();
        // One per category: the same person may chair two.
        String kind = "CHAIR_SHORTLIST-" + category;
        if (mailer.wasSent(owner, kind, cat.panel().chair().email())) {
            return;
        }
        mailer.sendAs(cycle, owner, cycle.id() + "-" + category, kind, "CHAIR_SHORTLIST", cat.panel().chair().email(), () -> {
            Links.Issued link = Links.issueFor("LEADERBOARD#" + cycle.id() + "#" + category);
            if (!judging.putLink(new JudgingStore.Link(link.id(), Secrets.sha256(link.secret()), "LEADERBOARD", null, cycle.id(), category,
                    cat.panel().chair().email(), cat.panel().chair().name(), cycle.milestones().ceremonyAt().getEpochSecond(), "OPEN", null, null))) {
                throw new Mailer.AlreadyDelivered("the chair has confirmed the shortlist");
            }
            Map<String, Object> values = Letters.about(cycle);
            values.put("category", cat.name());
            values.put("chair", cat.panel().chair().name());
            values.put("link", link.url(baseUrl));
            values.put("size", cat.scoring().shortlistSize());
            return values;
        }, now);
    }

    /** A scored category's entries ranked by score (withdrawn entries left out). */
    public Leaderboard leaderboard(String cycleId, String category) {
        List<Nomination> entries = entries(cycleId, category);
        return Leaderboard.of(entries, judging.summaries(entries.stream().map(Nomination::id).toList()));
    }

    private List<Nomination> entries(String cycleId, String category) {
        List<Nomination> all = new ArrayList<>();
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> start = Map.of();
        do {
            NominationStore.Page page = nominations.list(cycleId, category, null, 500, start);
            page.items().stream().filter(n -> n.status() != Status.WITHDRAWN).forEach(all::add);
            start = page.next();
        } while (!start.isEmpty());
        return all;
    }

    /**
     * The chair confirms a scored category's shortlist (between the round's close and the shortlist
     * date, checked by the caller): their link used and the shortlist stored in one transaction.
     * False if it was confirmed, or taken by default, before.
     */
    public boolean confirmShortlist(JudgingStore.Link chairLink, List<String> entries, Instant now) {
        return judging.recordShortlist(chairLink, entries, false, now);
    }

    /** A scored category's shortlist, once the chair confirmed it or the default was taken. */
    public Optional<JudgingStore.Shortlist> categoryShortlistOf(String cycleId, String category) {
        return judging.shortlistOf(cycleId, category);
    }

    /** Whether a scored category's shortlist is settled, or being worked out as the default. */
    public boolean categoryShortlistDecided(String cycleId, String category) {
        return judging.shortlistClaimed(cycleId, category);
    }

    /**
     * How long an execution that finds the default shortlist being worked out waits for it before
     * failing its step to be retried (a CycleBenchmark of 1,000 nominations failed 180 steps so).
     */
    static final java.time.Duration WAIT_FOR_DEFAULT = java.time.Duration.ofSeconds(5);

    /** How long a default shortlist may take to work out; a claim older than this belongs to an attempt that died. */
    static final java.time.Duration COMPUTING_AT_MOST = java.time.Duration.ofSeconds(60);

    /**
     * A scored category's shortlist at the shortlist date: the chair's, or (if they confirmed none)
     * the leaderboard's default, worked out once by whichever execution claims it first while the
     * others wait for it (up to {@link #WAIT_FOR_DEFAULT}, then {@link awards.platform.StillSending}
     * for Step Functions to retry), stored, and the admins told.
     */
    public JudgingStore.Shortlist categoryShortlist(Cycle cycle, String category, Instant now) {
        return categoryShortlist(cycle, category, now, JudgingStore.Prefetched.NONE);
    }

    /** {@link #categoryShortlist(Cycle, String, Instant)}, its first read from {@code prefetched} when the step read it. */
    public JudgingStore.Shortlist categoryShortlist(Cycle cycle, String category, Instant now, JudgingStore.Prefetched prefetched) {
        Optional<JudgingStore.Shortlist> decided = judging.shortlistOf(cycle.id(), category, prefetched);
        if (decided.isPresent()) {
            tellAdminsOfDefault(cycle, category, decided.get(), now);
            return decided.get();
        }
        String attempt = java.util.UUID.randomUUID().toString();
        // Real time, not the workflow's "now": a retried task keeps its state's entered time, so only
        // the wall clock tells a claimant still at work from one that died (as the Mailer's claims).
        Instant real = Instant.now();
        if (!judging.claimDefaultShortlist(cycle.id(), category, attempt, real, real.minus(COMPUTING_AT_MOST))) {
            // Every execution of the category arrives at once; one works it out while the others wait for it.
            JudgingStore.Shortlist worked = awards.platform.Patience.await(WAIT_FOR_DEFAULT, () -> judging.shortlistOf(cycle.id(), category))
                    .orElseThrow(() -> new awards.platform.StillSending("the default shortlist of " + category + " is being worked out by another attempt"));
            tellAdminsOfDefault(cycle, category, worked, now);
            return worked;
        }
        Leaderboard.Cut cut = leaderboard(cycle.id(), category).top(cycle.category(category).orElseThrow().scoring().shortlistSize());
        if (!judging.storeDefaultShortlist(cycle.id(), category, attempt, cut.entries(), cut.ties(), now)) {
            throw new awards.platform.StillSending("the default shortlist of " + category + " was taken over by another attempt");
        }
        JudgingStore.Shortlist stored = judging.shortlistOf(cycle.id(), category).orElseThrow();
        tellAdminsOfDefault(cycle, category, stored, now);
        return stored;
    }

    /** The admins hear once that the chair confirmed no shortlist and the default was taken (and of any tie at the cut). */
    private void tellAdminsOfDefault(Cycle cycle, String category, JudgingStore.Shortlist shortlist, Instant now) {
        if (!"DEFAULT".equals(shortlist.by()) || mailer.wasSent("CYCLE#" + cycle.id(), "DEFAULT_SHORTLIST-" + category, cycle.judging().adminEmail())) {
            return;
        }
        Cycle.Category cat = cycle.category(category).orElseThrow();
        Map<String, Object> values = Letters.about(cycle);
        values.put("category", cat.name());
        values.put("chair", cat.panel().chair().name());
        values.put("size", cat.scoring().shortlistSize());
        values.put("taken", shortlist.entries().size());
        values.put("ties", shortlist.ties());
        mailer.sendAs(cycle, "CYCLE#" + cycle.id(), cycle.id() + "-" + category, "DEFAULT_SHORTLIST-" + category, "DEFAULT_SHORTLIST",
                cycle.judging().adminEmail(), () -> values, now);
    }

    private void tellAdmins(Context ctx, int decided, int assigned, Instant now) {
        Map<String, Object> values = Letters.about(ctx.cycle(), ctx.nomination());
        values.put("decided", decided);
        values.put("assigned", assigned);
        mailer.send(ctx.cycle(), ctx.nomination().id(), "UNDECIDED", ctx.cycle().judging().adminEmail(), values, now);
    }

    public Optional<String> panelOutcome(String nominationId) {
        return panelOutcome(nominationId, JudgingStore.Prefetched.NONE);
    }

    /** The panel's outcome, from {@code prefetched} when the step read the panel. */
    public Optional<String> panelOutcome(String nominationId, JudgingStore.Prefetched prefetched) {
        return judging.panel(nominationId, prefetched).map(JudgingStore.Panel::outcome);
    }

    // ---- awards -----------------------------------------------------------------------------------

    /**
     * A shortlisted execution waits for its category's chair (the waitForTaskToken task). The first
     * to arrive sends the chair one email listing the shortlist; one that arrives after the choice
     * is resumed at once.
     */
    public void awaitAward(String nominationId, String cycleId, String token, Instant now) {
        Context ctx = load(nominationId, cycleId);
        Nomination n = ctx.nomination();
        String category = n.submission().category();
        judging.awaitAward(n.cycleId(), category, nominationId, token);
        Links.Issued link = Links.issueFor("CHAIR#" + n.cycleId() + "#" + category);
        Cycle.Category cat = ctx.cycle().category(category).orElseThrow();
        // The first to arrive claims the chair; a later one sends the invitation if the first could
        // not (SES throttled it and its retry found the chair claimed). The mail marker keeps it to one.
        if (judging.claimChair(n.cycleId(), category, link.id())
                || !mailer.wasSent("CYCLE#" + n.cycleId(), "CHAIR_INVITE-" + category, cat.panel().chair().email())) {
            // One per category (the same person may chair two), tagged cycle-category: SES tag values
            // allow only letters, digits, _ and -, as both ids are.
            mailer.sendAs(ctx.cycle(), "CYCLE#" + n.cycleId(), n.cycleId() + "-" + category, "CHAIR_INVITE-" + category, "CHAIR_INVITE",
                    cat.panel().chair().email(), () -> {
                if (!judging.putLink(new JudgingStore.Link(link.id(), Secrets.sha256(link.secret()), "CHAIR", null, n.cycleId(), category,
                        cat.panel().chair().email(), cat.panel().chair().name(), ctx.cycle().milestones().ceremonyAt().getEpochSecond(), "OPEN", null, null))) {
                    throw new Mailer.AlreadyDelivered("the chair has used the link");
                }
                Map<String, Object> values = Letters.about(ctx.cycle());
                values.put("category", cat.name());
                values.put("chair", cat.panel().chair().name());
                values.put("link", link.url(baseUrl));
                values.put("entries", shortlist(n.cycleId(), category).stream()
                        .map(e -> Map.of("nominee", e.submission().nominee().name(), "reference", e.reference())).toList());
                return values;
            }, now);
        }
        judging.chair(n.cycleId(), category).filter(JudgingStore.Chair::decided)
                .ifPresent(c -> callbacks.resume(token, Map.of("award", c.awardOf(nominationId)), n.reference()));
    }

    /** The category's shortlist: by the panels' outcomes, or (scored) the category's shortlist; withdrawn entries left out. */
    public List<Nomination> shortlist(String cycleId, String category) {
        List<Nomination> all = entries(cycleId, category);
        boolean scored = cycles.find(cycleId).flatMap(c -> c.category(category)).map(Cycle.Category::scored).orElse(false);
        List<String> ids = scored
                ? judging.shortlistOf(cycleId, category).map(JudgingStore.Shortlist::entries).orElse(List.of())
                : judging.shortlistedIn(all.stream().map(Nomination::id).toList());
        return all.stream().filter(n -> ids.contains(n.id())).sorted(Comparator.comparing(Nomination::reference)).toList();
    }

    /** The chair's choice: recorded once (link and choice in one transaction), then every waiting execution of the category resumes with its award. */
    public boolean chooseAwards(JudgingStore.Link link, String winner, List<String> highlyCommended, Instant now) {
        if (!judging.recordAwards(link, winner, highlyCommended, now)) {
            return false;
        }
        resumeRecorded(link);
        return true;
    }

    public Optional<JudgingStore.Chair> chair(String cycleId, String category) {
        return judging.chair(cycleId, category);
    }

    /** The entries in a judge's queue. */
    public List<String> assignments(String cycleId, String judge) {
        return judging.assignments(cycleId, judge);
    }

    public Optional<JudgingStore.Link> link(String id) {
        return judging.link(id);
    }

    /** A link and a nomination in one read (a judge's entry page: their list's link and the entry). */
    public JudgingStore.LinkAndNomination linkAndNomination(String linkId, String nominationId) {
        return judging.linkAndNomination(linkId, nominationId);
    }

    /** A judge's seat on an entry's panel, the cycle and the judge's score on the entry, in one read. */
    public JudgingStore.SeatRead seatRead(String cycleId, String nominationId, String judge) {
        return judging.seatRead(cycleId, nominationId, judge);
    }

    public Optional<Nomination> nomination(String id) {
        return nominations.find(id);
    }

    /** Nominations by id, read in batches (a judge's list may hold hundreds). */
    public Map<String, Nomination> nominations(List<String> ids) {
        return nominations.findAll(ids);
    }

    /** Links by id, read in batches. */
    public Map<String, JudgingStore.Link> links(List<String> ids) {
        return judging.links(ids);
    }

    public Optional<Cycle> cycle(String id) {
        return cycles.find(id);
    }
}
