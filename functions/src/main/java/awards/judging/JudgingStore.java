package awards.judging;

import static awards.platform.Items.key;
import static awards.platform.Items.n;
import static awards.platform.Items.s;

import awards.cycle.Cycle;
import awards.platform.Items;
import awards.platform.Secrets;
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
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The judging items of the table. Task tokens live here and nowhere else.
 *
 * <pre>
 * panel        pk NOM#id          sk PANEL              judges, majority, token, outcome, votesFor, votesAgainst, voters (judge keys of who
 *                                                        voted or scored), scores (scored categories: judge key to weighted mean),
 *                                                        conflicts (judge keys of who declared one; they are no longer in judges)
 * vote         pk NOM#id          sk VOTE#email         decision, comment, at
 * score        pk NOM#id          sk SCORE#email        values (criterion name to score), weighted, comment, judgeName, at
 * conflict     pk NOM#id          sk CONFLICT#judgeKey  who, judgeName, reason, replacedBy (judge key, or absent), at
 * shortlist    pk CYCLE#cycleId   sk SHORTLIST#category entries, by (CHAIR | DEFAULT), ties, at; or status COMPUTING while the default is worked out
 * link         pk LINK#linkId     sk LINK               secretHash, kind, nominationId | cycleId+category, who, expiresAt (TTL), status, decision
 * chair        pk CYCLE#cycleId   sk CHAIR#category     linkId, winner, highlyCommended, decidedAt
 * awaiting     pk CYCLE#cycleId   sk AWAIT#category#id  token
 * judge loads  pk CYCLE#cycleId   sk LOADS#category     J + judgeKey: how many seats the judge was given (one item a category)
 * assignment   pk CYCLE#cycleId   sk ASSIGN#judgeKey#id (judgeKey: a hash of the judge's address, so a key holds no address)
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

    /** {@code scored}: the panel keeps judges' weighted means; {@code conflicts}: judge keys of those who declared one. */
    public record Panel(String nominationId, List<String> judges, int majority, String token, String outcome, int votesFor, int votesAgainst,
                        boolean scored, java.util.Set<String> conflicts) {
        public boolean decided() {
            return !PENDING.equals(outcome);
        }
    }

    public record Link(String id, String secretHash, String kind, String nominationId, String cycleId, String category, String who,
                       String whoName, long expiresAt, String status, String decision, String decidedAt) {}

    // ---- panel ----------------------------------------------------------------------------------

    /** Creates the panel unless it exists; either way stores the newest task token while undecided. */
    public Panel openPanel(String nominationId, List<String> judges, int majority, String token) {
        return openPanel(nominationId, judges, majority, token, false);
    }

    /** As {@link #openPanel(String, List, int, String)}; a {@code scored} panel keeps each judge's weighted mean. */
    public Panel openPanel(String nominationId, List<String> judges, int majority, String token, boolean scored) {
        Map<String, AttributeValue> item = new HashMap<>(key("NOM#" + nominationId, "PANEL"));
        if (scored) {
            item.put("scores", AttributeValue.fromM(Map.of()));
        }
        item.put("type", s("panel"));
        item.put("judges", AttributeValue.fromL(judges.stream().map(AttributeValue::fromS).toList()));
        item.put("majority", n(majority));
        item.put("token", s(token));
        item.put("outcome", s(PENDING));
        item.put("votesFor", n(0));
        item.put("votesAgainst", n(0));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            // New: the panel is what was just written (nobody has a seat on it yet), so it is not read back.
            return new Panel(nominationId, List.copyOf(judges), majority, token, PENDING, 0, 0, scored, java.util.Set.of());
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
        return panel(nominationId, Prefetched.NONE);
    }

    /** The nomination's panel, from {@code prefetched} if the step's first request read it. */
    public Optional<Panel> panel(String nominationId, Prefetched prefetched) {
        var item = prefetched.take(panelKey(nominationId), () -> dynamo.getItem(b -> b.tableName(table).key(panelKey(nominationId)).consistentRead(true)).item());
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(panelOf(nominationId, item));
    }

    private static Map<String, AttributeValue> panelKey(String nominationId) {
        return key("NOM#" + nominationId, "PANEL");
    }

    private static Panel panelOf(String nominationId, Map<String, AttributeValue> item) {
        List<String> judges = item.get("judges").l().stream().map(AttributeValue::s).toList();
        return new Panel(nominationId, judges, (int) Items.number(item, "majority"), Items.string(item, "token"),
                Items.string(item, "outcome"), (int) Items.number(item, "votesFor"), (int) Items.number(item, "votesAgainst"),
                item.containsKey("scores"), stringSet(item, "conflicts"));
    }

    /**
     * The panels' outcomes of these nominations (absent: no panel yet), read in batches of 100 with
     * only {@code pk} and {@code outcome} projected: an admin list never reads a panel's task token.
     * Keys BatchGetItem leaves unprocessed (throttling) are asked for again.
     */
    public Map<String, String> outcomes(List<String> nominationIds) {
        Map<String, String> out = new HashMap<>();
        summaries(nominationIds).forEach((id, p) -> out.put(id, p.outcome()));
        return out;
    }

    /**
     * What judging progress and the leaderboard read of a panel: its judges, the judge keys
     * ({@link #judgeKey}) of who voted or scored, its outcome, and (scored) each judge's weighted
     * mean by judge key. Never its task token.
     */
    public record PanelSummary(List<String> judges, java.util.Set<String> voters, String outcome, Map<String, Double> scores,
                               java.util.Set<String> conflicts) {
        public PanelSummary(List<String> judges, java.util.Set<String> voters, String outcome) {
            this(judges, voters, outcome, Map.of(), java.util.Set.of());
        }
    }

    /**
     * The panels of these nominations (absent: no panel yet), read in batches of 100 with only what
     * a summary needs projected: an admin view never reads a panel's task token. Keys BatchGetItem
     * leaves unprocessed (throttling) are asked for again.
     */
    public Map<String, PanelSummary> summaries(List<String> nominationIds) {
        Map<String, PanelSummary> out = new HashMap<>();
        for (Map<String, AttributeValue> item : batchGet(nominationIds.stream().map(id -> key("NOM#" + id, "PANEL")).toList(),
                "pk, outcome, judges, voters, scores, conflicts")) {
            out.put(item.get("pk").s().substring("NOM#".length()),
                    new PanelSummary(item.containsKey("judges") ? item.get("judges").l().stream().map(AttributeValue::s).toList() : List.of(),
                            stringSet(item, "voters"), Items.string(item, "outcome"), weightedMeans(item), stringSet(item, "conflicts")));
        }
        return out;
    }

    /** A string set attribute, empty when absent (DynamoDB stores no empty set). */
    private static java.util.Set<String> stringSet(Map<String, AttributeValue> item, String name) {
        return item.containsKey(name) ? java.util.Set.copyOf(item.get(name).ss()) : java.util.Set.of();
    }

    private static Map<String, Double> weightedMeans(Map<String, AttributeValue> panel) {
        Map<String, Double> out = new HashMap<>();
        if (panel.containsKey("scores")) {
            panel.get("scores").m().forEach((judge, v) -> out.put(judge, Double.parseDouble(v.n())));
        }
        return out;
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

    /**
     * Closes a panel still waiting when its round closes, with {@code outcome}, provided it holds
     * exactly {@code scoresSeen} judges' scores (a scored panel: a score saved since it was read
     * would change the outcome). The stored task token if closed now; empty if it was decided before;
     * {@link java.util.ConcurrentModificationException} if a score came in since it was read.
     */
    public Optional<String> closePanel(String nominationId, String outcome, boolean scored, int scoresSeen) {
        try {
            var attributes = dynamo.updateItem(b -> b.tableName(table).key(key("NOM#" + nominationId, "PANEL")).updateExpression("SET outcome = :o")
                    .conditionExpression("outcome = :p" + (scored ? " AND size(scores) = :n" : ""))
                    .expressionAttributeValues(scored ? Map.of(":o", s(outcome), ":p", s(PENDING), ":n", n(scoresSeen))
                            : Map.of(":o", s(outcome), ":p", s(PENDING)))
                    .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_NEW)).attributes();
            return Optional.of(Items.string(attributes, "token"));
        } catch (ConditionalCheckFailedException e) {
            Optional<Panel> now = panel(nominationId);
            if (now.isPresent() && !now.get().decided()) {
                throw new java.util.ConcurrentModificationException("a score reached the panel of " + nominationId + " as its round closed");
            }
            return Optional.empty();
        }
    }

    /** Where a category's judges' round stands: its reminder sent, its panels closed. */
    public record Round(boolean reminded, boolean closed) {}

    public Round round(String cycleId, String category) {
        var i = dynamo.getItem(b -> b.tableName(table).key(key("CYCLE#" + cycleId, "ROUND#" + category)).consistentRead(true)).item();
        return i == null || i.isEmpty() ? new Round(false, false) : new Round(i.containsKey("remindedAt"), i.containsKey("closedAt"));
    }

    /** Records that the round's reminder went ({@code remindedAt}) or its panels were closed ({@code closedAt}). */
    public void markRound(String cycleId, String category, String what, Instant at) {
        dynamo.updateItem(b -> b.tableName(table).key(key("CYCLE#" + cycleId, "ROUND#" + category))
                .updateExpression("SET #type = :type, #w = :at").expressionAttributeNames(Map.of("#type", "type", "#w", what))
                .expressionAttributeValues(Map.of(":type", s("round"), ":at", s(at.toString()))));
    }

    /** What became of a decision. */
    public enum Recorded { RECORDED, ALREADY_DECIDED, PANEL_MOVED }

    /**
     * A judge's decision as one transaction (issue 10: four writes, and a crash between them lost
     * votes): the link used, the vote stored, the panel's count moved from the counts read in
     * {@code before}, and its outcome set if this vote decides it. All or nothing: a used link or
     * an earlier vote is {@code ALREADY_DECIDED}; a panel another vote moved since it was read is
     * {@code PANEL_MOVED}, to be read again and retried.
     */
    public Recorded recordVote(Link link, Panel before, boolean shortlist, String comment, String outcome, Instant at) {
        String decision = shortlist ? "SHORTLIST" : "DECLINE";
        Map<String, AttributeValue> vote = new HashMap<>(key("NOM#" + link.nominationId(), "VOTE#" + link.who()));
        vote.put("type", s("vote"));
        vote.put("decision", s(decision));
        vote.put("comment", s(comment == null ? "" : comment));
        vote.put("at", s(at.toString()));
        Map<String, AttributeValue> counts = new HashMap<>(Map.of(":one", n(1), ":vf", n(before.votesFor()), ":va", n(before.votesAgainst()),
                ":was", s(before.outcome())));
        // Who voted beside the counts, in the same write: judging progress reads who has decided from
        // the panels alone. Kept as judge keys (hashes), so a panel holds no more addresses than before.
        counts.put(":who", AttributeValue.fromSs(List.of(judgeKey(link.who()))));
        String update = "ADD " + (shortlist ? "votesFor" : "votesAgainst") + " :one, voters :who";
        if (outcome != null) {
            update += " SET outcome = :o";
            counts.put(":o", s(outcome));
        }
        String panelUpdate = update;
        List<TransactWriteItem> writes = List.of(
                TransactWriteItem.builder().update(u -> u.tableName(table).key(linkKey(link.id()))
                        .updateExpression("SET #s = :used, decision = :d, decidedAt = :at").conditionExpression("#s = :open")
                        .expressionAttributeNames(Map.of("#s", "status"))
                        .expressionAttributeValues(Map.of(":used", s("USED"), ":open", s("OPEN"), ":d", s(decision), ":at", s(at.toString())))).build(),
                TransactWriteItem.builder().put(p -> p.tableName(table).item(vote).conditionExpression("attribute_not_exists(pk)")).build(),
                TransactWriteItem.builder().update(u -> u.tableName(table).key(key("NOM#" + link.nominationId(), "PANEL"))
                        .updateExpression(panelUpdate).conditionExpression("votesFor = :vf AND votesAgainst = :va AND outcome = :was")
                        .expressionAttributeValues(counts)).build());
        try {
            dynamo.transactWriteItems(b -> b.transactItems(writes));
            return Recorded.RECORDED;
        } catch (TransactionCanceledException e) {
            List<CancellationReason> r = e.cancellationReasons();
            if (r.size() == 3 && ("ConditionalCheckFailed".equals(r.get(0).code()) || "ConditionalCheckFailed".equals(r.get(1).code()))) {
                return Recorded.ALREADY_DECIDED;
            }
            if (r.size() == 3 && ("ConditionalCheckFailed".equals(r.get(2).code()) || r.stream().anyMatch(x -> "TransactionConflict".equals(x.code())))) {
                return Recorded.PANEL_MOVED;
            }
            throw e;
        }
    }

    /** What became of a judge's scores. */
    public enum Scored { RECORDED, ROUND_CLOSED }

    /**
     * A judge's scores on one nomination, as one transaction: the score item written (a change
     * replaces it), the judge's weighted mean and their key kept on the panel, and the seat link
     * marked SCORED (it stays open: scores change until the round closes). The panel's outcome is
     * set when the round closes, so a score that arrives after that is refused, whole.
     */
    public Scored recordScore(Link seat, Map<String, Integer> values, double weighted, String comment, Instant at) {
        Map<String, AttributeValue> score = new HashMap<>(scoreKey(seat.nominationId(), seat.who()));
        score.put("type", s("score"));
        Map<String, AttributeValue> byCriterion = new HashMap<>();
        values.forEach((criterion, v) -> byCriterion.put(criterion, n(v)));
        score.put("values", AttributeValue.fromM(byCriterion));
        score.put("weighted", AttributeValue.fromN(Double.toString(weighted)));
        score.put("comment", s(comment == null ? "" : comment));
        score.put("judgeName", s(seat.whoName()));
        score.put("at", s(at.toString()));
        String judge = judgeKey(seat.who());
        List<TransactWriteItem> writes = List.of(
                TransactWriteItem.builder().update(u -> u.tableName(table).key(linkKey(seat.id()))
                        .updateExpression("SET decision = :d, decidedAt = :at").conditionExpression("#s = :open")
                        .expressionAttributeNames(Map.of("#s", "status"))
                        .expressionAttributeValues(Map.of(":open", s("OPEN"), ":d", s("SCORED"), ":at", s(at.toString())))).build(),
                TransactWriteItem.builder().put(p -> p.tableName(table).item(score)).build(),
                TransactWriteItem.builder().update(u -> u.tableName(table).key(key("NOM#" + seat.nominationId(), "PANEL"))
                        .updateExpression("SET #sc.#j = :w ADD voters :who").conditionExpression("outcome = :p AND attribute_exists(#sc)")
                        .expressionAttributeNames(Map.of("#sc", "scores", "#j", judge))
                        .expressionAttributeValues(Map.of(":w", AttributeValue.fromN(Double.toString(weighted)), ":who", AttributeValue.fromSs(List.of(judge)),
                                ":p", s(PENDING)))).build());
        try {
            dynamo.transactWriteItems(b -> b.transactItems(writes));
            return Scored.RECORDED;
        } catch (TransactionCanceledException e) {
            if (e.cancellationReasons().stream().anyMatch(x -> "ConditionalCheckFailed".equals(x.code()))) {
                return Scored.ROUND_CLOSED;
            }
            if (e.cancellationReasons().stream().anyMatch(x -> "TransactionConflict".equals(x.code()))) {
                throw new awards.platform.RetryLater("another judge's scores on " + seat.nominationId() + " were being saved");
            }
            throw e;
        }
    }

    /** What became of a declared conflict. */
    public enum Declared { RECORDED, ALREADY_DONE, PANEL_MOVED }

    /**
     * A judge declares a conflict of interest with a nomination, as one transaction: their seat
     * used (CONFLICT), the declaration stored with its reason, any scores of theirs withdrawn, and
     * the panel moved from {@code before} to its judges without them (and with {@code replacement},
     * whose list gets the entry and a seat, if one was found), the outcome set if this decides it.
     * {@code ALREADY_DONE}: the seat was used (a decision or an earlier declaration), or the round closed;
     * {@code PANEL_MOVED}: the panel changed since it was read (read again and retry).
     */
    public Declared recordConflict(Link seat, Panel before, String reason, Cycle.Person replacement, String replacementSecretHash,
                                   String outcome, Instant at) {
        String judge = judgeKey(seat.who());
        List<String> judges = new ArrayList<>(before.judges().stream().filter(j -> !j.equalsIgnoreCase(seat.who())).toList());
        if (replacement != null) {
            judges.add(replacement.email());
        }
        // Keyed by the judge key the panel lists in its conflicts, so the admins' list reads them by key (BatchGetItem).
        Map<String, AttributeValue> conflict = new HashMap<>(key("NOM#" + seat.nominationId(), "CONFLICT#" + judge));
        conflict.put("type", s("conflict"));
        conflict.put("who", s(seat.who()));
        conflict.put("reason", s(reason));
        conflict.put("judgeName", s(seat.whoName()));
        conflict.put("at", s(at.toString()));
        if (replacement != null) {
            conflict.put("replacedBy", s(judgeKey(replacement.email())));
        }
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":judges", AttributeValue.fromL(judges.stream().map(AttributeValue::fromS).toList()),
                ":me", AttributeValue.fromSs(List.of(judge)), ":was", AttributeValue.fromL(before.judges().stream().map(AttributeValue::fromS).toList()),
                ":vf", n(before.votesFor()), ":va", n(before.votesAgainst()), ":p", s(PENDING)));
        Map<String, String> names = new HashMap<>(Map.of("#j", "judges"));
        String update = "SET #j = :judges";
        if (outcome != null) {
            update += ", outcome = :o";
            values.put(":o", s(outcome));
        }
        update += " ADD conflicts :me DELETE voters :me";
        if (before.scored()) {
            update += " REMOVE #sc.#me";
            names.put("#sc", "scores");
            names.put("#me", judge);
        }
        String panelUpdate = update;
        List<TransactWriteItem> writes = new ArrayList<>(List.of(
                TransactWriteItem.builder().update(u -> u.tableName(table).key(linkKey(seat.id()))
                        .updateExpression("SET #s = :used, decision = :d, decidedAt = :at").conditionExpression("#s = :open")
                        .expressionAttributeNames(Map.of("#s", "status"))
                        .expressionAttributeValues(Map.of(":used", s("USED"), ":open", s("OPEN"), ":d", s("CONFLICT"), ":at", s(at.toString())))).build(),
                TransactWriteItem.builder().put(p -> p.tableName(table).item(conflict).conditionExpression("attribute_not_exists(pk)")).build(),
                TransactWriteItem.builder().update(u -> u.tableName(table).key(key("NOM#" + seat.nominationId(), "PANEL")).updateExpression(panelUpdate)
                        .conditionExpression("outcome = :p AND #j = :was AND votesFor = :vf AND votesAgainst = :va")
                        .expressionAttributeNames(names).expressionAttributeValues(values)).build()));
        if (before.scored()) {
            writes.add(TransactWriteItem.builder().delete(d -> d.tableName(table).key(scoreKey(seat.nominationId(), seat.who()))).build());
        }
        if (replacement != null) {
            writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(assignmentItem(seat.cycleId(), replacement.email(), seat.nominationId()))).build());
            writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(linkItem(new Link(seatLinkId(seat.nominationId(), replacement.email()),
                    replacementSecretHash, "JUDGE", seat.nominationId(), seat.cycleId(), seat.category(), replacement.email(), replacement.name(),
                    seat.expiresAt(), "OPEN", null, null))).conditionExpression("attribute_not_exists(pk)")).build());
        }
        try {
            dynamo.transactWriteItems(b -> b.transactItems(writes));
            return Declared.RECORDED;
        } catch (TransactionCanceledException e) {
            List<CancellationReason> r = e.cancellationReasons();
            if ("ConditionalCheckFailed".equals(r.get(0).code()) || "ConditionalCheckFailed".equals(r.get(1).code())) {
                return Declared.ALREADY_DONE;
            }
            if (r.size() > 2 && "ConditionalCheckFailed".equals(r.get(2).code())) {
                return PENDING.equals(panel(seat.nominationId()).map(Panel::outcome).orElse(PENDING)) ? Declared.PANEL_MOVED : Declared.ALREADY_DONE;
            }
            if (r.stream().anyMatch(x -> "TransactionConflict".equals(x.code()))) {
                return Declared.PANEL_MOVED;
            }
            throw e;
        }
    }

    /** A judge's declared conflict with a nomination. */
    public record Conflict(String judge, String judgeName, String reason, String at) {}

    /**
     * The conflicts declared on these nominations, read by key (the panels' {@code conflicts}), in
     * batches of 100: by nomination id, then judge address.
     */
    public Map<String, Map<String, Conflict>> conflicts(Map<String, PanelSummary> panels) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        panels.forEach((id, p) -> p.conflicts().forEach(judge -> keys.add(key("NOM#" + id, "CONFLICT#" + judge))));
        Map<String, Map<String, Conflict>> out = new HashMap<>();
        for (Map<String, AttributeValue> i : batchGet(keys, null)) {
            out.computeIfAbsent(Items.string(i, "pk").substring("NOM#".length()), k -> new java.util.TreeMap<>()).put(Items.string(i, "who"),
                    new Conflict(Items.string(i, "who"), Items.string(i, "judgeName"), Items.string(i, "reason"), Items.string(i, "at")));
        }
        return out;
    }

    /** The scores of these nominations' current judges, read by key (the panels' judges), in batches of 100: by nomination id, then judge address. */
    public Map<String, Map<String, Score>> scores(Map<String, PanelSummary> panels) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        panels.forEach((id, p) -> {
            if (!p.scores().isEmpty()) {
                p.judges().forEach(judge -> keys.add(scoreKey(id, judge)));
            }
        });
        Map<String, Map<String, Score>> out = new HashMap<>();
        for (Map<String, AttributeValue> i : batchGet(keys, null)) {
            Score score = score(i);
            out.computeIfAbsent(Items.string(i, "pk").substring("NOM#".length()), k -> new java.util.TreeMap<>()).put(score.judge(), score);
        }
        return out;
    }

    private List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys, String projection) {
        return Items.batchGet(dynamo, table, keys, projection);
    }

    /** One judge's scores on a nomination. */
    public record Score(String judge, String judgeName, Map<String, Integer> values, double weighted, String comment, String at) {}

    /** The scores judges gave a nomination, by judge address. */
    public Map<String, Score> scores(String nominationId) {
        Map<String, Score> out = new java.util.TreeMap<>();
        dynamo.queryPaginator(b -> b.tableName(table).keyConditionExpression("pk = :pk AND begins_with(sk, :v)")
                .expressionAttributeValues(Map.of(":pk", s("NOM#" + nominationId), ":v", s("SCORE#"))).consistentRead(true))
                .items().forEach(i -> {
                    Score score = score(i);
                    out.put(score.judge(), score);
                });
        return out;
    }

    private static Score score(Map<String, AttributeValue> i) {
        String judge = Items.string(i, "sk").substring("SCORE#".length());
        Map<String, Integer> values = new java.util.LinkedHashMap<>();
        i.get("values").m().forEach((k, v) -> values.put(k, Integer.parseInt(v.n())));
        return new Score(judge, Items.string(i, "judgeName"), values, Double.parseDouble(i.get("weighted").n()),
                Items.string(i, "comment"), Items.string(i, "at"));
    }

    /** A scored category's shortlist: by its chair, or the leaderboard's default at the shortlist date. */
    public record Shortlist(List<String> entries, String by, boolean ties, String at) {}

    public Optional<Shortlist> shortlistOf(String cycleId, String category) {
        return shortlistOf(cycleId, category, Prefetched.NONE);
    }

    /** The category's shortlist, from {@code prefetched} if the step's first request read it. */
    public Optional<Shortlist> shortlistOf(String cycleId, String category, Prefetched prefetched) {
        Map<String, AttributeValue> key = shortlistKey(cycleId, category);
        var i = prefetched.take(key, () -> dynamo.getItem(b -> b.tableName(table).key(key).consistentRead(true)).item());
        if (i == null || i.isEmpty() || !i.containsKey("entries")) {
            return Optional.empty();
        }
        return Optional.of(new Shortlist(i.get("entries").l().stream().map(AttributeValue::s).toList(), Items.string(i, "by"),
                Boolean.TRUE.equals(i.get("ties") == null ? null : i.get("ties").bool()), Items.string(i, "at")));
    }

    /** Whether the category's shortlist item exists: settled, or claimed while its default is worked out. */
    public boolean shortlistClaimed(String cycleId, String category) {
        var i = dynamo.getItem(b -> b.tableName(table).key(shortlistKey(cycleId, category)).consistentRead(true)
                .projectionExpression("pk")).item();
        return i != null && !i.isEmpty();
    }

    /**
     * The chair confirms the shortlist: their link used and the category's shortlist stored, in one
     * transaction; false (nothing written) if the link was used or a shortlist is already there.
     */
    public boolean recordShortlist(Link chairLink, List<String> entries, boolean ties, Instant at) {
        return useLinkWith(chairLink, "SHORTLISTED", at, TransactWriteItem.builder().put(p -> p.tableName(table)
                .item(shortlistItem(chairLink.cycleId(), chairLink.category(), entries, "CHAIR", ties, at))
                .conditionExpression("attribute_not_exists(pk)")).build());
    }

    /**
     * A one-time link used (OPEN to USED, with its decision) and {@code change} written, in one
     * transaction; false, with nothing written, if the link was used or the change's condition fails.
     */
    private boolean useLinkWith(Link link, String decision, Instant at, TransactWriteItem change) {
        List<TransactWriteItem> writes = List.of(
                TransactWriteItem.builder().update(u -> u.tableName(table).key(linkKey(link.id()))
                        .updateExpression("SET #s = :used, decision = :d, decidedAt = :at").conditionExpression("#s = :open")
                        .expressionAttributeNames(Map.of("#s", "status"))
                        .expressionAttributeValues(Map.of(":used", s("USED"), ":open", s("OPEN"), ":d", s(decision), ":at", s(at.toString())))).build(),
                change);
        try {
            dynamo.transactWriteItems(b -> b.transactItems(writes));
            return true;
        } catch (TransactionCanceledException e) {
            if (e.cancellationReasons().stream().anyMatch(x -> "ConditionalCheckFailed".equals(x.code()))) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Claims the working-out of a category's default shortlist: true for the one caller who may
     * compute it now (no shortlist yet, or a claim older than {@code staleBefore}, whose holder died).
     */
    public boolean claimDefaultShortlist(String cycleId, String category, String attempt, Instant now, Instant staleBefore) {
        Map<String, AttributeValue> item = new HashMap<>(key("CYCLE#" + cycleId, "SHORTLIST#" + category));
        item.put("type", s("shortlist"));
        item.put("status", s("COMPUTING"));
        item.put("attempt", s(attempt));
        item.put("claimedAt", n(now.toEpochMilli()));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(pk) OR (#s = :computing AND claimedAt < :stale)")
                    .expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":computing", s("COMPUTING"), ":stale", n(staleBefore.toEpochMilli()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Stores the default shortlist worked out under {@code attempt}'s claim; false if the claim was lost. */
    public boolean storeDefaultShortlist(String cycleId, String category, String attempt, List<String> entries, boolean ties, Instant at) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(shortlistItem(cycleId, category, entries, "DEFAULT", ties, at))
                    .conditionExpression("attempt = :a").expressionAttributeValues(Map.of(":a", s(attempt))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static Map<String, AttributeValue> shortlistItem(String cycleId, String category, List<String> entries, String by, boolean ties, Instant at) {
        Map<String, AttributeValue> item = new HashMap<>(key("CYCLE#" + cycleId, "SHORTLIST#" + category));
        item.put("type", s("shortlist"));
        item.put("entries", AttributeValue.fromL(entries.stream().map(AttributeValue::fromS).toList()));
        item.put("by", s(by));
        item.put("ties", AttributeValue.fromBool(ties));
        item.put("at", s(at.toString()));
        return item;
    }

    /** The chair's choice as one transaction: the link used and the category decided, or neither. */
    public boolean recordAwards(Link link, String winner, List<String> highlyCommended, Instant at) {
        return useLinkWith(link, "CHOSEN", at, TransactWriteItem.builder().update(u -> u.tableName(table).key(key("CYCLE#" + link.cycleId(), "CHAIR#" + link.category()))
                .updateExpression("SET winner = :w, highlyCommended = :hc, decidedAt = :at")
                .conditionExpression("attribute_exists(pk) AND attribute_not_exists(winner)")
                .expressionAttributeValues(Map.of(":w", s(winner), ":hc", AttributeValue.fromL(highlyCommended.stream().map(AttributeValue::fromS).toList()),
                        ":at", s(at.toString())))).build());
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

    /**
     * The loads of several judges of a category (absent: 0), in one consistent GetItem: a category's
     * loads are one item, each judge an attribute named by their judge key (a hash, not the address).
     */
    public Map<String, Long> loads(String cycleId, String category, List<String> judges) {
        return loads(cycleId, category, judges, Prefetched.NONE);
    }

    /** {@link #loads(String, String, List)}, from {@code prefetched} if the step's first request read them. */
    public Map<String, Long> loads(String cycleId, String category, List<String> judges, Prefetched prefetched) {
        Map<String, AttributeValue> key = loadsKey(cycleId, category);
        Map<String, AttributeValue> item = prefetched.take(key, () -> dynamo.getItem(b -> b.tableName(table).key(key).consistentRead(true)).item());
        Map<String, Long> out = new HashMap<>();
        for (String judge : item == null ? List.<String>of() : judges) {
            AttributeValue count = item.get(loadName(judge));
            if (count != null) {
                out.put(judge, Long.parseLong(count.n()));
            }
        }
        return out;
    }

    /**
     * One more seat for each of {@code judges} (distinct addresses), in one UpdateItem whatever their
     * number: an unconditional {@code ADD} never conflicts, however many panels open at once. A retried
     * step may count a seat twice: loads only order the judges, as they did when each was an item.
     * Within DynamoDB's limits (an expression of at most 4 KB and 300 operators, an item of 400 KB:
     * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Constraints.html): a panel has
     * at most 15 judges, and each judge of a category takes about 40 bytes of the item.
     */
    public void addLoad(String cycleId, String category, List<String> judges) {
        if (judges.isEmpty()) {
            return;
        }
        Map<String, String> names = new HashMap<>(Map.of("#t", "type"));
        List<String> adds = new java.util.ArrayList<>();
        for (String judge : judges) {
            String name = "#j" + names.size();
            if (!names.containsValue(loadName(judge))) {
                names.put(name, loadName(judge));
                adds.add(name + " :one");
            }
        }
        dynamo.updateItem(b -> b.tableName(table).key(loadsKey(cycleId, category))
                .updateExpression("ADD " + String.join(", ", adds) + " SET #t = :type").expressionAttributeNames(names)
                .expressionAttributeValues(Map.of(":one", n(1), ":type", s("load"))));
    }

    private static Map<String, AttributeValue> shortlistKey(String cycleId, String category) {
        return key("CYCLE#" + cycleId, "SHORTLIST#" + category);
    }

    private static Map<String, AttributeValue> loadsKey(String cycleId, String category) {
        return key("CYCLE#" + cycleId, "LOADS#" + category);
    }

    /** A judge's attribute in their category's loads: their judge key, never their address. */
    private static String loadName(String judge) {
        return "J" + judgeKey(judge);
    }

    // ---- a judge's queue -------------------------------------------------------------------------

    /** The key a judge's assignments are filed under: a hash of the address, never the address. */
    public static String judgeKey(String email) {
        return Secrets.sha256("judge|" + email.toLowerCase(java.util.Locale.ROOT)).substring(0, 32);
    }

    /** The id of the link item a judge's decision on one nomination is kept in (its secret is never sent). */
    public static String seatLinkId(String nominationId, String judge) {
        return Secrets.idFor("JUDGE#" + nominationId + "#" + judge.toLowerCase(java.util.Locale.ROOT));
    }

    /** Files the entry in the judge's queue (again, harmlessly). */
    public void putAssignment(String cycleId, String judge, String nominationId) {
        dynamo.putItem(b -> b.tableName(table).item(assignmentItem(cycleId, judge, nominationId)));
    }

    private static Map<String, AttributeValue> assignmentItem(String cycleId, String judge, String nominationId) {
        Map<String, AttributeValue> item = new HashMap<>(key("CYCLE#" + cycleId, "ASSIGN#" + judgeKey(judge) + "#" + nominationId));
        item.put("type", s("assignment"));
        item.put("nominationId", s(nominationId));
        return item;
    }

    /** The entries in a judge's queue for a cycle, in the order they were filed by id. */
    public List<String> assignments(String cycleId, String judge) {
        List<String> out = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(table).keyConditionExpression("pk = :pk AND begins_with(sk, :a)")
                .expressionAttributeValues(Map.of(":pk", s("CYCLE#" + cycleId), ":a", s("ASSIGN#" + judgeKey(judge) + "#"))).consistentRead(true))
                .items().forEach(i -> out.add(Items.string(i, "nominationId")));
        return out;
    }

    // ---- links ----------------------------------------------------------------------------------

    /** Stores a link, or issues it again with a new secret while unused; false if it has been used (nothing written). */
    public boolean putLink(Link l) {
        Map<String, AttributeValue> item = linkItem(l);
        // A link is issued again (a new secret, the same id) only while it has not been used.
        try {
            dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk) OR #s = :open")
                    .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(Map.of(":open", s("OPEN"))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * A panel's seats, each with its entry on its judge's list, in one transaction, if none of the
     * seats is there yet (a panel's first opening); false, with nothing written, if one is (a run again
     * after a crash or a retry): the caller then puts each with {@link #putAssignment} and {@link #putSeat}.
     */
    public boolean putNewSeats(String cycleId, List<Link> seats) {
        List<TransactWriteItem> writes = new ArrayList<>();
        for (Link seat : seats) {
            writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(assignmentItem(cycleId, seat.who(), seat.nominationId()))).build());
            writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(linkItem(seat)).conditionExpression("attribute_not_exists(pk)")).build());
        }
        try {
            dynamo.transactWriteItems(b -> b.transactItems(writes));
            return true;
        } catch (TransactionCanceledException e) {
            if (e.cancellationReasons().stream().anyMatch(r -> "ConditionalCheckFailed".equals(r.code()) || "TransactionConflict".equals(r.code()))) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Stores a judge's seat on a panel unless it is there already. A seat's secret is never sent (the
     * judge reaches the entry through their list), so a seat is never issued again: a panel's opening
     * run again (Step Functions retries it) after the judge scored through an earlier run's seat would
     * otherwise put it back to undecided, as {@link #putLink} does to an unused link.
     */
    public void putSeat(Link seat) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(linkItem(seat)).conditionExpression("attribute_not_exists(pk)"));
        } catch (ConditionalCheckFailedException there) {
            // Stored by an earlier run: kept as it is.
        }
    }

    private static Map<String, AttributeValue> linkItem(Link l) {
        Map<String, AttributeValue> item = new HashMap<>(linkKey(l.id()));
        item.put("type", s("link"));
        item.put("secretHash", s(l.secretHash()));
        item.put("kind", s(l.kind()));
        item.put("cycleId", s(l.cycleId()));
        if (l.category() != null) {
            item.put("category", s(l.category())); // a judge's list spans the categories they judge
        }
        if (l.nominationId() != null) {
            item.put("nominationId", s(l.nominationId()));
        }
        item.put("who", s(l.who()));
        item.put("whoName", s(l.whoName()));
        item.put("expiresAt", n(l.expiresAt()));
        item.put("status", s("OPEN"));
        return item;
    }

    public Optional<Link> link(String id) {
        var i = dynamo.getItem(b -> b.tableName(table).key(linkKey(id)).consistentRead(true)).item();
        return i == null || i.isEmpty() ? Optional.empty() : Optional.of(linkOf(i));
    }

    /** Links by id (absent: no such link), read in batches of 100. */
    public Map<String, Link> links(List<String> ids) {
        Map<String, Link> out = new HashMap<>();
        batchGet(ids.stream().map(JudgingStore::linkKey).toList(), null).forEach(i -> {
            Link l = linkOf(i);
            out.put(l.id(), l);
        });
        return out;
    }

    /** A link and a nomination, each absent if there is none: the two first reads of a judge's entry page. */
    public record LinkAndNomination(Optional<Link> link, Optional<awards.nomination.Nomination> nomination) {}

    /** A link and a nomination in one BatchGetItem (read consistently, as {@link #link} reads). */
    public LinkAndNomination linkAndNomination(String linkId, String nominationId) {
        Map<String, AttributeValue> link = linkKey(linkId);
        Map<String, AttributeValue> nomination = awards.nomination.NominationStore.nominationKey(nominationId);
        Map<Map<String, AttributeValue>, Map<String, AttributeValue>> found = byKey(List.of(link, nomination));
        return new LinkAndNomination(Optional.ofNullable(found.get(link)).map(JudgingStore::linkOf),
                Optional.ofNullable(found.get(nomination)).map(awards.nomination.NominationStore::fromItem));
    }

    /** A nomination, a cycle and the nomination's panel, each absent if there is none (or not asked for): what a lifecycle step reads first. */
    public record StepRead(Optional<awards.nomination.Nomination> nomination, Optional<Cycle> cycle, Optional<Panel> panel, Prefetched prefetched) {}

    /** What else of the nomination's category a step may read in its first request, once told the category. */
    public enum CategoryItem { LOADS, SHORTLIST }

    /** A nomination and a cycle, and with {@code withPanel} the nomination's panel, in one consistent BatchGetItem. */
    public StepRead stepRead(String nominationId, String cycleId, boolean withPanel) {
        return stepRead(nominationId, cycleId, withPanel, null, java.util.Set.of());
    }

    /**
     * {@link #stepRead(String, String, boolean)}, with the category's {@code items} in the same
     * request when {@code category} is given. They are kept in {@link StepRead#prefetched()} under
     * their keys: a later read of that category's item takes it from there (once), and a read of any
     * other (a category that is not the nomination's after all) reads as before.
     */
    public StepRead stepRead(String nominationId, String cycleId, boolean withPanel, String category, java.util.Set<CategoryItem> items) {
        Map<String, AttributeValue> nomination = awards.nomination.NominationStore.nominationKey(nominationId);
        Map<String, AttributeValue> cycle = awards.cycle.CycleStore.cycleKey(cycleId);
        Map<String, AttributeValue> panel = panelKey(nominationId);
        List<Map<String, AttributeValue>> keys = new java.util.ArrayList<>(List.of(nomination, cycle));
        if (withPanel) {
            keys.add(panel);
        }
        if (category != null && !category.isEmpty()) {
            for (CategoryItem item : items) {
                keys.add(item == CategoryItem.LOADS ? loadsKey(cycleId, category) : shortlistKey(cycleId, category));
            }
        }
        Map<Map<String, AttributeValue>, Map<String, AttributeValue>> found = byKey(keys);
        return new StepRead(Optional.ofNullable(found.get(nomination)).map(awards.nomination.NominationStore::fromItem),
                Optional.ofNullable(found.get(cycle)).map(awards.cycle.CycleStore::fromItem),
                withPanel ? Optional.ofNullable(found.get(panel)).map(item -> panelOf(nominationId, item)) : Optional.empty(),
                new Prefetched(found, keys.subList(2, keys.size())));
    }

    /**
     * Items a step's first request read beside its nomination and cycle, by key, found or not: each
     * answers one later read of it in place of a request of its own. One step's, on one thread.
     */
    public static final class Prefetched {
        public static final Prefetched NONE = new Prefetched(Map.of(), List.of());
        private final Map<Map<String, AttributeValue>, Map<String, AttributeValue>> found;
        private final java.util.Set<Map<String, AttributeValue>> unread;

        Prefetched(Map<Map<String, AttributeValue>, Map<String, AttributeValue>> found, List<Map<String, AttributeValue>> asked) {
            this.found = found;
            this.unread = new java.util.HashSet<>(asked);
        }

        /** The item under {@code key} as the first request found it (null: none), the first time; else what {@code read} reads now. */
        Map<String, AttributeValue> take(Map<String, AttributeValue> key, java.util.function.Supplier<Map<String, AttributeValue>> read) {
            return unread.remove(key) ? found.get(key) : read.get();
        }
    }

    /** A judge's seat link on an entry's panel, the cycle and the score the judge gave the entry (if any), each absent if there is none. */
    public record SeatRead(Optional<Link> seat, Optional<Cycle> cycle, Optional<Score> score) {}

    /**
     * What a judge's entry page reads once their list's link is proved, in one BatchGetItem: their
     * seat on the entry's panel, the cycle, and their score, keyed by {@code judge} as their list has it.
     */
    public SeatRead seatRead(String cycleId, String nominationId, String judge) {
        Map<String, AttributeValue> seat = linkKey(seatLinkId(nominationId, judge));
        Map<String, AttributeValue> cycle = awards.cycle.CycleStore.cycleKey(cycleId);
        Map<String, AttributeValue> score = scoreKey(nominationId, judge);
        Map<Map<String, AttributeValue>, Map<String, AttributeValue>> found = byKey(List.of(seat, cycle, score));
        return new SeatRead(Optional.ofNullable(found.get(seat)).map(JudgingStore::linkOf),
                Optional.ofNullable(found.get(cycle)).map(awards.cycle.CycleStore::fromItem),
                Optional.ofNullable(found.get(score)).map(JudgingStore::score));
    }

    /** Items of any kind by key, in one BatchGetItem per 100, each found under the key it was asked by. */
    private Map<Map<String, AttributeValue>, Map<String, AttributeValue>> byKey(List<Map<String, AttributeValue>> keys) {
        Map<Map<String, AttributeValue>, Map<String, AttributeValue>> out = new HashMap<>();
        batchGet(keys, null).forEach(i -> out.put(key(Items.string(i, "pk"), Items.string(i, "sk")), i));
        return out;
    }

    /** Where a link (a list's, a seat's, a chair's) is kept. */
    private static Map<String, AttributeValue> linkKey(String linkId) {
        return key("LINK#" + linkId, "LINK");
    }

    /** Where a judge's score of a nomination is kept. */
    private static Map<String, AttributeValue> scoreKey(String nominationId, String judge) {
        return key("NOM#" + nominationId, "SCORE#" + judge);
    }

    private static Link linkOf(Map<String, AttributeValue> i) {
        return new Link(Items.string(i, "pk").substring("LINK#".length()), Items.string(i, "secretHash"), Items.string(i, "kind"),
                Items.string(i, "nominationId"), Items.string(i, "cycleId"), Items.string(i, "category"), Items.string(i, "who"),
                Items.string(i, "whoName"), Items.number(i, "expiresAt"), Items.string(i, "status"), Items.string(i, "decision"),
                Items.string(i, "decidedAt"));
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
        // The panels' outcomes in batches of 100 (a GetItem each was one round trip per entry of the category).
        Map<String, String> outcomes = outcomes(nominationIds);
        return nominationIds.stream().filter(id -> "SHORTLISTED".equals(outcomes.get(id))).toList();
    }
}
