package awards.nomination;

import static awards.platform.Items.key;
import static awards.platform.Items.n;
import static awards.platform.Items.s;

import awards.platform.Items;
import awards.platform.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Nomination, audit and idempotency items of the one table.
 *
 * <pre>
 * nomination   pk NOM#id      sk NOM            gsi1 CYCLE#cycle / category#status#reference
 *                                               gsi2 PENDING_START / submittedAt#id  (until its execution starts)
 * audit        pk NOM#id      sk AUDIT#time#event
 * idempotency  pk IDEMP#hash  sk IDEMP          expiresAt (TTL)
 * </pre>
 */
public final class NominationStore {
    public static final String PENDING_START = "PENDING_START";
    private final DynamoDbClient dynamo;
    private final String table;

    public NominationStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** A stored response to replay for a repeated Idempotency-Key. */
    public record Replay(String requestHash, int status, String body, String nominationId) {}

    public sealed interface Created {}
    public record Stored() implements Created {}
    public record KeyTaken(Replay earlier) implements Created {}
    /**
     * Another nomination took the number first; {@code seen}: the counter as the failed condition found
     * it (DynamoDB returns the item with the cancellation reason), or null if unknown (a transaction conflict).
     */
    public record NumberTaken(Long seen) implements Created {}
    /** The receipt address has had its hour's receipts: nothing was written. */
    public record QuotaExceeded() implements Created {}

    /**
     * At most {@code perHour} receipts to one address in one clock hour ({@code hour}, e.g.
     * {@code 2027-04-15T09}): a counter kept under the address's hash, expiring after the hour.
     */
    public record ReceiptQuota(String addressHash, String hour, int perHour, Instant expiresAt) {}

    public static Map<String, AttributeValue> nominationKey(String id) {
        return key("NOM#" + id, "NOM");
    }

    private static Map<String, AttributeValue> idempotencyKey(String keyHash) {
        return key("IDEMP#" + keyHash, "IDEMP");
    }

    /**
     * Writes the nomination, its first audit event, its reference number and (if given) its
     * idempotency record in one transaction: all or none. The cycle's counter moves from
     * {@code numbersTaken} to the nomination's number only if no one moved it since it was read.
     * If the idempotency key is already taken, nothing is written and the earlier record is
     * returned; if the number was taken, nothing is written either.
     */
    public Created create(Nomination nomination, long numbersTaken, String keyHash, Replay replay, Instant replayExpiresAt) {
        return create(nomination, numbersTaken, keyHash, replay, replayExpiresAt, null);
    }

