package awards.notify;

import static awards.platform.Items.key;
import static awards.platform.Items.s;

import awards.cycle.Cycle;
import awards.platform.RetryLater;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.AccountSuspendedException;
import software.amazon.awssdk.services.sesv2.model.BadRequestException;
import software.amazon.awssdk.services.sesv2.model.MailFromDomainNotVerifiedException;
import software.amazon.awssdk.services.sesv2.model.MessageRejectedException;
import software.amazon.awssdk.services.sesv2.model.NotFoundException;
import software.amazon.awssdk.services.sesv2.model.SendingPausedException;

/**
 * Sends each message at most once per (owner, kind, recipient), however often a task is retried: a
 * conditional put of a marker item comes first, the SES call second.
 *
 * <p>What SES answers decides what happens next. Accepted: sent. Throttled or unavailable: the
 * marker is taken back and {@link RetryLater} goes up, so the state machine retries. Refused for
 * good (an address or sender SES will not take, a paused account): the marker records the refusal,
 * the nomination lists the refused kind for the admins, the cycle's admin is told by email, and the
 * workflow goes on, because retrying cannot change SES's answer and a nomination must never stop
 * moving because one email could not go.
 *
 * <p>Nothing is lost to a crash: a message that a state change causes is first recorded as an
 * INTENT in that change's transaction ({@link #intent}); the marker is claimed PENDING before the SES call and set SENT
 * after it. An attempt that finds a PENDING claim older than any function can run takes it over
 * and delivers (the state machine re-runs a task that was in flight, and a replayed submission
 * re-sends its receipt); one that finds a fresh claim waits a little for it to be done
 * ({@link #WAIT_FOR_IN_FLIGHT}), and if it is not, retries later. A message goes twice only if
 * a crash falls between SES accepting it and the SENT write.
 */
public final class Mailer {
    private static final Logger LOG = Logger.getLogger(Mailer.class.getName());
    /** The template of the admins' notice that an email was refused. */
    static final String REFUSED_NOTICE = "EMAIL_REFUSED";
    /** A marker's states: claimed before the SES call, SENT once SES accepted, REFUSED if it never will. */
    static final String PENDING = "PENDING";
    /** Recorded with the change that causes the message, in its transaction: to be sent. */
    static final String INTENT = "INTENT";
    static final String SENT = "SENT";
    /** Longer than any function's timeout (30 s at most; Lambda stops a function at its timeout): a claim older than this is no longer in flight. */
    static final java.time.Duration IN_FLIGHT_AT_MOST = java.time.Duration.ofSeconds(40);

    /** What became of one message. */
    public enum Delivery {
        SENT, SENT_BEFORE, REFUSED;

        public boolean sentNow() {
            return this == SENT;
        }
    }

    private final DynamoDbClient dynamo;
    private final SesV2Client ses;
    private final String table;
    private final EmailTemplates templates = new EmailTemplates();
    private final java.time.Clock clock;
    private final java.time.Duration waitForInFlight;
    /**
     * How long an attempt that finds a message being sent by another waits for it to be done (read
     * again after 25, 50, 100 ms...) before failing its step with {@link awards.platform.StillSending}:
     * the holder is between its claim and one SES call. Every panel of a judge asks for the judge's
     * list email as judging opens; a CycleBenchmark of 1,000 nominations failed 46 steps so, each run
     * again whole 10 s later.
     */
    static final java.time.Duration WAIT_FOR_IN_FLIGHT = java.time.Duration.ofSeconds(2);

    public Mailer(DynamoDbClient dynamo, SesV2Client ses, String table) {
        this(dynamo, ses, table, java.time.Clock.systemUTC());
    }

    /** {@code clock}: real time, for telling an attempt in flight from one that crashed (not the workflow's "now"). */
    public Mailer(DynamoDbClient dynamo, SesV2Client ses, String table, java.time.Clock clock) {
        this(dynamo, ses, table, clock, WAIT_FOR_IN_FLIGHT);
    }

    /** {@code waitForInFlight}: how long to wait for a message another attempt is sending before failing the step (zero: not at all). */
    public Mailer(DynamoDbClient dynamo, SesV2Client ses, String table, java.time.Clock clock, java.time.Duration waitForInFlight) {
        this.dynamo = dynamo;
        this.ses = ses;
        this.table = table;
        this.clock = clock;
        this.waitForInFlight = waitForInFlight;
    }

