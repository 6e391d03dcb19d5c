package awards.admin;

import awards.cycle.CycleJson;
import awards.nomination.Nomination;
import awards.nomination.NominationStore;
import awards.nomination.Status;
import awards.platform.ApiHandler;
import awards.platform.ApiRequest;
import awards.platform.ApiResponse;
import awards.platform.AwsClients;
import awards.platform.Env;
import awards.platform.Json;
import awards.platform.Problem;
import awards.platform.Problem.FieldError;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code GET /admin/nominations?cycleId=&category=&status=&limit=&nextToken=}: one page as JSON;
 * with {@code format=csv}, every matching nomination as a CSV download.
 */
public final class NominationAdminHandler extends ApiHandler {
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 500;
    private final NominationStore nominations;
    private final awards.judging.JudgingStore judging;
    private final awards.platform.Admins admins;

    public NominationAdminHandler() {
        this(System.getenv());
        awards.platform.Priming.register(awards.nomination.NominationPriming.WORK);
    }

    public NominationAdminHandler(Map<String, String> environment) {
        this(new Env(environment), awards.platform.Admins.from(new Env(environment)));
    }

    private NominationAdminHandler(Env env, awards.platform.Admins admins) {
        this(new NominationStore(new AwsClients(env).dynamoDb(), env.require("TABLE_NAME")),
                new awards.judging.JudgingStore(new AwsClients(env).dynamoDb(), env.require("TABLE_NAME")), admins);
    }

