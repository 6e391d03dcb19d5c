package awards.judging;

import static awards.platform.Items.key;
import static awards.platform.Items.n;
import static awards.platform.Items.s;

import awards.platform.Items;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The judging items of the table. Task tokens live here and nowhere else.
 *
 * <pre>
 * panel        pk NOM#id          sk PANEL              judges, majority, token, outcome, votesFor, votesAgainst
 * vote         pk NOM#id          sk VOTE#email         decision, comment, at
 * link         pk LINK#linkId     sk LINK               secretHash, kind, nominationId | cycleId+category, who, expiresAt (TTL), status, decision
 * chair        pk CYCLE#cycleId   sk CHAIR#category     linkId, winner, highlyCommended, decidedAt
 * awaiting     pk CYCLE#cycleId   sk AWAIT#category#id  token
 * judge load   pk CYCLE#cycleId   sk LOAD#category#email count
 * </pre>
 */
public final class JudgingStore {
    public static final String PENDING = "PENDING";
    private final DynamoDbClient dynamo;
    private final String table;

    public JudgingStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public record Panel(String nominationId, List<String> judges, int majority, String token, String outcome, int votesFor, int votesAgainst) {
        public boolean decided() {
            return !PENDING.equals(outcome);
        }
    }

    public record Link(String id, String secretHash, String kind, String nominationId, String cycleId, String category, String who,
                       String whoName, long expiresAt, String status, String decision, String decidedAt) {}

    // ---- panel ----------------------------------------------------------------------------------

