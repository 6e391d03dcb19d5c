package awards.nomination;

import awards.cycle.Cycle;
import awards.cycle.CycleStore;
import awards.notify.Letters;
import awards.notify.Mailer;
import awards.platform.Json;
import awards.platform.Problem;
import awards.platform.Problem.FieldError;
import awards.platform.Secrets;
import awards.platform.Times;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Submitting, reading, withdrawing and starting nominations: the logic behind the intake API. */
public final class NominationService {
    private static final Logger LOG = Logger.getLogger(NominationService.class.getName());
    static final Duration REPLAY_KEPT_FOR = Duration.ofHours(24);

    private final CycleStore cycles;
    private final NominationStore nominations;
    private final Executions executions;
    private final Mailer mailer;
    private final int receiptsPerHour;

    /** {@code receiptsPerHour}: receipts one address may be sent in an hour; 0, no limit. */
    public NominationService(CycleStore cycles, NominationStore nominations, Executions executions, Mailer mailer, int receiptsPerHour) {
        this.cycles = cycles;
        this.nominations = nominations;
        this.executions = executions;
        this.mailer = mailer;
        this.receiptsPerHour = receiptsPerHour;
    }

    /** What the API answers: a status and a JSON body; {@code replayed} when an earlier answer is repeated. */
    public record Answer(int status, String body, String nominationId, boolean replayed) {}