    /** As above, and (unless {@code quota} is null) counting the receipt against its address's hour, in the same transaction. */
    public Created create(Nomination nomination, long numbersTaken, String keyHash, Replay replay, Instant replayExpiresAt, ReceiptQuota quota) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().update(u -> u.tableName(table).key(awards.cycle.CycleStore.cycleKey(nomination.cycleId()))
                .updateExpression("SET #seq = :next")
                .conditionExpression(numbersTaken == 0 ? "attribute_exists(pk) AND attribute_not_exists(#seq)" : "#seq = :taken")
                // A lost race says what the counter is now, so the next attempt needs no read of it
                // (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CancellationReason.html).
                .returnValuesOnConditionCheckFailure(software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .expressionAttributeNames(Map.of("#seq", "seq"))
                .expressionAttributeValues(numbersTaken == 0 ? Map.of(":next", n(1))
                        : Map.of(":next", n(numbersTaken + 1), ":taken", n(numbersTaken)))).build());
        writes.add(put(nominationItem(nomination), "attribute_not_exists(pk)"));
        writes.add(put(auditItem(nomination.id(), nomination.submittedAt(), "SUBMITTED", "nominator"), "attribute_not_exists(pk)"));
        if (keyHash != null) {
            Map<String, AttributeValue> item = new HashMap<>(idempotencyKey(keyHash));
            item.put("type", s("idempotency"));
            item.put("requestHash", s(replay.requestHash()));
            item.put("status", n(replay.status()));
            item.put("response", s(replay.body()));
            item.put("nominationId", s(replay.nominationId()));
            item.put("expiresAt", n(replayExpiresAt.getEpochSecond()));
            writes.add(put(item, "attribute_not_exists(pk)"));
        }
        int quotaAt = -1;
        if (quota != null) {
            quotaAt = writes.size();
            writes.add(TransactWriteItem.builder().update(u -> u.tableName(table).key(key("QUOTA#RECEIPT#" + quota.addressHash(), quota.hour()))
                    .updateExpression("ADD #n :one SET #t = :type, expiresAt = :exp")
                    .conditionExpression("attribute_not_exists(#n) OR #n < :limit")
                    .expressionAttributeNames(Map.of("#n", "receipts", "#t", "type"))
                    .expressionAttributeValues(Map.of(":one", n(1), ":limit", n(quota.perHour()), ":type", s("quota"),
                            ":exp", n(quota.expiresAt().getEpochSecond())))).build());
        }
        try {
            dynamo.transactWriteItems(b -> b.transactItems(writes));
            return new Stored();
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            boolean keyTaken = keyHash != null && reasons.size() > 3 && "ConditionalCheckFailed".equals(reasons.get(3).code());
            if (keyTaken) {
                Replay earlier = findReplay(keyHash).orElseThrow(() -> e);
                return new KeyTaken(earlier);
            }
            if (quotaAt >= 0 && reasons.size() > quotaAt && "ConditionalCheckFailed".equals(reasons.get(quotaAt).code())) {
                return new QuotaExceeded();
            }
            if (!reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.get(0).code())
                    || reasons.stream().anyMatch(r -> "TransactionConflict".equals(r.code()))) {
                Map<String, AttributeValue> counter = reasons.isEmpty() ? null : reasons.get(0).item();
                return new NumberTaken(counter != null && counter.containsKey("seq") ? Long.valueOf(counter.get("seq").n()) : null);
            }
            throw e;
        }
    }

    public Optional<Replay> findReplay(String keyHash) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(idempotencyKey(keyHash)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Replay(Items.string(item, "requestHash"), (int) Items.number(item, "status"),
                Items.string(item, "response"), Items.string(item, "nominationId")));
    }

    /** Only the hash of a nomination's status token: a small read whatever the nomination holds. */
    public Optional<String> tokenHash(String id) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(nominationKey(id)).consistentRead(true)
                .projectionExpression("tokenHash")).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.ofNullable(Items.string(item, "tokenHash"));
    }

    public Optional<Nomination> find(String id) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(nominationKey(id)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** Nominations by id (absent: no such nomination), read in batches of 100. */
    public Map<String, Nomination> findAll(List<String> ids) {
        Map<String, Nomination> out = new java.util.HashMap<>();
        awards.platform.Items.batchGet(dynamo, table, ids.stream().map(NominationStore::nominationKey).toList(), null)
                .forEach(item -> {
                    Nomination n = fromItem(item);
                    out.put(n.id(), n);
                });
        return out;
    }

    /** Records that the execution started; the nomination leaves the pending-start index. */
    public void markStarted(String id) {
        dynamo.updateItem(b -> b.tableName(table).key(nominationKey(id))
                .updateExpression("SET executionStarted = :true REMOVE gsi2pk, gsi2sk")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true))));
    }

    /**
     * Moves a nomination to {@code next} if it is still at the version and status read. Returns
     * false when another writer got there first. See {@link #changeStatus(Nomination, Status, Instant, String, List)}.
     */
    public boolean changeStatus(Nomination current, Status next, Instant at, String actor) {
        return changeStatus(current, next, at, actor, List.of());
    }

    /**
     * Moves a nomination to {@code next} if it is still at the version and status read, with its
     * audit event and {@code alsoWrite} (the email the move causes, recorded as an intent) in the
     * same transaction. Returns false when another writer got there first.
     *
     * <p>The pending-start index is left only when nothing is left to start: a move made by the
     * nomination's own execution ({@code actor} "lifecycle") shows the execution exists, so it is
     * also recorded as started; a withdrawal needs no execution. Any other move keeps the
     * nomination in the index, so the sweeper still starts an execution that never started.
     */
    public boolean changeStatus(Nomination current, Status next, Instant at, String actor, List<TransactWriteItem> alsoWrite) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":next", s(next.name()));
        values.put(":expected", n(current.version()));
        values.put(":version", n(current.version() + 1));
        values.put(":gsi1sk", s(gsi1sk(current.submission().category(), next, current.reference())));
        String expression = "SET #status = :next, #version = :version, gsi1sk = :gsi1sk";
        if (LIFECYCLE.equals(actor)) {
            expression += ", executionStarted = :true REMOVE gsi2pk, gsi2sk";
            values.put(":true", AttributeValue.fromBool(true));
        } else if (next == Status.WITHDRAWN) {
            expression += " REMOVE gsi2pk, gsi2sk";
        }
        var update = software.amazon.awssdk.services.dynamodb.model.Update.builder().tableName(table)
                .key(nominationKey(current.id()))
                .updateExpression(expression)
                .conditionExpression("#version = :expected")
                .expressionAttributeNames(Map.of("#status", "status", "#version", "version"))
                .expressionAttributeValues(values)
                .build();
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().update(update).build());
        writes.add(put(auditItem(current.id(), at, next.name(), actor), "attribute_not_exists(pk)"));
        writes.addAll(alsoWrite);
        try {
            dynamo.transactWriteItems(b -> b.transactItems(writes));
            return true;
        } catch (TransactionCanceledException e) {
            if (e.cancellationReasons().stream().anyMatch(r -> "ConditionalCheckFailed".equals(r.code()))) {
                return false;
            }
            throw e;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** The actor of status moves made by the nomination's own execution. */
    public static final String LIFECYCLE = "lifecycle";

    /** Takes a nomination out of the pending-start index: nothing is left to start for it. */
    public void leavePendingStarts(String id) {
        dynamo.updateItem(b -> b.tableName(table).key(nominationKey(id))
                .updateExpression("REMOVE gsi2pk, gsi2sk")
                .conditionExpression("attribute_exists(pk)"));
    }

    /** Nominations stored before {@code before} whose execution has not been seen to start. */
    public List<Nomination> pendingStarts(Instant before, int limit) {
        QueryResponse page = dynamo.query(b -> b.tableName(table).indexName("gsi2")
                .keyConditionExpression("gsi2pk = :p AND gsi2sk < :before")
                .expressionAttributeValues(Map.of(":p", s(PENDING_START), ":before", s(before.toString())))
                .limit(limit));
        List<Nomination> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : page.items()) {
            // The index projects keys only: read the item itself, consistently.
            find(Items.string(item, "pk").substring("NOM#".length())).ifPresent(out::add);
        }
        return out;
    }

    /** One page of a cycle's nominations, optionally of one category and one status. */
    public record Page(List<Nomination> items, Map<String, AttributeValue> next) {}

    public Page list(String cycleId, String category, Status status, int limit, Map<String, AttributeValue> start) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":cycle", s("CYCLE#" + cycleId));
        String condition = "gsi1pk = :cycle";
        String filter = null;
        if (category != null) {
            values.put(":prefix", s(category + "#" + (status == null ? "" : status.name() + "#")));
            condition += " AND begins_with(gsi1sk, :prefix)";
        } else if (status != null) {
            values.put(":status", s(status.name()));
            filter = "#status = :status";
        }
        QueryRequest.Builder query = QueryRequest.builder().tableName(table).indexName("gsi1")
                .keyConditionExpression(condition).expressionAttributeValues(values).limit(limit);
        if (filter != null) {
            query.filterExpression(filter).expressionAttributeNames(Map.of("#status", "status"));
        }
        if (start != null && !start.isEmpty()) {
            query.exclusiveStartKey(start);
        }
        QueryResponse page = dynamo.query(query.build());
        return new Page(page.items().stream().map(NominationStore::fromItem).toList(),
                page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : Map.of());
    }

    /**
     * Replaces a nomination's submission, if it is still at the version read and still
     * {@code SUBMITTED}, with an audit event naming the fields that changed (names only: the
     * audit trail holds no personal data), in one transaction. False when another writer got there first.
     */
    public boolean correct(Nomination current, Submission next, Instant at, List<String> changedFields) {
        var update = software.amazon.awssdk.services.dynamodb.model.Update.builder().tableName(table)
                .key(nominationKey(current.id()))
                .updateExpression("SET #doc = :doc, #version = :version")
                .conditionExpression("#version = :expected AND #status = :submitted")
                .expressionAttributeNames(Map.of("#doc", "doc", "#version", "version", "#status", "status"))
                .expressionAttributeValues(Map.of(":doc", s(Json.write(next)), ":version", n(current.version() + 1),
                        ":expected", n(current.version()), ":submitted", s(Status.SUBMITTED.name())))
                .build();
        Map<String, AttributeValue> audit = auditItem(current.id(), at, "CORRECTED", "nominator");
        audit.put("fields", AttributeValue.fromSs(changedFields));
        try {
            dynamo.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder().update(update).build(),
                    put(audit, "attribute_not_exists(pk)")));
            return true;
        } catch (TransactionCanceledException e) {
            if (e.cancellationReasons().stream().anyMatch(r -> "ConditionalCheckFailed".equals(r.code()))) {
                return false;
            }
            throw e;
        }
    }

    private TransactWriteItem put(Map<String, AttributeValue> item, String condition) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).conditionExpression(condition).build()).build();
    }

    private static String gsi1sk(String category, Status status, String reference) {
        return category + "#" + status.name() + "#" + reference;
    }

    static Map<String, AttributeValue> nominationItem(Nomination n) {
        Map<String, AttributeValue> item = new HashMap<>(nominationKey(n.id()));
        item.put("type", s("nomination"));
        item.put("reference", s(n.reference()));
        item.put("cycleId", s(n.cycleId()));
        item.put("category", s(n.submission().category()));
        item.put("status", s(n.status().name()));
        item.put("doc", s(Json.write(n.submission())));
        item.put("submittedAt", s(n.submittedAt().toString()));
        item.put("tokenHash", s(n.tokenHash()));
        item.put("executionName", s(n.executionName()));
        item.put("executionInput", s(n.executionInput()));
        item.put("executionStarted", AttributeValue.fromBool(n.executionStarted()));
        item.put("version", n(n.version()));
        item.put("gsi1pk", s("CYCLE#" + n.cycleId()));
        item.put("gsi1sk", s(gsi1sk(n.submission().category(), n.status(), n.reference())));
        if (!n.executionStarted()) {
            item.put("gsi2pk", s(PENDING_START));
            item.put("gsi2sk", s(n.submittedAt() + "#" + n.id()));
        }
        return item;
    }

    /** The nomination a nomination item holds (read by key here, or in a batch with other items). */
    public static Nomination fromItem(Map<String, AttributeValue> item) {
        AttributeValue started = item.get("executionStarted");
        return new Nomination(
                Items.string(item, "pk").substring("NOM#".length()),
                Items.string(item, "reference"),
                Json.read(Items.string(item, "doc"), Submission.class),
                Status.valueOf(Items.string(item, "status")),
                Instant.parse(Items.string(item, "submittedAt")),
                Items.string(item, "tokenHash"),
                Items.string(item, "executionName"),
                Items.string(item, "executionInput"),
                started != null && Boolean.TRUE.equals(started.bool()),
                Items.number(item, "version"),
                item.containsKey("emailsRefused") ? item.get("emailsRefused").ss().stream().sorted().toList() : List.of());
    }

    private static Map<String, AttributeValue> auditItem(String id, Instant at, String event, String actor) {
        Map<String, AttributeValue> item = new HashMap<>(key("NOM#" + id, "AUDIT#" + at + "#" + event));
        item.put("type", s("audit"));
        item.put("event", s(event));
        item.put("at", s(at.toString()));
        item.put("actor", s(actor));
        return item;
    }
}
