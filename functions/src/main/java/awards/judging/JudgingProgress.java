package awards.judging;

import awards.cycle.Cycle;
import awards.nomination.Nomination;
import awards.nomination.NominationStore;
import awards.nomination.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * How far judging has come in a cycle, for the admins: per judge, the entries assigned and decided
 * (or scored); per category, the entries, how many every judge has decided or scored, and what
 * their panels made of them. Read from the nominations and
 * their panels alone (who voted is kept on the panel, in the vote's own transaction), so the figures
 * agree with the outcomes whatever crashed on the way. Withdrawn entries are left out.
 */
public final class JudgingProgress {
    private JudgingProgress() {}

    /** {@code conflicts}: entries they declared a conflict with (no longer assigned to them). */
    public record Judge(String category, String name, String email, int assigned, int decided, int conflicts) {
        public int pending() {
            return assigned - decided;
        }
    }

    /**
     * {@code mode}: approve or score. {@code complete}: entries every assigned judge has decided or
     * scored. {@code scored}: scored entries whose round closed (their category's shortlist decides).
     */
    public record Category(String id, String name, String mode, int entries, int awaitingPanel, int pending, int complete, int shortlisted,
                           int notShortlisted, int undecided, int scored) {
        /** Entries whose panel has an outcome. */
        public int decided() {
            return shortlisted + notShortlisted + undecided + scored;
        }
    }

    public record Progress(String cycleId, List<Judge> judges, List<Category> categories) {}

    public static Progress of(Cycle cycle, NominationStore nominations, JudgingStore judging) {
        List<Judge> judges = new ArrayList<>();
        List<Category> categories = new ArrayList<>();
        for (Cycle.Category category : cycle.categories()) {
            List<String> ids = new ArrayList<>();
            Map<String, AttributeValue> start = Map.of();
            do {
                NominationStore.Page page = nominations.list(cycle.id(), category.id(), null, 500, start);
                page.items().stream().filter(n -> n.status() != Status.WITHDRAWN).map(Nomination::id).forEach(ids::add);
                start = page.next();
            } while (!start.isEmpty());
            Map<String, JudgingStore.PanelSummary> panels = judging.summaries(ids);
            Map<String, int[]> byJudge = new LinkedHashMap<>();
            category.panel().judges().forEach(j -> byJudge.put(j.email(), new int[3]));
            int awaiting = 0;
            int pending = 0;
            int shortlisted = 0;
            int notShortlisted = 0;
            int undecided = 0;
            int scored = 0;
            int complete = 0;
            // Each judge's key (a SHA-256) worked out once, not once per entry.
            Map<String, String> keys = new java.util.HashMap<>();
            for (String id : ids) {
                JudgingStore.PanelSummary panel = panels.get(id);
                if (panel == null) {
                    awaiting++;
                    continue;
                }
                switch (String.valueOf(panel.outcome())) {
                    case JudgingService.SHORTLISTED -> shortlisted++;
                    case JudgingService.NOT_SHORTLISTED -> notShortlisted++;
                    case JudgingService.UNDECIDED -> undecided++;
                    case JudgingService.SCORED -> scored++;
                    default -> pending++;
                }
                for (Cycle.Person judge : category.panel().judges()) {
                    if (panel.conflicts().contains(keys.computeIfAbsent(judge.email(), JudgingStore::judgeKey))) {
                        byJudge.get(judge.email())[2]++;
                    }
                }
                boolean everyJudgeDone = !panel.judges().isEmpty();
                for (String judge : panel.judges()) {
                    int[] counts = byJudge.computeIfAbsent(judge, k -> new int[3]);
                    counts[0]++;
                    boolean done = panel.voters().contains(keys.computeIfAbsent(judge, JudgingStore::judgeKey));
                    counts[1] += done ? 1 : 0;
                    everyJudgeDone &= done;
                }
                complete += everyJudgeDone ? 1 : 0;
            }
            byJudge.forEach((email, counts) -> judges.add(new Judge(category.id(),
                    category.panel().judges().stream().filter(j -> j.email().equals(email)).map(Cycle.Person::name).findFirst().orElse(email),
                    email, counts[0], counts[1], counts[2])));
            categories.add(new Category(category.id(), category.name(), category.scored() ? "score" : "approve", ids.size(), awaiting, pending, complete,
                    shortlisted, notShortlisted, undecided, scored));
        }
        return new Progress(cycle.id(), List.copyOf(judges), List.copyOf(categories));
    }
}
