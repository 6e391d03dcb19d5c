package awards.local.console;

import awards.admin.Csv;
import awards.local.email.Outbox;
import localaws.stepfunctions.api.StepFunctionsApi;
import localaws.stepfunctions.engine.Execution;
import localaws.stepfunctions.engine.HistoryEvent;
import awards.nomination.Nomination;
import awards.nomination.NominationStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The console's read side: the graph with live counts, executions, histories, nominations, the outbox. */
final class ConsoleApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ConsoleData data;

    ConsoleApi(ConsoleData data) {
        this.data = data;
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    ObjectNode graph() {
        var sm = data.engine().stateMachine(data.stateMachineArn());
        ObjectNode out = Graph.of(sm.definition().json());
        ObjectNode counts = out.putObject("running");
        Map<String, Integer> byState = new HashMap<>();
        for (Execution ex : data.engine().executions(data.stateMachineArn(), Execution.Status.RUNNING)) {
            if (ex.currentState() != null) {
                byState.merge(ex.currentState(), 1, Integer::sum);
            }
        }
        byState.forEach(counts::put);
        ObjectNode totals = out.putObject("totals");
        for (Execution.Status s : Execution.Status.values()) {
            totals.put(s.name(), data.engine().executions(data.stateMachineArn(), s).size());
        }
        return out;
    }

    ObjectNode executions(Map<String, String> q) {
        Execution.Status status = q.containsKey("status") && !q.get("status").isEmpty() ? Execution.Status.valueOf(q.get("status")) : null;
        String state = q.getOrDefault("state", "");
        String category = q.getOrDefault("category", "");
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("executions");
        int shown = 0;
        for (Execution ex : data.engine().executions(data.stateMachineArn(), status)) {
            String cat = input(ex).path("category").asText("");
            if (!state.isEmpty() && !state.equals(ex.currentState()) || !category.isEmpty() && !category.equals(cat)) {
                continue;
            }
            if (shown++ >= 500) {
                out.put("truncated", true);
                break;
            }
            list.add(summary(ex, cat));
        }
        return out;
    }

    private static JsonNode input(Execution ex) {
        try {
            return JSON.readTree(ex.input());
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static ObjectNode summary(Execution ex, String category) {
        ObjectNode e = JSON.createObjectNode();
        e.put("name", ex.name());
        e.put("reference", ex.name().contains("_") ? ex.name().substring(0, ex.name().indexOf('_')) : ex.name());
        e.put("status", ex.status().name());
        e.put("state", ex.currentState() == null ? "" : ex.currentState());
        e.put("category", category);
        e.put("startedAt", java.time.Instant.ofEpochMilli(ex.startMillis()).toString());
        return e;
    }

    Optional<ObjectNode> execution(String name) {
        String arn = data.stateMachineArn().replace(":stateMachine:", ":execution:") + ":" + name;
        Execution ex;
        try {
            ex = data.engine().execution(arn);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        ObjectNode out = summary(ex, input(ex).path("category").asText(""));
        out.put("input", ex.input());
        if (ex.output() != null) {
            out.put("output", ex.output());
        }
        if (ex.error() != null) {
            out.put("error", ex.error()).put("cause", ex.cause());
        }
        ArrayNode events = out.putArray("events");
        Set<String> path = new LinkedHashSet<>();
        for (HistoryEvent h : ex.history()) {
            ObjectNode e = redacted(StepFunctionsApi.event(h, true));
            e.put("time", java.time.Instant.ofEpochMilli(h.timestamp()).toString());
            if (h.type().endsWith("StateEntered")) {
                path.add(h.note());
            }
            events.add(e);
        }
        ArrayNode p = out.putArray("path");
        path.forEach(p::add);
        return Optional.of(out);
    }

    /** A task token (64 URL-safe characters, as the engine mints them) anywhere in an event. */
    private static final java.util.regex.Pattern TASK_TOKEN = java.util.regex.Pattern.compile("(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{64}(?![A-Za-z0-9_-])");

    /**
     * The event with every task token hidden: a token lets whoever holds it decide a panel, so the
     * console shows where one was, never the token itself.
     */
    static ObjectNode redacted(ObjectNode event) {
        String text = event.toString();
        java.util.regex.Matcher m = TASK_TOKEN.matcher(text);
        if (!m.find()) {
            return event;
        }
        try {
            return (ObjectNode) JSON.readTree(m.replaceAll("(task token hidden)"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    ObjectNode cycles() {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("cycles");
        data.milestones().cycles().forEach(c -> {
            ObjectNode o = list.addObject().put("id", c.id()).put("name", c.name());
            ArrayNode cats = o.putArray("categories");
            c.categories().forEach(cat -> cats.addObject().put("id", cat.id()).put("name", cat.name()));
        });
        return out;
    }

    /** How far judging has come in a cycle: the admin API's figures ({@code GET /admin/cycles/{id}/judging}). */
    java.util.Optional<ObjectNode> judging(String cycleId) {
        return data.milestones().cycles().stream().filter(c -> c.id().equals(cycleId)).findFirst()
                .map(c -> awards.admin.JudgingProgressHandler.json(awards.judging.JudgingProgress.of(c, data.nominations(), data.judging())));
    }

    /** A cycle's nominations with their status and each judge's decision. */
    List<ObjectNode> nominations(String cycleId) {
        List<ObjectNode> out = new ArrayList<>();
        Map<String, AttributeValue> start = Map.of();
        do {
            NominationStore.Page page = data.nominations().list(cycleId, null, null, 500, start);
            for (Nomination n : page.items()) {
                ObjectNode o = JSON.createObjectNode();
                o.put("id", n.id());
                o.put("reference", n.reference());
                o.put("status", n.status().name());
                o.put("category", n.submission().category());
                o.put("nominee", n.submission().nominee().name());
                o.put("organisation", n.submission().nominee().organisation());
                o.put("nominator", n.submission().nominator().name());
                o.put("execution", n.executionName());
                var refused = o.putArray("emailsRefused");
                n.emailsRefused().forEach(refused::add);
                var panel = data.judging().panel(n.id());
                o.put("panel", panel.map(p -> p.outcome()).orElse(""));
                ObjectNode votes = o.putObject("votes");
                panel.ifPresent(p -> {
                    Map<String, String> cast = data.judging().votes(n.id());
                    p.judges().forEach(j -> votes.put(j, cast.getOrDefault(j, notCast(p))));
                });
                out.add(o);
            }
            start = page.next();
        } while (!start.isEmpty());
        out.sort(java.util.Comparator.comparing(o -> o.path("reference").asText()));
        return out;
    }

    /** What a judge who has not voted is: still awaited, or no longer needed once the panel decided or its round closed. */
    static String notCast(awards.judging.JudgingStore.Panel panel) {
        if (!panel.decided()) {
            return "awaiting";
        }
        return awards.judging.JudgingService.UNDECIDED.equals(panel.outcome()) ? "no vote (round closed)" : "not needed (panel decided)";
    }

    String nominationsCsv(String cycleId) {
        StringBuilder csv = new StringBuilder(Csv.row(List.of("reference", "status", "category", "nominee", "organisation", "nominator", "panel", "votes", "emails refused")));
        for (ObjectNode n : nominations(cycleId)) {
            List<String> votes = new ArrayList<>();
            n.path("votes").properties().forEach(v -> votes.add(v.getKey() + ": " + v.getValue().asText()));
            csv.append(Csv.row(List.of(n.path("reference").asText(), n.path("status").asText(), n.path("category").asText(),
                    n.path("nominee").asText(), n.path("organisation").asText(), n.path("nominator").asText(),
                    n.path("panel").asText(), String.join("; ", votes), String.join(" ", refusedOf(n)))));
        }
        return csv.toString();
    }

    private static List<String> refusedOf(ObjectNode n) {
        List<String> out = new ArrayList<>();
        n.path("emailsRefused").forEach(k -> out.add(k.asText()));
        return out;
    }

    ObjectNode outbox() {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("messages");
        data.outbox().list().forEach(m -> list.add(awards.local.email.Outbox.summary(m)));
        return out;
    }

    /** One message's HTML (or text) part, for the console's mail view. */
    Optional<String> part(String id, boolean html) {
        return data.outbox().find(id).map(sent -> {
            try {
                MimeMessage m = data.outbox().read(sent);
                String body = html ? Outbox.html(m) : Outbox.text(m);
                return body == null ? "" : body;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
