package awards.platform;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Small constructors and readers for DynamoDB attribute values. */
public final class Items {
    private Items() {}

    public static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    public static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    public static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", s(pk), "sk", s(sk));
    }

    public static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    public static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }

    /**
     * Items by key (each once: BatchGetItem refuses a repeated key), 100 to a request, read
     * consistently, with only {@code projection} (or whole, if null); keys it leaves unprocessed
     * (throttling) are asked for again after a growing pause.
     */
    public static java.util.List<Map<String, AttributeValue>> batchGet(software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo, String table,
                                                                       java.util.List<Map<String, AttributeValue>> allKeys, String projection) {
        java.util.List<Map<String, AttributeValue>> keys = allKeys.stream().distinct().toList();
        java.util.List<Map<String, AttributeValue>> out = new java.util.ArrayList<>();
        for (int from = 0; from < keys.size(); from += 100) {
            Map<String, software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes> ask = Map.of(table,
                    software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes.builder()
                            .keys(keys.subList(from, Math.min(keys.size(), from + 100))).consistentRead(true).projectionExpression(projection).build());
            for (int attempt = 0; !ask.isEmpty(); attempt++) {
                if (attempt > 0) {
                    try {
                        Thread.sleep(Math.min(1000, 25L << Math.min(attempt, 6)));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while reading items", e);
                    }
                }
                var asking = ask;
                var r = dynamo.batchGetItem(b -> b.requestItems(asking));
                out.addAll(r.responses().getOrDefault(table, java.util.List.of()));
                ask = r.unprocessedKeys();
            }
        }
        return out;
    }
}