    /**
     * Validates and stores a nomination, then starts its execution. Nothing is written unless the
     * whole submission is valid and the cycle is open.
     */
    public Answer submit(JsonNode body, byte[] rawBody, Optional<String> idempotencyKey, String baseUrl, Instant now) {
        String key = idempotencyKey.map(NominationService::checkKey).orElse(null);
        String keyHash = key == null ? null : Secrets.sha256(key);
        String requestHash = Secrets.sha256(rawBody);
        // The first answer holds the status link: it is kept sealed under a key made from the
        // Idempotency-Key itself, which only the client holds (the table keeps its hash), so a
        // reader of the table has no usable token, and a replay of the same request opens it.
        String sealingKey = key == null ? null : key + "|" + requestHash;
        if (keyHash != null) {
            Optional<Answer> replay = nominations.findReplay(keyHash).map(r -> replay(r, requestHash, sealingKey, now));
            if (replay.isPresent()) {
                return replay.get();
            }
        }
        Checked checked = check(body, now);
        Cycle cycle = checked.cycle();
        Submission submission = checked.submission();

        String id = Secrets.id();
        String token = Secrets.token();
        String statusUrl = baseUrl + "/nominations/" + id + "?token=" + token;
        // The reference is taken in the same transaction that stores the nomination, so a number is
        // used only by a nomination that exists: a replay or a lost race takes none. The first try
        // counts from the counter as read with the cycle; a lost race learns it from the refusal.
        long taken = checked.sequence();
        long numberingEnds = System.nanoTime() + NUMBERING_FOR.toNanos();
        while (true) {
            String reference = "%s-%d-%04d".formatted(cycle.referencePrefix(), cycle.year(), taken + 1);
            awards.platform.Logs.about(reference);
            Nomination nomination = new Nomination(id, reference, submission, Status.SUBMITTED, now,
                    Secrets.sha256(token), Executions.name(reference, id), executionInput(id, cycle, submission), false, 1, List.of());
            ObjectNode receipt = Json.object();
            receipt.put("id", id);
            receipt.put("reference", reference);
            receipt.put("status", Status.SUBMITTED.name());
            receipt.put("statusUrl", statusUrl);
            receipt.put("next", "Nominations close on " + Times.human(cycle.milestones().closesAt(), cycle.zone())
                    + "; the judges will then consider your entry.");
            String receiptJson = Json.write(receipt);
            NominationStore.Created created = nominations.create(nomination, taken, keyHash,
                    new NominationStore.Replay(requestHash, 201, sealingKey == null ? receiptJson : Secrets.seal(receiptJson, sealingKey), id),
                    now.plus(REPLAY_KEPT_FOR), quota(submission.nominator().email(), now));
            switch (created) {
                case NominationStore.KeyTaken k -> {
                    // Another request with this key won the race; answer as it was answered.
                    return replay(k.earlier(), requestHash, sealingKey, now);
                }
                case NominationStore.QuotaExceeded q -> {
                    Instant next = now.truncatedTo(java.time.temporal.ChronoUnit.HOURS).plus(java.time.Duration.ofHours(1));
                    throw Problem.tooManyRequests("receipts-per-hour",
                            "This address has been sent " + receiptsPerHour + " receipts this hour, the most one address gets; send this nomination again after "
                                    + Times.human(next, cycle.zone()) + ".").exception();
                }
                case NominationStore.NumberTaken n -> {
                    if (System.nanoTime() > numberingEnds) {
                        throw Problem.busy("So many nominations are arriving at once that this one could not be numbered; send it again.").exception();
                    }
                    // A transaction conflict carries no counter: read it.
                    taken = n.seen() != null ? n.seen() : cycles.sequence(cycle.id());
                    // Each round of a race has one winner: the others try again at once (with a pause of a few
                    // milliseconds, so as not to move in step), for as long as NUMBERING_FOR allows, not for a
                    // number of attempts (32 clients at once: 24 of 1,000 ran out of 50). A pause growing with
                    // each loss starved the oldest losers in favour of new arrivals (95 of 1,000 refused).
                    pause(java.util.concurrent.ThreadLocalRandom.current().nextLong(5));
                    continue;
                }
                case NominationStore.Stored stored -> {
                    startQuietly(nomination);
                    sendReceipt(cycle, nomination, statusUrl, now, keyHash != null);
                    return new Answer(201, receiptJson, id, false);
                }
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while numbering a nomination", e);
        }
    }

    /**
     * A submission that {@link #check} found valid, the open cycle it is for, and how many numbers
     * that cycle had given out when it was read (where numbering this submission starts).
     */
    public record Checked(Cycle cycle, Submission submission, long sequence) {}

    /**
     * Everything {@link #submit} checks before it writes, writing nothing: the cycle the body names
     * is open (409 {@code cycle-not-open}) and every field is valid (400, all problems at once).
     * The entrants' form checks its answers with this, so it refuses exactly what the API refuses.
     */
    public Checked check(JsonNode body, Instant now) {
        String cycleId = SubmissionForm.cycleId(body);
        awards.cycle.CycleStore.Numbered numbered = cycleId == null || !awards.cycle.CycleJson.CYCLE_ID.matcher(cycleId).matches()
                ? null
                : cycles.findNumbered(cycleId).orElse(null);
        Cycle cycle = numbered == null ? null : numbered.cycle();
        if (cycle != null && !cycle.isOpenAt(now)) {
            throw notOpen(cycle, now).exception();
        }
        List<FieldError> errors = new ArrayList<>();
        Submission submission = SubmissionForm.validate(body, cycle, errors);
        if (submission == null) {
            throw Problem.invalid(errors).exception();
        }
        return new Checked(cycle, submission, numbered == null ? 0 : numbered.sequence());
    }

    /** The cycle of that id, if there is one. */
    public Optional<Cycle> cycle(String cycleId) {
        return awards.cycle.CycleJson.CYCLE_ID.matcher(cycleId).matches() ? cycles.find(cycleId) : Optional.empty();
    }

    /** Every cycle, soonest to open first. */
    public List<Cycle> cycles() {
        List<Cycle> all = new ArrayList<>(cycles.all());
        all.sort(java.util.Comparator.comparing((Cycle c) -> c.milestones().opensAt()).thenComparing(Cycle::id));
        return all;
    }

    /** Why a nomination can no longer be changed or withdrawn at {@code now}, or empty while it can. */
    public static Optional<String> lockedBecause(Nomination n, Cycle cycle, Instant now) {
        if (n.status() == Status.SUBMITTED && now.isBefore(cycle.milestones().closesAt())) {
            return Optional.empty();
        }
        if (n.status() == Status.WITHDRAWN) {
            return Optional.of("This nomination was withdrawn.");
        }
        return Optional.of("Nominations closed on " + Times.human(cycle.milestones().closesAt(), cycle.zone())
                + ", so this nomination can no longer be changed or withdrawn.");
    }

    /**
     * Replaces a nomination's answers before nominations close, validated as a submission is; its
     * cycle and category stay as they were (its execution, which is not restarted, is for them).
     * Records which fields changed. Returns the nomination as it now is.
     */
    public Nomination correct(String id, String token, JsonNode body, Instant now) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Nomination n = authorised(id, token);
            Cycle cycle = cycles.find(n.cycleId()).orElseThrow(() -> Problem.notFound().exception());
            Optional<String> locked = lockedBecause(n, cycle, now);
            if (locked.isPresent()) {
                throw Problem.conflict("correction-closed", "Too late to change this nomination", locked.get()).exception();
            }
            com.fasterxml.jackson.databind.node.ObjectNode fixed = body.deepCopy();
            fixed.put("cycleId", n.cycleId());
            fixed.put("category", n.submission().category());
            List<FieldError> errors = new ArrayList<>();
            Submission next = SubmissionForm.validate(fixed, cycle, errors);
            if (next == null) {
                throw Problem.invalid(errors).exception();
            }
            List<String> changed = changedFields(n.submission(), next);
            if (changed.isEmpty() || nominations.correct(n, next, now, changed)) {
                return nominations.find(id).orElseThrow(() -> Problem.notFound().exception());
            }
        }
        throw Problem.conflict("busy", "Try again", "the nomination changed while it was being corrected").exception();
    }

    private static List<String> changedFields(Submission was, Submission now) {
        List<String> out = new ArrayList<>();
        JsonNode a = Json.MAPPER.valueToTree(was);
        JsonNode b = Json.MAPPER.valueToTree(now);
        for (String group : List.of("nominee", "nominator")) {
            a.path(group).properties().forEach(e -> {
                if (!e.getValue().equals(b.path(group).path(e.getKey()))) {
                    out.add(group + "." + e.getKey());
                }
            });
        }
        for (String field : List.of("citation", "links")) {
            if (!a.path(field).equals(b.path(field))) {
                out.add(field);
            }
        }
        return out;
    }

    /** How long a submission may race others for a reference number: well inside the function's 15 s, leaving time to start and send the receipt. */
    static final java.time.Duration NUMBERING_FOR = java.time.Duration.ofSeconds(8);

    /**
     * The receipt is an email to any address the request names: at most {@code receiptsPerHour}
     * to one address in a clock hour, so no one can make this system flood someone else's inbox.
     */
    private NominationStore.ReceiptQuota quota(String email, Instant now) {
        if (receiptsPerHour <= 0) {
            return null;
        }
        Instant hour = now.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        return new NominationStore.ReceiptQuota(Secrets.sha256(email.toLowerCase(java.util.Locale.ROOT)), hour.toString().substring(0, 13),
                receiptsPerHour, hour.plus(java.time.Duration.ofHours(2)));
    }


    /**
     * The receipt email carries the private status link, which only this request knows (the table
     * keeps the token's hash), so it is sent here rather than by the state machine.
     */
    private void sendReceipt(Cycle cycle, Nomination nomination, String statusUrl, Instant now, boolean replayable) {
        try {
            Map<String, Object> values = Letters.about(cycle, nomination);
            values.put("statusUrl", statusUrl);
            mailer.send(cycle, nomination.id(), "RECEIPT", nomination.submission().nominator().email(), values, now);
        } catch (awards.platform.StillSending e) {
            // Another request with this key is sending it this moment: as the Idempotency-Key draft asks, 409 until settled.
            throw inProgress();
        } catch (RuntimeException e) {
            if (replayable) {
                // Only this request can send the receipt (it alone knows the status link): with an
                // Idempotency-Key, the client is told to send it again, and the replay sends it.
                LOG.log(Level.WARNING, "could not send the receipt for " + nomination.reference() + " yet; the client is asked to repeat the request", e);
                throw Problem.busy("Nomination " + nomination.reference() + " is stored, but its receipt email could not be sent yet. "
                        + "Send the same request again, with the same Idempotency-Key, in a few seconds: it will answer as now and send the receipt.").exception();
            }
            LOG.log(Level.WARNING, "could not send the receipt for " + nomination.reference() + "; the status link was in the response", e);
        }
    }

    private void startQuietly(Nomination nomination) {
        try {
            executions.start(nomination);
            nominations.markStarted(nomination.id());
        } catch (RuntimeException e) {
            // Stored and pending: the sweeper starts it. The entrant's receipt is still true.
            LOG.log(Level.WARNING, "could not start execution " + nomination.executionName() + "; the sweeper will", e);
        }
    }

    /**
     * The first answer again. If the first request never sent the receipt (it crashed, or its
     * answer was lost and the client is retrying), this one sends it: the stored answer holds the
     * status link, and the receipt's marker keeps it to one email.
     */
    private Answer replay(NominationStore.Replay earlier, String requestHash, String sealingKey, Instant now) {
        if (!earlier.requestHash().equals(requestHash)) {
            throw Problem.unprocessable("idempotency-key-reused", "Idempotency-Key already used",
                    "this Idempotency-Key was used with a different request body; use a new key for a new nomination").exception();
        }
        // Answers kept before they were sealed read as they are.
        String body = earlier.body().startsWith("sealed:") ? Secrets.open(earlier.body(), sealingKey)
                .orElseThrow(() -> new IllegalStateException("an idempotency record that its own key does not open")) : earlier.body();
        if (earlier.status() == 201) {
            nominations.find(earlier.nominationId()).ifPresent(n -> {
                switch (mailer.status("NOM#" + n.id(), "RECEIPT", n.submission().nominator().email())) {
                    case NONE -> cycles.find(n.cycleId()).ifPresent(c -> sendReceipt(c, n, Json.read(body).path("statusUrl").asText(), now, true));
                    // The first request may still be sending it (or died doing so moments ago): as the
                    // Idempotency-Key draft asks, 409 until that is settled, then the replay sends it.
                    case IN_FLIGHT -> throw inProgress();
                    case DONE -> { }
                }
            });
        }
        return new Answer(earlier.status(), body, earlier.nominationId(), true);
    }

    private static Problem.ProblemException inProgress() {
        return Problem.conflict("request-in-progress", "The first request with this key is still in progress",
                "Send the same request again in a few seconds.").exception();
    }

    private static String checkKey(String key) {
        if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw Problem.invalid(List.of(new FieldError("Idempotency-Key",
                    "must be 1 to 255 visible ASCII characters (! to ~, no spaces)"))).exception();
        }
        return key;
    }

    private static Problem notOpen(Cycle cycle, Instant now) {
        String when = now.isBefore(cycle.milestones().opensAt())
                ? "Nominations for " + cycle.name() + " open on " + Times.human(cycle.milestones().opensAt(), cycle.zone()) + "."
                : "Nominations for " + cycle.name() + " closed on " + Times.human(cycle.milestones().closesAt(), cycle.zone()) + ".";
        return Problem.conflict("cycle-not-open", "Nominations are not open", when);
    }

    /** The execution's input: ids and milestone instants only, never personal data. */
    static String executionInput(String id, Cycle cycle, Submission submission) {
        ObjectNode input = Json.object();
        input.put("nominationId", id);
        input.put("cycleId", cycle.id());
        input.put("category", submission.category());
        ObjectNode m = input.putObject("milestones");
        m.put("closesAt", cycle.milestones().closesAt().toString());
        m.put("shortlistAt", cycle.milestones().shortlistAt().toString());
        m.put("ceremonyAt", cycle.milestones().ceremonyAt().toString());
        // When the execution first wakes: at the close, spread over the wake window. If an admin moves
        // the close later meanwhile, the Close step answers WAIT with the new time.
        input.putObject("plan").put("wakeAt", awards.cycle.Plan.wakeAt(cycle.milestones().closesAt(), id).toString());
        return Json.write(input);
    }

    /** The nomination, if the token is its own; otherwise a 404 that says nothing more. */
    public Nomination authorised(String id, String token) {
        // An id no one was given (over 2,000 characters, say) is not looked up: the same 404. Only
        // the token's hash is read before the token matches, so an existing id with a wrong token
        // reads as little as an unknown one and answers in the same time.
        Optional<String> hash = Secrets.isId(id) ? nominations.tokenHash(id) : Optional.empty();
        if (!Secrets.matches(token, hash.orElse(null))) {
            return throwNotFound();
        }
        return nominations.find(id).orElseGet(NominationService::throwNotFound);
    }

    private static Nomination throwNotFound() {
        throw Problem.notFound().exception();
    }

    public ObjectNode status(String id, String token, Instant now) {
        Nomination n = authorised(id, token);
        Cycle cycle = cycles.find(n.cycleId()).orElseThrow(() -> Problem.notFound().exception());
        ObjectNode out = Json.object();
        out.put("id", n.id());
        out.put("reference", n.reference());
        out.put("status", n.status().name());
        out.put("category", cycle.category(n.submission().category()).map(Cycle.Category::name).orElse(n.submission().category()));
        out.put("nominee", n.submission().nominee().name());
        out.put("submittedAt", n.submittedAt().toString());
        ObjectNode m = out.putObject("milestones");
        m.put("nominationsClose", Times.human(cycle.milestones().closesAt(), cycle.zone()));
        m.put("shortlistAnnounced", Times.human(cycle.milestones().shortlistAt(), cycle.zone()));
        m.put("awardsCeremony", Times.human(cycle.milestones().ceremonyAt(), cycle.zone()));
        out.put("next", next(n.status(), cycle, now));
        return out;
    }

    public static String next(Status status, Cycle cycle, Instant now) {
        var m = cycle.milestones();
        return switch (status) {
            case SUBMITTED -> now.isBefore(m.closesAt())
                    ? "Nominations close on " + Times.human(m.closesAt(), cycle.zone()) + "; until then you can withdraw this nomination."
                    : "Nominations have closed; your entry is going to the judges.";
            case CLOSED -> "The judges are considering your entry; the shortlist is announced on " + Times.human(m.shortlistAt(), cycle.zone()) + ".";
            case SHORTLISTED -> "Your entry is shortlisted; the results are announced at the awards ceremony on " + Times.human(m.ceremonyAt(), cycle.zone()) + ".";
            case NOT_SHORTLISTED -> "Your entry was not shortlisted this year. Thank you for taking part.";
            case WINNER, HIGHLY_COMMENDED, FINALIST -> "The awards have been announced.";
            case WITHDRAWN -> "This nomination was withdrawn; nothing more will happen.";
        };
    }

    /** Withdraws a nomination before nominations close and stops its execution. Idempotent. */
    public ObjectNode withdraw(String id, String token, Instant now) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Nomination n = authorised(id, token);
            if (n.status() == Status.SUBMITTED) {
                Cycle cycle = cycles.find(n.cycleId()).orElseThrow(() -> Problem.notFound().exception());
                if (!now.isBefore(cycle.milestones().closesAt())) {
                    throw Problem.conflict("withdrawal-closed", "Too late to withdraw",
                            "Nominations closed on " + Times.human(cycle.milestones().closesAt(), cycle.zone())
                                    + "; a nomination can be withdrawn only before then.").exception();
                }
                if (!nominations.changeStatus(n, Status.WITHDRAWN, now, "nominator")) {
                    continue; // changed under us: read again
                }
            } else if (n.status() != Status.WITHDRAWN) {
                throw Problem.conflict("withdrawal-closed", "Too late to withdraw",
                        "This nomination is " + n.status().name().toLowerCase() + " and can no longer be withdrawn.").exception();
            }
            executions.stop(n, "withdrawn by the nominator");
            ObjectNode out = Json.object();
            out.put("id", n.id());
            out.put("reference", n.reference());
            out.put("status", Status.WITHDRAWN.name());
            return out;
        }
        throw Problem.conflict("busy", "Try again", "the nomination changed while it was being withdrawn").exception();
    }

    /** Starts every nomination stored before {@code olderThan} whose execution has not started. */
    public int startPending(Instant olderThan, int limit) {
        int started = 0;
        for (Nomination n : nominations.pendingStarts(olderThan, limit)) {
            if (n.status() == Status.WITHDRAWN) {
                // Withdrawn before its execution started: nothing to start, and it must not hold a place in every batch.
                nominations.leavePendingStarts(n.id());
                continue;
            }
            executions.start(n);
            nominations.markStarted(n.id());
            started++;
        }
        return started;
    }
}
