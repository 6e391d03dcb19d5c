package awards.cycle;

import static awards.platform.Items.key;
import static awards.platform.Items.n;
import static awards.platform.Items.s;

import awards.platform.Items;
import awards.platform.Json;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Cycle items: {@code pk = CYCLE#id, sk = CYCLE}, the cycle as JSON in {@code doc}, an optimistic
 * {@code version}, and {@code seq}, the counter that numbers the cycle's references; in the index
 * {@code gsi1} under {@code CYCLES}, so the home page can list them.
 */
public final class CycleStore {
    static final String ALL = "CYCLES";
    private final DynamoDbClient dynamo;
    private final String table;

    public CycleStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The cycle item's key: where its counter of reference numbers lives too. */
    public static Map<String, AttributeValue> cycleKey(String cycleId) {
        return key("CYCLE#" + cycleId, "CYCLE");
    }

    public Optional<Cycle> find(String cycleId) {
        return findNumbered(cycleId).map(Numbered::cycle);
    }

    /** A cycle and how many reference numbers it had given out when it was read (its counter, kept in the same item). */
    public record Numbered(Cycle cycle, long sequence) {}

    /** The cycle with its counter, in one consistent read. */
    public Optional<Numbered> findNumbered(String cycleId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(cycleKey(cycleId)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Numbered(fromItem(item), Items.number(item, "seq")));
    }

    /** The cycle a cycle item holds (read by key here, or in a batch with other items). */
    public static Cycle fromItem(Map<String, AttributeValue> item) {
        return CycleJson.read(Json.read(Items.string(item, "doc"))).withVersion(Items.number(item, "version"));
    }

    /**
     * Creates or replaces a cycle if it is still at {@code expectedVersion} (0: absent). Keeps the
     * reference counter. Returns the stored cycle, or empty if someone else changed it first.
     */
    public Optional<Cycle> save(Cycle cycle, long expectedVersion) {
        Cycle stored = cycle.withVersion(expectedVersion + 1);
        try {
            dynamo.updateItem(b -> b.tableName(table).key(cycleKey(cycle.id()))
                    .updateExpression("SET #doc = :doc, #version = :next, #type = :type, gsi1pk = :all, gsi1sk = :id")
                    .conditionExpression(expectedVersion == 0
                            ? "attribute_not_exists(pk)"
                            : "#version = :expected")
                    .expressionAttributeNames(Map.of("#doc", "doc", "#version", "version", "#type", "type"))
                    .expressionAttributeValues(expectedVersion == 0
                            ? Map.of(":doc", s(Json.write(CycleJson.write(stored))), ":next", n(1), ":type", s("cycle"),
                                    ":all", s(ALL), ":id", s(cycle.id()))
                            : Map.of(":doc", s(Json.write(CycleJson.write(stored))), ":next", n(expectedVersion + 1),
                                    ":expected", n(expectedVersion), ":type", s("cycle"), ":all", s(ALL), ":id", s(cycle.id()))));
            return Optional.of(stored);
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    /**
     * Every cycle, from the index every saved cycle is in ({@code gsi1pk = CYCLES}): a cycle saved
     * before the index existed appears once it is saved again.
     */
    public java.util.List<Cycle> all() {
        return allItems().stream().map(item -> CycleJson.read(Json.read(Items.string(item, "doc"))).withVersion(Items.number(item, "version"))).toList();
    }

    /** Every cycle's item as stored, from the same index as {@link #all} (eventually consistent, as an index is). */
    public java.util.List<Map<String, AttributeValue>> allItems() {
        java.util.List<Map<String, AttributeValue>> out = new java.util.ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(table).indexName("gsi1").keyConditionExpression("gsi1pk = :all")
                        .expressionAttributeValues(Map.of(":all", s(ALL))))
                .items().forEach(out::add);
        return out;
    }

    /** How many reference numbers the cycle has given out (its counter, read consistently). */
    public long sequence(String cycleId) {
        var item = dynamo.getItem(b -> b.tableName(table).key(cycleKey(cycleId)).consistentRead(true)
                .projectionExpression("#seq").expressionAttributeNames(Map.of("#seq", "seq"))).item();
        return item == null ? 0 : Items.number(item, "seq");
    }
}
