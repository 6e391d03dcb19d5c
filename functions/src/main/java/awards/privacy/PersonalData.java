package awards.privacy;

import static awards.platform.Items.s;

import awards.cycle.Cycle;
import awards.cycle.CycleJson;
import awards.nomination.Executions;
import awards.nomination.Nomination;
import awards.nomination.NominationStore;
import awards.nomination.Status;
import awards.platform.Json;
import awards.platform.Secrets;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * One person's data, found by email address in every item of the table, handed over (export) or
 * erased (erasure); and every cycle's personal data erased once its retention has passed.
 *
 * <p>A person is found where the system puts them: as a nominator (a nomination's document), as a
 * judge, chair or admin of a cycle (its panels), as the holder of a judging link, as the voter of a
 * vote or the judge of a score, and as the recipient of an email (all in the item's key). Their names, read from there, are
 * then looked for in every text of every item too (a citation may name its nominator or a judge).
 *
 * <p>Erasure replaces the address with a stand-in ({@code erased-<hash>@erased.invalid}, still a
 * well-formed address, so a cycle stays valid) and every name and other mention with
 * {@code [erased]}; a judge's comments go; a key that held the address is moved to the stand-in (one
 * transaction: the old item deleted, the new one put). An open nomination of the person's is
 * withdrawn first and its execution stopped. References, categories, statuses and votes' decisions
 * stay, so the programme's counts stay true. Each run is an audit item holding the address's
 * SHA-256, never the address.
 *
 * <p>The whole table is read (a Scan) for each request: erasures and exports are rare, and only a
 * full read finds every mention.
 */
public final class PersonalData {
    public static final String ERASED = "[erased]";
    private static final Pattern EMAIL_KEY = Pattern.compile("[^#]+@[^#]+");
    private final DynamoDbClient dynamo;
    private final String table;
    private final NominationStore nominations;
    private final Executions executions;

    public PersonalData(DynamoDbClient dynamo, String table, NominationStore nominations, Executions executions) {
        this.dynamo = dynamo;
        this.table = table;
        this.nominations = nominations;
        this.executions = executions;
    }

    /** The stand-in address that replaces an erased one: the same person maps to the same stand-in. */
    public static String standIn(String email) {
        return "erased-" + Secrets.sha256(email.toLowerCase(Locale.ROOT)).substring(0, 16) + "@erased.invalid";
    }

    /** The address as audit items hold it: its SHA-256, lower-cased first. */
    public static String addressHash(String email) {
        return Secrets.sha256(email.toLowerCase(Locale.ROOT));
    }

    // ---- finding a person ---------------------------------------------------------------------

    /** Where one person is in the table. */
    record Person(String email, Set<String> names, List<Map<String, AttributeValue>> nominated, List<Role> roles,
                  List<Map<String, AttributeValue>> keyed, List<Map<String, AttributeValue>> links,
                  List<Map<String, AttributeValue>> mentioned) {

        /** What is looked for in every text: the address and each name (long enough to mean them). */
        List<String> needles() {
            List<String> out = new ArrayList<>(List.of(email));
            names.stream().filter(n -> n.codePointCount(0, n.length()) >= 3).forEach(out::add);
            return out;
        }
    }

    record Role(String cycleId, String category, String role) {}

    private List<Map<String, AttributeValue>> everything() {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(out::add);
        return out;
    }

    Person find(String email) {
        String address = email.toLowerCase(Locale.ROOT);
        List<Map<String, AttributeValue>> all = everything();
        Set<String> names = new LinkedHashSet<>();
        List<Map<String, AttributeValue>> nominated = new ArrayList<>();
        List<Role> roles = new ArrayList<>();
        List<Map<String, AttributeValue>> keyed = new ArrayList<>();
        List<Map<String, AttributeValue>> links = new ArrayList<>();
        for (Map<String, AttributeValue> item : all) {
            String type = str(item, "type");
            if (type.equals("nomination")) {
                JsonNode doc = Json.read(str(item, "doc"));
                if (address.equalsIgnoreCase(doc.path("nominator").path("email").asText())) {
                    nominated.add(item);
                    names.add(doc.path("nominator").path("name").asText());
                }
            } else if (type.equals("cycle")) {
                JsonNode doc = Json.read(str(item, "doc"));
                String cycleId = doc.path("id").asText();
                for (JsonNode c : doc.path("categories")) {
                    JsonNode panel = c.path("panel");
                    if (address.equalsIgnoreCase(panel.path("chair").path("email").asText())) {
                        roles.add(new Role(cycleId, c.path("id").asText(), "chair"));
                        names.add(panel.path("chair").path("name").asText());
                    }
                    for (JsonNode j : panel.path("judges")) {
                        if (address.equalsIgnoreCase(j.path("email").asText())) {
                            roles.add(new Role(cycleId, c.path("id").asText(), "judge"));
                            names.add(j.path("name").asText());
                        }
                    }
                }
                if (address.equalsIgnoreCase(doc.path("judging").path("adminEmail").asText())) {
                    roles.add(new Role(cycleId, "", "admin"));
                }
            }
            if (whole(address).matcher(str(item, "pk")).find() || whole(address).matcher(str(item, "sk")).find()) {
                keyed.add(item);
            }
            if (address.equalsIgnoreCase(str(item, "who"))) {
                links.add(item);
                names.add(str(item, "whoName"));
            }
        }
        names.removeIf(String::isBlank);
        Person partial = new Person(address, names, nominated, roles, keyed, links, List.of());
        List<String> needles = partial.needles();
        List<Map<String, AttributeValue>> mentioned = new ArrayList<>();
        for (Map<String, AttributeValue> item : all) {
            if (mentions(item, needles)) {
                mentioned.add(item);
            }
        }
        return new Person(address, names, nominated, roles, keyed, links, mentioned);
    }

    private static boolean mentions(Map<String, AttributeValue> item, List<String> needles) {
        for (AttributeValue v : item.values()) {
            if (contains(v, needles)) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(AttributeValue v, List<String> needles) {
        if (v.s() != null) {
            return needles.stream().anyMatch(n -> whole(n).matcher(v.s()).find());
        }
        if (v.hasL()) {
            return v.l().stream().anyMatch(x -> contains(x, needles));
        }
        if (v.hasM()) {
            return v.m().values().stream().anyMatch(x -> contains(x, needles));
        }
        if (v.hasSs()) {
            return v.ss().stream().anyMatch(x -> contains(AttributeValue.fromS(x), needles));
        }
        return false;
    }

    // ---- access: everything held about one address ------------------------------------------------

    /** Everything held about one address, as a JSON document for the person who asked. */
    public ObjectNode export(String email, String requestedBy, Instant now) {
        Person p = find(email);
        Map<String, String> references = new HashMap<>();
        ObjectNode out = Json.object();
        out.put("email", p.email());
        out.put("exportedAt", now.toString());
        ArrayNode names = out.putArray("names");
        p.names().forEach(names::add);
        ArrayNode nominated = out.putArray("nominations");
        for (Map<String, AttributeValue> item : p.nominated()) {
            nominated.addObject().put("reference", str(item, "reference")).put("cycleId", str(item, "cycleId"))
                    .put("category", str(item, "category")).put("status", str(item, "status")).put("submittedAt", str(item, "submittedAt"))
                    .set("submission", Json.read(str(item, "doc")));
        }
        ArrayNode roles = out.putArray("roles");
        p.roles().forEach(r -> roles.addObject().put("cycleId", r.cycleId()).put("category", r.category()).put("role", r.role()));
        ArrayNode votes = out.putArray("votes");
        ArrayNode scores = out.putArray("scores");
        ArrayNode emails = out.putArray("emails");
        for (Map<String, AttributeValue> item : p.keyed()) {
            String sk = str(item, "sk");
            String owner = str(item, "pk");
            if (sk.startsWith("VOTE#")) {
                votes.addObject().put("nomination", reference(owner, references)).put("decision", str(item, "decision"))
                        .put("comment", str(item, "comment")).put("at", str(item, "at"));
            } else if (sk.startsWith("SCORE#")) {
                ObjectNode score = scores.addObject().put("nomination", reference(owner, references)).put("comment", str(item, "comment"))
                        .put("at", str(item, "at"));
                if (item.containsKey("values")) {
                    ObjectNode values = score.putObject("values");
                    item.get("values").m().forEach((criterion, v) -> values.put(criterion, Integer.parseInt(v.n())));
                }
            } else if (sk.startsWith("EMAIL#")) {
                emails.addObject().put("about", owner.startsWith("NOM#") ? reference(owner, references) : owner)
                        .put("kind", sk.split("#")[1]).put("state", str(item, "state"));
            }
        }
        ArrayNode links = out.putArray("judgingLinks");
        for (Map<String, AttributeValue> item : p.links()) {
            // What the link was for and what became of it; never its secret's hash.
            ObjectNode l = links.addObject().put("kind", str(item, "kind")).put("status", str(item, "status"))
                    .put("decision", str(item, "decision")).put("decidedAt", str(item, "decidedAt"));
            if (!str(item, "nominationId").isEmpty()) {
                l.put("nomination", reference("NOM#" + str(item, "nominationId"), references));
            } else {
                l.put("cycleId", str(item, "cycleId")).put("category", str(item, "category"));
            }
        }
        // Other people's items that name them (a citation, say): where, not what else those items hold.
        // The panels they sit on (a panel item lists its judges' addresses).
        ArrayNode panels = out.putArray("panels");
        for (Map<String, AttributeValue> item : p.mentioned()) {
            if (str(item, "sk").equals("PANEL")) {
                panels.add(reference(str(item, "pk"), references));
            }
        }
        ArrayNode mentions = out.putArray("mentionedIn");
        Set<Map<String, AttributeValue>> own = new java.util.HashSet<>(p.nominated());
        own.addAll(p.keyed());
        own.addAll(p.links());
        for (Map<String, AttributeValue> item : p.mentioned()) {
            if (!own.contains(item) && !str(item, "type").equals("cycle") && !str(item, "type").equals("privacy-audit")
                    && !str(item, "sk").equals("PANEL")) {
                mentions.add(str(item, "pk").startsWith("NOM#") ? reference(str(item, "pk"), references) + " (" + str(item, "type") + ")"
                        : str(item, "type"));
            }
        }
        audit("export", addressHash(email), requestedBy, now, Json.object().put("nominations", nominated.size())
                .put("votes", votes.size()).put("roles", roles.size()).put("emails", emails.size()));
        return out;
    }

    private String reference(String nominationPk, Map<String, String> cache) {
        return cache.computeIfAbsent(nominationPk, pk -> {
            var item = dynamo.getItem(b -> b.tableName(table).key(awards.platform.Items.key(pk, "NOM"))
                    .projectionExpression("#r").expressionAttributeNames(Map.of("#r", "reference")).consistentRead(true)).item();
            return item == null || item.isEmpty() ? pk.substring(4) : str(item, "reference");
        });
    }

    // ---- erasure on request -------------------------------------------------------------------

    /** Erases one person's data everywhere: withdraws their open nominations first; answers what was done. */
    public ObjectNode erase(String email, String requestedBy, Instant now) {
        Person p = find(email);
        int withdrawn = 0;
        for (Map<String, AttributeValue> item : p.nominated()) {
            if (Status.SUBMITTED.name().equals(str(item, "status")) && withdraw(str(item, "pk").substring(4), now)) {
                withdrawn++;
            }
        }
        // Read again what the withdrawals changed, then erase every item the person is in.
        Map<String, Integer> erased = new TreeMap<>();
        Set<String> done = new java.util.HashSet<>();
        List<Map<String, AttributeValue>> touched = new ArrayList<>(p.keyed());
        touched.addAll(p.links());
        touched.addAll(p.mentioned());
        touched.addAll(p.nominated());
        // The items their names are read from go last: if this run stops half-way (a timeout, a
        // crash), the same request again still finds every name, and finishes the work.
        touched.sort(java.util.Comparator.comparingInt(item -> str(item, "type").equals("cycle") ? 3
                : p.nominated().contains(item) ? 2 : item.containsKey("whoName") ? 1 : 0));
        String standIn = standIn(p.email());
        for (Map<String, AttributeValue> item : touched) {
            String at = str(item, "pk") + "|" + str(item, "sk");
            if (done.add(at)) {
                rewrite(item, current -> scrub(current, p.email(), standIn, p.needles()));
                erased.merge(kind(item), 1, Integer::sum);
            }
        }
        ObjectNode report = Json.object();
        report.put("addressHash", addressHash(p.email()));
        report.put("nominationsWithdrawn", withdrawn);
        ObjectNode items = report.putObject("itemsErased");
        erased.forEach(items::put);
        report.put("erasedAt", now.toString());
        audit("erasure", addressHash(p.email()), requestedBy, now, report.deepCopy());
        return report;
    }

    private boolean withdraw(String id, Instant now) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Nomination n = nominations.find(id).orElse(null);
            if (n == null || n.status() != Status.SUBMITTED) {
                return false;
            }
            if (nominations.changeStatus(n, Status.WITHDRAWN, now, "erasure")) {
                executions.stop(n, "withdrawn: the nominator's personal data was erased");
                return true;
            }
        }
        throw new IllegalStateException("nomination " + id + " kept changing while it was being withdrawn");
    }

    private static String kind(Map<String, AttributeValue> item) {
        String type = str(item, "type");
        if (!type.isEmpty()) {
            return type;
        }
        String sk = str(item, "sk");
        return sk.contains("#") ? sk.substring(0, sk.indexOf('#')).toLowerCase(Locale.ROOT) : sk.toLowerCase(Locale.ROOT);
    }

    // ---- retention ------------------------------------------------------------------------------

    /** Whether a cycle's item is past its retention and not yet erased. */
    private static boolean due(Map<String, AttributeValue> cycleItem, Instant now) {
        return !cycleItem.containsKey("personalDataErasedAt") && !now.isBefore(CycleJson.read(Json.read(str(cycleItem, "doc"))).personalDataErasedAt());
    }

    /**
     * Erases the personal data of every cycle whose retention has passed ({@code retentionDaysAfterCeremony}
     * after its ceremony), once: every nomination's nominee, nominator, citation and links, the
     * judges' comments, the links' holders, the emails' recipients and the cycle's people. What
     * stays: references, categories, statuses, decisions, dates. Answers the cycles it erased.
     */
    public ObjectNode retain(Instant now) {
        ObjectNode out = Json.object();
        ArrayNode cycles = out.putArray("cycles");
        // Most days no cycle is due: the cycles alone are read (from the index every saved cycle is in,
        // as the judges' rounds read them), not the whole table. A cycle that is due is decided on
        // below from the table itself, read consistently.
        if (new awards.cycle.CycleStore(dynamo, table).allItems().stream().noneMatch(item -> due(item, now))) {
            return out;
        }
        List<Map<String, AttributeValue>> all = everything();
        for (Map<String, AttributeValue> cycleItem : all) {
            if (!str(cycleItem, "type").equals("cycle") || !due(cycleItem, now)) {
                continue;
            }
            Cycle cycle = CycleJson.read(Json.read(str(cycleItem, "doc")));
            Set<String> nominationPks = new java.util.HashSet<>();
            for (Map<String, AttributeValue> item : all) {
                if (str(item, "type").equals("nomination") && str(item, "cycleId").equals(cycle.id())) {
                    nominationPks.add(str(item, "pk"));
                }
            }
            Map<String, Integer> erased = new TreeMap<>();
            for (Map<String, AttributeValue> item : all) {
                String pk = str(item, "pk");
                boolean ofCycle = nominationPks.contains(pk) || cycle.id().equals(str(item, "cycleId")) || pk.equals("CYCLE#" + cycle.id());
                if (!ofCycle || str(item, "type").equals("cycle")) {
                    continue;
                }
                rewrite(item, PersonalData::retained);
                erased.merge(kind(item), 1, Integer::sum);
            }
            // Last, the cycle's own people; the mark makes the next run pass it by.
            rewrite(cycleItem, current -> {
                Map<String, AttributeValue> next = new HashMap<>(current);
                ObjectNode doc = (ObjectNode) Json.read(str(current, "doc"));
                for (JsonNode c : doc.path("categories")) {
                    anonymise((ObjectNode) c.path("panel").path("chair"));
                    c.path("panel").path("judges").forEach(j -> anonymise((ObjectNode) j));
                }
                if (doc.path("judging").hasNonNull("adminEmail")) {
                    ((ObjectNode) doc.path("judging")).put("adminEmail", standIn(doc.path("judging").path("adminEmail").asText()));
                }
                next.put("doc", s(Json.write(doc)));
                next.put("personalDataErasedAt", s(now.toString()));
                return next;
            });
            ObjectNode items = Json.object();
            erased.forEach(items::put);
            cycles.addObject().put("cycleId", cycle.id()).set("itemsErased", items);
            audit("retention", "", "retention schedule", now, Json.object().put("cycleId", cycle.id()).set("itemsErased", items.deepCopy()));
        }
        return out;
    }

    private static final Pattern ADDRESS = Pattern.compile("[^\\s@#\"]+@[^\\s@#\"]+\\.[^\\s@#\"]+");

    private static AttributeValue addressesOut(AttributeValue v) {
        if (v.s() != null) {
            return s(ADDRESS.matcher(v.s()).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(
                    m.group().endsWith("@erased.invalid") ? m.group() : standIn(m.group()))));
        }
        if (v.hasL()) {
            return AttributeValue.fromL(v.l().stream().map(PersonalData::addressesOut).toList());
        }
        if (v.hasM()) {
            Map<String, AttributeValue> m = new HashMap<>();
            v.m().forEach((k, x) -> m.put(k, addressesOut(x)));
            return AttributeValue.fromM(m);
        }
        return v;
    }

    private static void anonymise(ObjectNode person) {
        String email = person.path("email").asText();
        person.put("name", ERASED).put("organisation", ERASED).put("email", standIn(email));
    }

    /** An item of a cycle whose retention passed, without its personal data. */
    private static Map<String, AttributeValue> retained(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> next = new HashMap<>(item);
        String type = str(item, "type");
        if (type.equals("nomination")) {
            ObjectNode doc = (ObjectNode) Json.read(str(item, "doc"));
            ((ObjectNode) doc.path("nominee")).put("name", ERASED).put("organisation", ERASED);
            String email = doc.path("nominator").path("email").asText();
            ((ObjectNode) doc.path("nominator")).put("name", ERASED).put("organisation", ERASED).put("email", standIn(email));
            doc.put("citation", ERASED);
            doc.putArray("links");
            next.put("doc", s(Json.write(doc)));
        }
        next.remove("comment");
        next.remove("reason");
        // Any other address (a panel's judges, a link's holder) becomes its stand-in.
        next.replaceAll((name, value) -> name.equals("doc") || name.equals("pk") || name.equals("sk") ? value : addressesOut(value));
        for (String name : List.of("whoName", "judgeName")) {
            if (item.containsKey(name)) {
                next.put(name, s(ERASED));
            }
        }
        // Keys that hold an address (a vote's, an email's recipient) hold its stand-in instead.
        for (String keyName : List.of("pk", "sk")) {
            List<String> parts = java.util.Arrays.stream(str(item, keyName).split("#", -1))
                    .map(part -> EMAIL_KEY.matcher(part).matches() ? standIn(part) : part).toList();
            next.put(keyName, s(String.join("#", parts)));
        }
        return next;
    }

    // ---- writing ---------------------------------------------------------------------------------

    /** An item without one person in it: the address replaced by its stand-in, every mention by [erased]. */
    private static Map<String, AttributeValue> scrub(Map<String, AttributeValue> item, String email, String standIn,
                                                     List<String> needles) {
        Map<String, AttributeValue> next = new HashMap<>();
        item.forEach((name, value) -> next.put(name, scrubValue(name, value, email, standIn, needles)));
        // A judge's comments are theirs: they go with them.
        String sk = str(item, "sk").toLowerCase(Locale.ROOT);
        if (sk.startsWith("vote#" + email) || sk.startsWith("score#" + email) || sk.startsWith("conflict#") && email.equalsIgnoreCase(str(item, "who"))) {
            next.remove("comment");
            next.remove("reason");
        }
        return next;
    }

    private static AttributeValue scrubValue(String name, AttributeValue v, String email, String standIn, List<String> needles) {
        if (v.s() != null) {
            String text = v.s();
            if (name.equals("pk") || name.equals("sk") || name.equals("who")) {
                return s(replaceIgnoringCase(text, email, standIn));
            }
            if (name.equals("doc") && text.startsWith("{")) {
                return s(Json.write(scrubJson(Json.read(text), email, standIn, needles)));
            }
            return s(replaceAll(text, email, standIn, needles));
        }
        if (v.hasL()) {
            return AttributeValue.fromL(v.l().stream().map(x -> scrubValue("", x, email, standIn, needles)).toList());
        }
        if (v.hasM()) {
            Map<String, AttributeValue> m = new HashMap<>();
            v.m().forEach((k, x) -> m.put(k, scrubValue(k, x, email, standIn, needles)));
            return AttributeValue.fromM(m);
        }
        return v;
    }

    private static JsonNode scrubJson(JsonNode node, String email, String standIn, List<String> needles) {
        if (node.isTextual()) {
            return TextNode.valueOf(node.asText().equalsIgnoreCase(email) ? standIn : replaceAll(node.asText(), email, standIn, needles));
        }
        if (node.isObject()) {
            ObjectNode out = Json.object();
            node.properties().forEach(e -> out.set(e.getKey(), scrubJson(e.getValue(), email, standIn, needles)));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = Json.MAPPER.createArrayNode();
            node.forEach(x -> out.add(scrubJson(x, email, standIn, needles)));
            return out;
        }
        return node;
    }

    /** The address by its stand-in, then every name by [erased], ignoring case. */
    private static String replaceAll(String text, String email, String standIn, List<String> needles) {
        String out = replaceIgnoringCase(text, email, standIn);
        for (String n : needles) {
            if (!n.equalsIgnoreCase(email)) {
                out = replaceIgnoringCase(out, n, ERASED);
            }
        }
        return out;
    }

    private static String replaceIgnoringCase(String text, String what, String with) {
        return whole(what).matcher(text).replaceAll(java.util.regex.Matcher.quoteReplacement(with));
    }

    /**
     * {@code what} as a whole word or address, any case: "Person 7" is not in "Person 70", nor
     * "ann@example.org" in "joann@example.org". Keys join their parts with {@code #}, a boundary too.
     */
    private static Pattern whole(String what) {
        return Pattern.compile("(?<![\\p{L}\\p{N}._%+-])" + Pattern.quote(what) + "(?![\\p{L}\\p{N}])",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /**
     * Writes an item changed by {@code change}, read again each time: conditional on its version
     * where it has one (a nomination the workflow moves meanwhile is read and changed again), and as
     * one transaction (delete the old, put the new) when its key changes.
     */
    private void rewrite(Map<String, AttributeValue> seen, java.util.function.UnaryOperator<Map<String, AttributeValue>> change) {
        Map<String, AttributeValue> key = Map.of("pk", seen.get("pk"), "sk", seen.get("sk"));
        for (int attempt = 0; attempt < 5; attempt++) {
            Map<String, AttributeValue> current = dynamo.getItem(b -> b.tableName(table).key(key).consistentRead(true)).item();
            if (current == null || current.isEmpty()) {
                return; // gone meanwhile (an expired link, say): nothing left to erase
            }
            Map<String, AttributeValue> next = change.apply(current);
            boolean versioned = current.containsKey("version");
            String condition = versioned ? "#v = :v" : "attribute_exists(pk)";
            Map<String, String> names = versioned ? Map.of("#v", "version") : null;
            Map<String, AttributeValue> values = versioned ? Map.of(":v", current.get("version")) : null;
            try {
                if (next.get("pk").equals(current.get("pk")) && next.get("sk").equals(current.get("sk"))) {
                    dynamo.putItem(b -> b.tableName(table).item(next).conditionExpression(condition)
                            .expressionAttributeNames(names).expressionAttributeValues(values));
                } else {
                    dynamo.transactWriteItems(b -> b.transactItems(
                            TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(key).conditionExpression(condition)
                                    .expressionAttributeNames(names).expressionAttributeValues(values).build()).build(),
                            TransactWriteItem.builder().put(Put.builder().tableName(table).item(next)
                                    .conditionExpression("attribute_not_exists(pk)").build()).build()));
                }
                return;
            } catch (ConditionalCheckFailedException | TransactionCanceledException e) {
                // changed under us: read again
            }
        }
        throw new IllegalStateException("item " + key + " kept changing while its personal data was being erased");
    }

    /** An audit item: what was done, when, at whose request; of the person only their address's hash. */
    private void audit(String action, String addressHash, String requestedBy, Instant now, ObjectNode touched) {
        Map<String, AttributeValue> item = new HashMap<>(awards.platform.Items.key("PRIVACY", now + "#" + action + "#" + Secrets.id()));
        item.put("type", s("privacy-audit"));
        item.put("action", s(action));
        if (!addressHash.isEmpty()) {
            item.put("addressHash", s(addressHash));
        }
        item.put("requestedBy", s(requestedBy));
        item.put("at", s(now.toString()));
        item.put("touched", s(Json.write(touched)));
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.s() == null ? "" : v.s();
    }
}
