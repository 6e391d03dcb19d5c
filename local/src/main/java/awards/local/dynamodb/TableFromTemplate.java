package awards.local.dynamodb;

import awards.local.template.SamTemplate;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;

/** Creates the template's table (keys, indexes, TTL) in a DynamoDB endpoint, so the two never drift. */
public final class TableFromTemplate {
    private TableFromTemplate() {}

    public static CreateTableRequest request(SamTemplate template, String tableName) {
        JsonNode p = template.single("AWS::DynamoDB::Table").getValue().path("Properties");
        List<AttributeDefinition> attributes = new ArrayList<>();
        p.path("AttributeDefinitions").forEach(a -> attributes.add(AttributeDefinition.builder()
                .attributeName(a.path("AttributeName").asText()).attributeType(a.path("AttributeType").asText()).build()));
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        p.path("GlobalSecondaryIndexes").forEach(g -> {
            Projection.Builder projection = Projection.builder().projectionType(g.path("Projection").path("ProjectionType").asText("ALL"));
            if (g.path("Projection").has("NonKeyAttributes")) {
                List<String> extra = new ArrayList<>();
                g.path("Projection").path("NonKeyAttributes").forEach(n -> extra.add(n.asText()));
                projection.nonKeyAttributes(extra);
            }
            indexes.add(GlobalSecondaryIndex.builder().indexName(g.path("IndexName").asText())
                    .keySchema(keys(g.path("KeySchema"))).projection(projection.build()).build());
        });
        CreateTableRequest.Builder b = CreateTableRequest.builder().tableName(tableName)
                .attributeDefinitions(attributes).keySchema(keys(p.path("KeySchema")))
                .billingMode(BillingMode.PAY_PER_REQUEST);
        if (!indexes.isEmpty()) {
            b.globalSecondaryIndexes(indexes);
        }
        return b.build();
    }

    private static List<KeySchemaElement> keys(JsonNode schema) {
        List<KeySchemaElement> out = new ArrayList<>();
        schema.forEach(k -> out.add(KeySchemaElement.builder().attributeName(k.path("AttributeName").asText()).keyType(k.path("KeyType").asText()).build()));
        return out;
    }

    /** Creates the table (and its TTL) unless it exists; returns true if it created it. */
    public static boolean ensure(DynamoDbClient dynamo, SamTemplate template, String tableName) {
        try {
            dynamo.createTable(request(template, tableName));
        } catch (ResourceInUseException e) {
            return false;
        }
        JsonNode ttl = template.single("AWS::DynamoDB::Table").getValue().path("Properties").path("TimeToLiveSpecification");
        if (ttl.path("Enabled").asBoolean(false)) {
            dynamo.updateTimeToLive(b -> b.tableName(tableName).timeToLiveSpecification(t -> t.enabled(true).attributeName(ttl.path("AttributeName").asText())));
        }
        return true;
    }
}