    /** A message about a nomination, from the cycle's sender. */
    public Delivery send(Cycle cycle, String nominationId, String kind, String to, Map<String, Object> values, Instant now) {
        return send(cycle, "NOM#" + nominationId, nominationId, kind, to, values, now);
    }

    /**
     * A message whose marker goes in {@code owner}'s partition ({@code NOM#id}, or {@code CYCLE#id}
     * for a category's chair); {@code about} is its SES message tag, so it must be a tag value SES
     * accepts: ASCII letters, digits, {@code _} and {@code -}.
     */
    public Delivery send(Cycle cycle, String owner, String about, String kind, String to, Map<String, Object> values, Instant now) {
        return send(cycle, owner, about, kind, to, () -> values, now);
    }

    /**
     * As {@link #send(Cycle, String, String, String, String, Map, Instant)}, with the message's
     * values made only by the attempt that holds the claim, just before SES: a message that
     * carries a new secret (a judging link) makes and stores it only when it is really sent, so a
     * retried or throttled attempt leaves nothing behind.
     */
    public Delivery send(Cycle cycle, String owner, String about, String kind, String to, java.util.function.Supplier<Map<String, Object>> values,
                         Instant now) {
        return sendAs(cycle, owner, about, kind, kind, to, values, now);
    }

    /**
     * As {@link #send(Cycle, String, String, String, String, java.util.function.Supplier, Instant)},
     * for a message sent once per {@code kind} (a kind qualified by what it is about, such as a
     * category, when one person may get it for each) from the template {@code template}.
     */
    public Delivery sendAs(Cycle cycle, String owner, String about, String kind, String template, String to,
                           java.util.function.Supplier<Map<String, Object>> values, Instant now) {
        java.util.concurrent.atomic.AtomicReference<Map<String, Object>> made = new java.util.concurrent.atomic.AtomicReference<>(Map.of());
        Delivery d = deliver(cycle.sender(), owner, about, kind, template, template, to, () -> {
            made.set(values.get());
            return made.get();
        }, now);
        if (d == Delivery.REFUSED && !to.equalsIgnoreCase(cycle.judging().adminEmail())) {
            Map<String, Object> notice = new HashMap<>(Letters.about(cycle));
            notice.put("reference", made.get().getOrDefault("reference", ""));
            notice.put("refusedKind", kind);
            notice.put("recipientRole", role(kind));
            deliver(cycle.sender(), owner, about, "REFUSED-" + kind, "REFUSED-" + template, REFUSED_NOTICE, cycle.judging().adminEmail(), () -> notice, now);
        }
        return d;
    }

    /**
     * Thrown by a message's values when what the message carries shows it arrived already (a
     * judging link that has been used): the claim is recorded as sent, and nothing goes again.
     */
    public static final class AlreadyDelivered extends RuntimeException {
        public AlreadyDelivered(String why) {
            super(why, null, false, false);
        }
    }

    /** Where a message stands: never claimed (or claimed by an attempt that died), being sent, or done (sent or refused). */
    public enum Status { NONE, IN_FLIGHT, DONE }

    public Status status(String owner, String kind, String to) {
        return status(markerKey(owner, kind, to));
    }

    /**
     * The intent to send a message, as a write for the transaction of the change that causes it:
     * once that change is committed, the message is owed, and the step that made the change (run
     * again after a crash, as Step Functions re-runs a failed task) finds the intent and delivers
     * it. A marker already there (claimed, sent or refused) is left as it is.
     */
    public software.amazon.awssdk.services.dynamodb.model.TransactWriteItem intent(String owner, String kind, String to, Instant now) {
        return software.amazon.awssdk.services.dynamodb.model.TransactWriteItem.builder().update(u -> u.tableName(table)
                .key(markerKey(owner, kind, to))
                .updateExpression("SET #s = if_not_exists(#s, :intent), #t = if_not_exists(#t, :type), #k = if_not_exists(#k, :kind), #at = if_not_exists(#at, :at)")
                .expressionAttributeNames(Map.of("#s", "status", "#t", "type", "#k", "kind", "#at", "at"))
                .expressionAttributeValues(Map.of(":intent", s(INTENT), ":type", s("email"), ":kind", s(kind), ":at", s(now.toString()))))
                .build();
    }

    private static Map<String, AttributeValue> markerKey(String owner, String kind, String to) {
        return key(owner, "EMAIL#" + kind + "#" + to.toLowerCase(Locale.ROOT));
    }

