package awards.local.console;

import awards.cycle.Cycle;
import awards.cycle.CycleJson;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The cycles in the local table and their milestones, for the clock controls. */
public final class Milestones {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final DynamoDbClient dynamo;
    private final String table;

    public Milestones(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public record Milestone(String cycleId, String cycleName, String name, Instant at, String triggers) {}

    /**
     * Every cycle: from the index every saved cycle is in (a Query, whatever the table's size); only
     * when it holds none, by a Scan, for a data folder whose cycles were saved before the index.
     */
    public List<Cycle> cycles() {
        List<Cycle> out = new ArrayList<>(new awards.cycle.CycleStore(dynamo, table).all());
        if (!out.isEmpty()) {
            out.sort(Comparator.comparing(Cycle::id));
            return out;
        }
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = dynamo.scan(b -> b.tableName(table).filterExpression("#t = :cycle")
                    .expressionAttributeNames(Map.of("#t", "type")).expressionAttributeValues(Map.of(":cycle", AttributeValue.fromS("cycle")))
                    .exclusiveStartKey(from));
            for (var item : page.items()) {
                try {
                    out.add(CycleJson.read(JSON.readTree(item.get("doc").s())).withVersion(Long.parseLong(item.get("version").n())));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        out.sort(Comparator.comparing(Cycle::id));
        return out;
    }

    public List<Milestone> all() {
        List<Milestone> out = new ArrayList<>();
        for (Cycle c : cycles()) {
            var m = c.milestones();
            out.add(new Milestone(c.id(), c.name(), "Nominations open", m.opensAt(), "entrants can submit nominations"));
            out.add(new Milestone(c.id(), c.name(), "Nominations close", m.closesAt(),
                    "submissions are refused; every nomination goes to its judges"));
            // The judges' rounds schedule reminds each category's judges from this instant (JudgingRounds);
            // categories with a reminder lead of their own are reminded at their own time.
            Map<Instant, List<String>> reminders = new java.util.TreeMap<>();
            for (Cycle.Category category : c.categories()) {
                Instant at = c.remindJudgesAt(category);
                if (c.judgingOf(category).reminderDaysBeforeShortlist() > 0 && at.isAfter(m.closesAt())) {
                    reminders.computeIfAbsent(at, k -> new ArrayList<>()).add(category.name());
                }
            }
            reminders.forEach((at, names) -> {
                long days = java.time.Duration.between(at, m.judgingClosesAt()).toDays();
                out.add(new Milestone(c.id(), c.name(), "Judges reminded", at, "judges who have not decided are reminded (" + days
                        + (days == 1 ? " day" : " days") + " before judging closes)"
                        + (names.size() == c.categories().size() ? "" : ": " + String.join(", ", names))));
            });
            if (m.judgingClosesAt().isBefore(m.shortlistAt())) {
                out.add(new Milestone(c.id(), c.name(), "Judging closes", m.judgingClosesAt(),
                        "judges' scores are final; chairs of scored categories confirm their shortlists"));
            }
            out.add(new Milestone(c.id(), c.name(), "Shortlist announced", m.shortlistAt(), "every nominator hears whether the entry was shortlisted"));
            out.add(new Milestone(c.id(), c.name(), "Awards ceremony", m.ceremonyAt(), "every finalist hears the result"));
        }
        out.sort(Comparator.comparing(Milestone::at));
        return out;
    }

    /** The first milestone after {@code now}, of one cycle or of any. */
    public Optional<Milestone> next(Instant now, String cycleId) {
        return all().stream().filter(m -> m.at().isAfter(now)).filter(m -> cycleId == null || m.cycleId().equals(cycleId)).findFirst();
    }
}