    /** Creates the panel unless it exists; either way stores the newest task token while undecided. */
    public Panel openPanel(String nominationId, List<String> judges, int majority, String token) {
        Map<String, AttributeValue> item = new HashMap<>(key("NOM#" + nominationId, "PANEL"));
        item.put("type", s("panel"));
        item.put("judges", AttributeValue.fromL(judges.stream().map(AttributeValue::fromS).toList()));
        item.put("majority", n(majority));
        item.put("token", s(token));
        item.put("outcome", s(PENDING));
        item.put("votesFor", n(0));
        item.put("votesAgainst", n(0));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
        } catch (ConditionalCheckFailedException exists) {
            try {
                dynamo.updateItem(b -> b.tableName(table).key(key("NOM#" + nominationId, "PANEL")).updateExpression("SET #t = :t")
                        .conditionExpression("outcome = :p").expressionAttributeNames(Map.of("#t", "token"))
                        .expressionAttributeValues(Map.of(":t", s(token), ":p", s(PENDING))));
            } catch (ConditionalCheckFailedException decided) {
                // Already decided: the caller completes the task with the recorded outcome.
            }
        }
        return panel(nominationId).orElseThrow();
    }

    public Optional<Panel> panel(String nominationId) {
        var item = dynamo.getItem(b -> b.tableName(table).key(key("NOM#" + nominationId, "PANEL")).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        List<String> judges = item.get("judges").l().stream().map(AttributeValue::s).toList();
        return Optional.of(new Panel(nominationId, judges, (int) Items.number(item, "majority"), Items.string(item, "token"),
                Items.string(item, "outcome"), (int) Items.number(item, "votesFor"), (int) Items.number(item, "votesAgainst")));
    }

    /** Counts one vote and returns the counts after it. */
    public Panel count(String nominationId, boolean shortlist) {
        String field = shortlist ? "votesFor" : "votesAgainst";
        var after = dynamo.updateItem(b -> b.tableName(table).key(key("NOM#" + nominationId, "PANEL"))
                .updateExpression("ADD " + field + " :one").expressionAttributeValues(Map.of(":one", n(1)))
                .conditionExpression("attribute_exists(pk)").returnValues(ReturnValue.ALL_NEW)).attributes();
        return new Panel(nominationId, after.get("judges").l().stream().map(AttributeValue::s).toList(), (int) Items.number(after, "majority"),
                Items.string(after, "token"), Items.string(after, "outcome"), (int) Items.number(after, "votesFor"), (int) Items.number(after, "votesAgainst"));
    }

    /** Records the panel's outcome once; returns false if it had one already. */
    public boolean decide(String nominationId, String outcome) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key("NOM#" + nominationId, "PANEL")).updateExpression("SET outcome = :o")
                    .conditionExpression("outcome = :p").expressionAttributeValues(Map.of(":o", s(outcome), ":p", s(PENDING))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Records a judge's vote once; returns false if this judge had voted. */
    public boolean vote(String nominationId, String judge, String decision, String comment, Instant at) {
        Map<String, AttributeValue> item = new HashMap<>(key("NOM#" + nominationId, "VOTE#" + judge));
        item.put("type", s("vote"));
        item.put("decision", s(decision));
        item.put("comment", s(comment == null ? "" : comment));
        item.put("at", s(at.toString()));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Judges who have voted on a nomination, with their decisions. */
    public Map<String, String> votes(String nominationId) {
        Map<String, String> out = new HashMap<>();
        dynamo.queryPaginator(b -> b.tableName(table).keyConditionExpression("pk = :pk AND begins_with(sk, :v)")
                .expressionAttributeValues(Map.of(":pk", s("NOM#" + nominationId), ":v", s("VOTE#"))).consistentRead(true))
                .items().forEach(i -> out.put(Items.string(i, "sk").substring(5), Items.string(i, "decision")));
        return out;
    }

    // ---- judge load -----------------------------------------------------------------------------

    public long load(String cycleId, String category, String judge) {
        var item = dynamo.getItem(b -> b.tableName(table).key(key("CYCLE#" + cycleId, "LOAD#" + category + "#" + judge))).item();
        return item == null || item.isEmpty() ? 0 : Items.number(item, "count");
    }

    public void addLoad(String cycleId, String category, String judge) {
        dynamo.updateItem(b -> b.tableName(table).key(key("CYCLE#" + cycleId, "LOAD#" + category + "#" + judge))
                .updateExpression("ADD #c :one SET #t = :type").expressionAttributeNames(Map.of("#c", "count", "#t", "type"))
                .expressionAttributeValues(Map.of(":one", n(1), ":type", s("load"))));
    }

    // ---- links ----------------------------------------------------------------------------------

    public void putLink(Link l) {
        Map<String, AttributeValue> item = new HashMap<>(key("LINK#" + l.id(), "LINK"));
        item.put("type", s("link"));
        item.put("secretHash", s(l.secretHash()));
        item.put("kind", s(l.kind()));
        item.put("cycleId", s(l.cycleId()));
        item.put("category", s(l.category()));
        if (l.nominationId() != null) {
            item.put("nominationId", s(l.nominationId()));
        }
        item.put("who", s(l.who()));
        item.put("whoName", s(l.whoName()));
        item.put("expiresAt", n(l.expiresAt()));
        item.put("status", s("OPEN"));
        dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
    }

    public Optional<Link> link(String id) {
        var i = dynamo.getItem(b -> b.tableName(table).key(key("LINK#" + id, "LINK")).consistentRead(true)).item();
        if (i == null || i.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Link(id, Items.string(i, "secretHash"), Items.string(i, "kind"), Items.string(i, "nominationId"),
                Items.string(i, "cycleId"), Items.string(i, "category"), Items.string(i, "who"), Items.string(i, "whoName"),
                Items.number(i, "expiresAt"), Items.string(i, "status"), Items.string(i, "decision"), Items.string(i, "decidedAt")));
    }

    /** Uses a link once: OPEN becomes USED with its decision; false if it had been used. */
    public boolean useLink(String id, String decision, Instant at) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key("LINK#" + id, "LINK"))
                    .updateExpression("SET #s = :used, decision = :d, decidedAt = :at").conditionExpression("#s = :open")
                    .expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":used", s("USED"), ":open", s("OPEN"), ":d", s(decision), ":at", s(at.toString()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    // ---- chair and awards -------------------------------------------------------------------------

    public record Chair(String cycleId, String category, String linkId, String winner, List<String> highlyCommended) {
        public boolean decided() {
            return winner != null;
        }

        public String awardOf(String nominationId) {
            if (nominationId.equals(winner)) {
                return "WINNER";
            }
            return highlyCommended.contains(nominationId) ? "HIGHLY_COMMENDED" : "FINALIST";
        }
    }

    /** Claims the category's chair item; true for the one caller who created it. */
    public boolean claimChair(String cycleId, String category, String linkId) {
        Map<String, AttributeValue> item = new HashMap<>(key("CYCLE#" + cycleId, "CHAIR#" + category));
        item.put("type", s("chair"));
        item.put("linkId", s(linkId));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    public Optional<Chair> chair(String cycleId, String category) {
        var i = dynamo.getItem(b -> b.tableName(table).key(key("CYCLE#" + cycleId, "CHAIR#" + category)).consistentRead(true)).item();
        if (i == null || i.isEmpty()) {
            return Optional.empty();
        }
        List<String> hc = i.containsKey("highlyCommended") ? i.get("highlyCommended").l().stream().map(AttributeValue::s).toList() : List.of();
        return Optional.of(new Chair(cycleId, category, Items.string(i, "linkId"), Items.string(i, "winner"), hc));
    }

    /** Records the chair's choice once; false if the category had been decided. */
    public boolean decideAwards(String cycleId, String category, String winner, List<String> highlyCommended, Instant at) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key("CYCLE#" + cycleId, "CHAIR#" + category))
                    .updateExpression("SET winner = :w, highlyCommended = :hc, decidedAt = :at").conditionExpression("attribute_not_exists(winner)")
                    .expressionAttributeValues(Map.of(":w", s(winner), ":hc", AttributeValue.fromL(highlyCommended.stream().map(AttributeValue::fromS).toList()),
                            ":at", s(at.toString()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    public void awaitAward(String cycleId, String category, String nominationId, String token) {
        Map<String, AttributeValue> item = new HashMap<>(key("CYCLE#" + cycleId, "AWAIT#" + category + "#" + nominationId));
        item.put("type", s("awaiting"));
        item.put("token", s(token));
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    /** The task tokens of a category's shortlisted executions waiting for the chair, by nomination. */
    public Map<String, String> awaiting(String cycleId, String category) {
        Map<String, String> out = new HashMap<>();
        dynamo.queryPaginator(b -> b.tableName(table).keyConditionExpression("pk = :pk AND begins_with(sk, :a)")
                .expressionAttributeValues(Map.of(":pk", s("CYCLE#" + cycleId), ":a", s("AWAIT#" + category + "#"))).consistentRead(true))
                .items().forEach(i -> out.put(Items.string(i, "sk").substring(("AWAIT#" + category + "#").length()), Items.string(i, "token")));
        return out;
    }

    public List<String> shortlistedIn(List<String> nominationIds) {
        List<String> out = new ArrayList<>();
        for (String id : nominationIds) {
            panel(id).filter(p -> "SHORTLISTED".equals(p.outcome())).ifPresent(p -> out.add(id));
        }
        return out;
    }
}
