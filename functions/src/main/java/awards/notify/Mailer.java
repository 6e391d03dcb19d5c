package awards.notify;

import static awards.platform.Items.key;
import static awards.platform.Items.s;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * Sends each message at most once per (nomination, kind, recipient), however often a task is
 * retried: a conditional put of a marker item comes first, the SES call second. If SES refuses the
 * call the marker is taken back and the error goes up, so Step Functions retries; a crash between
 * the two loses that one email rather than sending it twice.
 */
public final class Mailer {
    private static final Logger LOG = Logger.getLogger(Mailer.class.getName());
    private final DynamoDbClient dynamo;
    private final SesV2Client ses;
    private final String table;
    private final EmailTemplates templates = new EmailTemplates();

    public Mailer(DynamoDbClient dynamo, SesV2Client ses, String table) {
        this.dynamo = dynamo;
        this.ses = ses;
        this.table = table;
    }

    /** Sends a message about a nomination; true if sent now, false if it had been sent before. */
    public boolean send(String nominationId, String kind, String from, String to, Map<String, Object> values, Instant now) {
        return send("NOM#" + nominationId, nominationId, kind, from, to, values, now);
    }

    /**
     * Sends a message once per (owner, kind, recipient); {@code owner} is the partition its marker
     * goes in ({@code NOM#id}, or {@code CYCLE#id} for a category's chair).
     */
    public boolean send(String owner, String tag, String kind, String from, String to, Map<String, Object> values, Instant now) {
        String attempt = UUID.randomUUID().toString();
        Map<String, AttributeValue> marker = new HashMap<>(key(owner, "EMAIL#" + kind + "#" + to.toLowerCase()));
        marker.put("type", s("email"));
        marker.put("kind", s(kind));
        marker.put("attempt", s(attempt));
        marker.put("at", s(now.toString()));
        try {
            dynamo.putItem(b -> b.tableName(table).item(marker).conditionExpression("attribute_not_exists(pk)"));
        } catch (ConditionalCheckFailedException e) {
            LOG.fine(() -> kind + " for " + owner + " was sent before");
            return false;
        }
        EmailTemplates.Rendered m = templates.render(kind, values);
        try {
            ses.sendEmail(b -> b.fromEmailAddress(from).destination(d -> d.toAddresses(to))
                    .content(c -> c.simple(msg -> msg.subject(sub -> sub.data(m.subject()).charset("UTF-8"))
                            .body(body -> body.text(t -> t.data(m.text()).charset("UTF-8")).html(h -> h.data(m.html()).charset("UTF-8")))))
                    .emailTags(t -> t.name("kind").value(kind), t -> t.name("about").value(tag)));
            return true;
        } catch (RuntimeException e) {
            dynamo.deleteItem(b -> b.tableName(table).key(key(owner, "EMAIL#" + kind + "#" + to.toLowerCase()))
                    .conditionExpression("attempt = :a").expressionAttributeValues(Map.of(":a", s(attempt))));
            throw e;
        }
    }
}