    private Status status(Map<String, AttributeValue> markerKey) {
        String known = markerKey.get("pk").s() + "|" + markerKey.get("sk").s();
        if (done.contains(known)) {
            return Status.DONE;
        }
        Status found = read(markerKey);
        if (found == Status.DONE) {
            remember(known);
        }
        return found;
    }

    /**
     * Markers this container has seen done (SENT or REFUSED), asked about again without a read: no
     * write turns a done marker back (each claim is conditional on no marker, an intent or a stale
     * claim). One judge's list email is asked about by every panel they sit on. At most
     * {@link #DONE_REMEMBERED} are kept; past that the set starts again.
     */
    private final java.util.Set<String> done = java.util.concurrent.ConcurrentHashMap.newKeySet();
    static final int DONE_REMEMBERED = 20_000;

    private void remember(String known) {
        if (done.size() >= DONE_REMEMBERED) {
            done.clear();
        }
        done.add(known);
    }

    private Status read(Map<String, AttributeValue> markerKey) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(markerKey).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Status.NONE;
        }
        String status = awards.platform.Items.string(item, "status");
        if (INTENT.equals(status)) {
            return Status.NONE;
        }
        if (!PENDING.equals(status)) {
            return Status.DONE;
        }
        return stale(item) ? Status.NONE : Status.IN_FLIGHT;
    }

    /**
     * Whether the message is done, or must be left to the attempt sending it: a caller that would
     * otherwise send it itself waits for one in flight ({@link #WAIT_FOR_IN_FLIGHT}), then, if it is still
     * in flight, throws {@link awards.platform.StillSending}, so that it is retried
     * once that attempt has either finished or can be known to have died.
     */
    public boolean wasSent(String owner, String kind, String to) {
        return switch (settled(markerKey(owner, kind, to))) {
            case NONE -> false;
            case DONE -> true;
            case IN_FLIGHT -> throw new awards.platform.StillSending(kind + " for " + owner + " is being sent by another attempt");
        };
    }

    /** The message's status, having waited up to {@link #waitForInFlight} for one in flight to be done or given up. */
    private Status settled(Map<String, AttributeValue> markerKey) {
        Status found = status(markerKey);
        if (found != Status.IN_FLIGHT) {
            return found;
        }
        return awards.platform.Patience.await(waitForInFlight, () -> java.util.Optional.of(status(markerKey)).filter(s -> s != Status.IN_FLIGHT))
                .orElse(Status.IN_FLIGHT);
    }

    private boolean stale(Map<String, AttributeValue> item) {
        return awards.platform.Items.number(item, "claimedAt") < clock.millis() - IN_FLIGHT_AT_MOST.toMillis();
    }

    private static String role(String kind) {
        return kind.startsWith("JUDGE") ? "a judge" : kind.startsWith("CHAIR") ? "the category chair" : "the nominator";
    }

    /**
     * {@code markerKind}: what the message is once per (a template qualified by a category or a day,
     * say); {@code tagKind}: the SES {@code kind} tag, the template's name, so that the tag has as few
     * values as there are templates (a dimension in SES's event metrics), what it is about in {@code about}.
     */
    private Delivery deliver(String from, String owner, String about, String markerKind, String tagKind, String template, String to,
                             java.util.function.Supplier<Map<String, Object>> values, Instant now) {
        String attempt = UUID.randomUUID().toString();
        Map<String, AttributeValue> markerKey = markerKey(owner, markerKind, to);
        Map<String, AttributeValue> marker = new HashMap<>(markerKey);
        marker.put("type", s("email"));
        marker.put("kind", s(markerKind));
        marker.put("attempt", s(attempt));
        marker.put("at", s(now.toString()));
        marker.put("status", s(PENDING));
        long claimedAt = clock.millis();
        marker.put("claimedAt", AttributeValue.fromN(Long.toString(claimedAt)));
        for (int claims = 1; ; claims++) {
            try {
                // A new marker, an intent recorded with the change that caused the message, or a claim an
                // attempt left PENDING longer ago than any function runs: that attempt crashed between
                // its claim and SES, and this one delivers for it.
                dynamo.putItem(b -> b.tableName(table).item(marker)
                        .conditionExpression("attribute_not_exists(pk) OR #s = :intent OR (#s = :pending AND claimedAt < :stale)")
                        .expressionAttributeNames(Map.of("#s", "status"))
                        .expressionAttributeValues(Map.of(":pending", s(PENDING), ":intent", s(INTENT),
                                ":stale", AttributeValue.fromN(Long.toString(claimedAt - IN_FLIGHT_AT_MOST.toMillis())))));
                break;
            } catch (ConditionalCheckFailedException e) {
                Status found = settled(markerKey);
                if (found == Status.DONE) {
                    LOG.fine(() -> markerKind + " for " + owner + " was sent before");
                    return Delivery.SENT_BEFORE;
                }
                // IN_FLIGHT: another attempt claimed it and is still sending after the wait; retry once it cannot be.
                // NONE: the claim in the way was taken back since (its attempt failed before SES accepted):
                // nothing was sent, so claim again; never answer "sent before" for a message nobody sent.
                if (found == Status.IN_FLIGHT || claims == 3) {
                    throw new awards.platform.StillSending(markerKind + " for " + owner + " is being sent by another attempt");
                }
            }
        }
        try {
            EmailTemplates.Rendered m = templates.render(template, values.get());
            ses.sendEmail(b -> b.fromEmailAddress(from).destination(d -> d.toAddresses(to))
                    .content(c -> c.simple(msg -> msg.subject(sub -> sub.data(m.subject()).charset("UTF-8"))
                            .body(body -> body.text(t -> t.data(m.text()).charset("UTF-8")).html(h -> h.data(m.html()).charset("UTF-8")))))
                    .emailTags(t -> t.name("kind").value(tagValue(tagKind)), t -> t.name("about").value(tagValue(about))));
            // Recorded as delivered. A crash before this line, after SES accepted, is the one window
            // in which a later attempt sends the message a second time.
            dynamo.updateItem(b -> b.tableName(table).key(markerKey).updateExpression("SET #s = :sent")
                    .conditionExpression("attempt = :a").expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":sent", s(SENT), ":a", s(attempt))));
            return Delivery.SENT;
        } catch (BadRequestException | MessageRejectedException | MailFromDomainNotVerifiedException | NotFoundException
                 | AccountSuspendedException | SendingPausedException e) {
            String code = e.awsErrorDetails() == null ? e.getClass().getSimpleName() : e.awsErrorDetails().errorCode();
            // The reason may name the address: it stays in the item, which holds the address anyway, not in the log.
            LOG.warning(() -> "SES refused " + markerKind + " for " + owner + " (" + code + "); the admins are told");
            dynamo.updateItem(b -> b.tableName(table).key(markerKey).updateExpression("SET #s = :refused, #e = :code, #r = :reason")
                    .conditionExpression("attempt = :a")
                    .expressionAttributeNames(Map.of("#s", "status", "#e", "error", "#r", "reason"))
                    .expressionAttributeValues(Map.of(":refused", s("REFUSED"), ":code", s(code), ":reason", s(String.valueOf(e.awsErrorDetails() == null
                            ? e.getMessage() : e.awsErrorDetails().errorMessage())), ":a", s(attempt))));
            if (owner.startsWith("NOM#")) {
                dynamo.updateItem(b -> b.tableName(table).key(key(owner, "NOM")).updateExpression("ADD emailsRefused :k")
                        .conditionExpression("attribute_exists(pk)")
                        .expressionAttributeValues(Map.of(":k", AttributeValue.fromSs(java.util.List.of(markerKind)))));
            }
            return Delivery.REFUSED;
        } catch (AlreadyDelivered e) {
            LOG.info(() -> markerKind + " for " + owner + " arrived before: " + e.getMessage());
            dynamo.updateItem(b -> b.tableName(table).key(markerKey).updateExpression("SET #s = :sent")
                    .conditionExpression("attempt = :a").expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":sent", s(SENT), ":a", s(attempt))));
            return Delivery.SENT_BEFORE;
        } catch (RuntimeException e) {
            dynamo.deleteItem(b -> b.tableName(table).key(markerKey)
                    .conditionExpression("attempt = :a").expressionAttributeValues(Map.of(":a", s(attempt))));
            throw RetryLater.classify(e);
        }
    }

    /** SES message tag values: ASCII letters, digits, {@code _} and {@code -}, at most 256. */
    static String tagValue(String text) {
        String v = text.replaceAll("[^A-Za-z0-9_-]", "_");
        return v.length() > 256 ? v.substring(0, 256) : v;
    }
}