    public NominationAdminHandler(NominationStore nominations, awards.judging.JudgingStore judging, awards.platform.Admins admins) {
        this.nominations = nominations;
        this.judging = judging;
        this.admins = admins;
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        admins.require(request);
        List<FieldError> errors = new ArrayList<>();
        String cycleId = request.queryParam("cycleId").orElse(null);
        if (cycleId == null || !CycleJson.CYCLE_ID.matcher(cycleId).matches()) {
            errors.add(new FieldError("cycleId", "is required: the cycle to list"));
        }
        String category = request.queryParam("category").orElse(null);
        if (category != null && !awards.cycle.CycleJson.CATEGORY_ID.matcher(category).matches()) {
            errors.add(new FieldError("category", "is not a category id: lower-case letters, digits and hyphens, at most 40"));
            category = null;
        }
        Status status = null;
        if (request.queryParam("status").isPresent()) {
            try {
                status = Status.valueOf(request.queryParam("status").get());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("status", "is not one of " + List.of(Status.values())));
            }
        }
        int limit = DEFAULT_LIMIT;
        if (request.queryParam("limit").isPresent()) {
            try {
                limit = Integer.parseInt(request.queryParam("limit").get());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                errors.add(new FieldError("limit", "must be a number from 1 to " + MAX_LIMIT));
            }
        }
        Map<String, AttributeValue> start = Map.of();
        if (request.queryParam("nextToken").isPresent()) {
            try {
                start = decode(request.queryParam("nextToken").get(), cycleId, category);
            } catch (RuntimeException e) {
                errors.add(new FieldError("nextToken", "is not a token this API gave out"));
            }
        }
        boolean csv = request.queryParam("format").map("csv"::equals).orElse(false);
        if (!errors.isEmpty()) {
            throw Problem.invalid("invalid-query", "The query has invalid parameters", errors).exception();
        }
        if (csv) {
            return csv(cycleId, category, status);
        }
        NominationStore.Page page = nominations.list(cycleId, category, status, limit, start);
        ObjectNode out = Json.object();
        ArrayNode items = out.putArray("items");
        Map<String, String> outcomes = judging.outcomes(page.items().stream().map(Nomination::id).toList());
        page.items().forEach(n -> items.add(summary(n).put("panelOutcome", outcomes.getOrDefault(n.id(), ""))));
        if (!page.next().isEmpty()) {
            out.put("nextToken", encode(page.next()));
        }
        return ApiResponse.json(200, out);
    }

    private ApiResponse csv(String cycleId, String category, Status status) {
        StringBuilder out = new StringBuilder(Csv.row(List.of("reference", "status", "panel outcome", "category", "nominee", "nominee kind",
                "nominee organisation", "nominator", "nominator email", "nominator organisation", "submitted at", "words", "emails refused",
                "score", "scores", "judges' scores and comments", "conflicts declared")));
        List<Nomination> all = new ArrayList<>();
        Map<String, AttributeValue> start = Map.of();
        do {
            NominationStore.Page page = nominations.list(cycleId, category, status, MAX_LIMIT, start);
            all.addAll(page.items());
            start = page.next();
        } while (!start.isEmpty());
        // A spreadsheet is read by reference: the index orders by category and status.
        all.sort(java.util.Comparator.comparing(Nomination::reference));
        Map<String, awards.judging.JudgingStore.PanelSummary> panels = judging.summaries(all.stream().map(Nomination::id).toList());
        // Scores and conflicts read by key, in batches (this function may not Query the table).
        Map<String, Map<String, awards.judging.JudgingStore.Score>> scores = judging.scores(panels);
        Map<String, Map<String, awards.judging.JudgingStore.Conflict>> conflicts = judging.conflicts(panels);
        for (Nomination n : all) {
            var s = n.submission();
            var panel = Optional.ofNullable(panels.get(n.id()));
            Map<String, Double> means = panel.map(awards.judging.JudgingStore.PanelSummary::scores).orElse(Map.of());
            // Scored entries: the entry's score (the mean of its judges' weighted means), how many
            // scored, and each judge's scores and comment, for the admins (never the nominators).
            java.util.OptionalDouble mean = awards.judging.Leaderboard.score(panels.get(n.id()));
            String score = mean.isPresent() ? awards.judging.Leaderboard.shown(mean.getAsDouble()) : "";
            String details = means.isEmpty() ? "" : String.join("; ", scores.getOrDefault(n.id(), Map.of()).values().stream()
                    .map(x -> x.judgeName() + ": " + awards.judging.Leaderboard.shown(x.weighted()) + " ("
                            + String.join(", ", x.values().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()) + ")"
                            + (x.comment().isBlank() ? "" : ", \u201c" + x.comment() + "\u201d")).toList());
            out.append(Csv.row(List.of(n.reference(), n.status().name(), panel.map(awards.judging.JudgingStore.PanelSummary::outcome).orElse(""),
                    s.category(), s.nominee().name(),
                    s.nominee().kind().name(), s.nominee().organisation(), s.nominator().name(), s.nominator().email(),
                    s.nominator().organisation(), n.submittedAt().toString(),
                    Integer.toString(awards.platform.Text.words(s.citation())), String.join(" ", n.emailsRefused()),
                    score, means.isEmpty() ? "" : Integer.toString(means.size()), details,
                    String.join("; ", conflicts.getOrDefault(n.id(), Map.of()).values().stream().map(c -> c.judgeName() + ": " + c.reason()).toList()))));
        }
        return new ApiResponse(200, Map.of("content-type", "text/csv; charset=utf-8",
                "content-disposition", "attachment; filename=\"nominations-" + cycleId + ".csv\""), out.toString());
    }

    private static ObjectNode summary(Nomination n) {
        ObjectNode o = Json.object();
        o.put("id", n.id());
        o.put("reference", n.reference());
        o.put("status", n.status().name());
        o.put("category", n.submission().category());
        o.put("nominee", n.submission().nominee().name());
        o.put("nomineeKind", n.submission().nominee().kind().name());
        o.put("nomineeOrganisation", n.submission().nominee().organisation());
        o.put("nominator", n.submission().nominator().name());
        o.put("nominatorEmail", n.submission().nominator().email());
        o.put("submittedAt", n.submittedAt().toString());
        o.put("executionName", n.executionName());
        o.put("executionStarted", n.executionStarted());
        var refused = o.putArray("emailsRefused");
        n.emailsRefused().forEach(refused::add);
        return o;
    }

    private static String encode(Map<String, AttributeValue> key) {
        ObjectNode o = Json.object();
        key.forEach((k, v) -> o.put(k, v.s()));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(o).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A page key this API gave out for this same query: its cycle and category (DynamoDB refuses
     * a start key outside the query's key condition, which would otherwise be a 500).
     */
    private static Map<String, AttributeValue> decode(String token, String cycleId, String category) {
        if (token.length() > 2000) {
            throw new IllegalArgumentException("too long for a page key");
        }
        var node = Json.read(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
        Map<String, AttributeValue> key = new HashMap<>();
        node.properties().forEach(e -> key.put(e.getKey(), AttributeValue.fromS(e.getValue().asText())));
        if (!key.keySet().equals(java.util.Set.of("pk", "sk", "gsi1pk", "gsi1sk"))) {
            throw new IllegalArgumentException("not a page key");
        }
        if (!key.get("gsi1pk").s().equals("CYCLE#" + cycleId) || (category != null && !key.get("gsi1sk").s().startsWith(category + "#"))
                || !key.get("pk").s().startsWith("NOM#") || !awards.platform.Secrets.isId(key.get("pk").s().substring(4))) {
            throw new IllegalArgumentException("a page key of another query");
        }
        return key;
    }
}
