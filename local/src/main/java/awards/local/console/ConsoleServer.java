package awards.local.console;

import awards.local.stepfunctions.engine.EngineClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import awards.local.stepfunctions.api.LoopbackServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * The local runtime's own controls and console on loopback (default 9000). The clock:
 * {@code GET /api/clock} reads it with the milestones ahead; {@code POST /api/clock} with
 * {@code {"advanceTo": "..."}}, {@code {"advanceBy": "P1D"}} or {@code {"toNextMilestone": true}}
 * (optionally {@code "cycleId"}) moves it forward, never back.
 */
public class ConsoleServer extends LoopbackServer {
    public static final int DEFAULT_PORT = 9000;
    protected static final ObjectMapper JSON = new ObjectMapper();
    protected final EngineClock clock;
    protected final Milestones milestones;
    private final Duration wakeWindow;
    protected final java.nio.file.Path root;
    private final ConsoleApi api;

    public ConsoleServer(java.nio.file.Path root, EngineClock clock, ConsoleData data, Duration wakeWindow, int port) throws IOException {
        super(port, 128);
        this.root = root;
        this.clock = clock;
        this.milestones = data.milestones();
        this.wakeWindow = wakeWindow;
        this.api = new ConsoleApi(data);
        server.createContext("/api/clock", this::clock);
        server.createContext("/api/samples/nomination", this::sample);
        server.createContext("/api/", this::read);
        server.createContext("/", this::asset);
        start();
    }



    private void clock(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                if ("POST".equals(exchange.getRequestMethod())) {
                    JsonNode in = JSON.readTree(exchange.getRequestBody().readAllBytes());
                    if (in == null) {
                        throw new IllegalArgumentException("send a JSON body");
                    }
                    if (in.hasNonNull("advanceTo")) {
                        clock.advanceTo(Instant.parse(in.get("advanceTo").asText()));
                    } else if (in.hasNonNull("advanceBy")) {
                        clock.advanceBy(Duration.parse(in.get("advanceBy").asText()));
                    } else if (in.path("toNextMilestone").asBoolean(false)) {
                        String cycleId = in.hasNonNull("cycleId") ? in.get("cycleId").asText() : null;
                        var next = milestones.next(clock.now(), cycleId)
                                .orElseThrow(() -> new IllegalArgumentException("no milestone ahead" + (cycleId == null ? "" : " for cycle " + cycleId)));
                        // Past the milestone by the wake-up window, so every spread-out wake-up has happened.
                        clock.advanceTo(next.at().plus(wakeWindow));
                    } else {
                        throw new IllegalArgumentException("send advanceTo, advanceBy or toNextMilestone");
                    }
                }
                json(exchange, 200, clockState());
            } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
                json(exchange, 400, JSON.createObjectNode().put("message", e.getMessage()));
            }
        }
    }

    private void read(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            var q = ConsoleApi.query(exchange.getRequestURI().getRawQuery());
            try {
                if (path.equals("/api/graph")) {
                    json(exchange, 200, api.graph());
                } else if (path.equals("/api/executions")) {
                    json(exchange, 200, api.executions(q));
                } else if (path.startsWith("/api/executions/")) {
                    var detail = api.execution(path.substring("/api/executions/".length()));
                    if (detail.isPresent()) {
                        json(exchange, 200, detail.get());
                    } else {
                        json(exchange, 404, JSON.createObjectNode().put("message", "no such execution"));
                    }
                } else if (path.equals("/api/cycles")) {
                    json(exchange, 200, api.cycles());
                } else if (path.equals("/api/nominations")) {
                    var out = JSON.createObjectNode();
                    var list = out.putArray("nominations");
                    api.nominations(q.getOrDefault("cycleId", "")).forEach(list::add);
                    json(exchange, 200, out);
                } else if (path.equals("/api/nominations.csv")) {
                    exchange.getResponseHeaders().add("Content-Disposition", "attachment; filename=\"nominations-" + q.getOrDefault("cycleId", "") + ".csv\"");
                    send(exchange, 200, "text/csv; charset=utf-8", api.nominationsCsv(q.getOrDefault("cycleId", "")).getBytes(StandardCharsets.UTF_8));
                } else if (path.equals("/api/outbox")) {
                    json(exchange, 200, api.outbox());
                } else if (path.startsWith("/api/outbox/") && (path.endsWith("/html") || path.endsWith("/text"))) {
                    String id = path.substring("/api/outbox/".length(), path.lastIndexOf('/'));
                    boolean html = path.endsWith("/html");
                    var part = api.part(id, html);
                    if (part.isEmpty()) {
                        json(exchange, 404, JSON.createObjectNode().put("message", "no such message"));
                    } else {
                        // Shown in a sandboxed frame: its links open in a new tab, nothing in it runs.
                        exchange.getResponseHeaders().add("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox allow-popups allow-popups-to-escape-sandbox");
                        String body = html ? part.get().replace("<head>", "<head><base target=\"_blank\">") : part.get();
                        send(exchange, 200, html ? "text/html; charset=utf-8" : "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
                    }
                } else {
                    json(exchange, 404, JSON.createObjectNode().put("message", "unknown console API " + path));
                }
            } catch (IllegalArgumentException e) {
                json(exchange, 400, JSON.createObjectNode().put("message", e.getMessage()));
            }
        }
    }

    /** The console's page, script and stylesheet, from the classpath: nothing comes from the internet. */
    private void asset(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String name = switch (path) {
                case "/", "/index.html" -> "index.html";
                case "/app.js" -> "app.js";
                case "/app.css" -> "app.css";
                default -> null;
            };
            if (name == null) {
                send(exchange, 404, "text/plain; charset=utf-8", "not found".getBytes(StandardCharsets.UTF_8));
                return;
            }
            try (var in = ConsoleServer.class.getResourceAsStream("/console/" + name)) {
                String type = name.endsWith(".js") ? "text/javascript" : name.endsWith(".css") ? "text/css" : "text/html";
                exchange.getResponseHeaders().add("Content-Security-Policy",
                        "default-src 'self'; frame-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; base-uri 'none'; form-action 'self'");
                send(exchange, 200, type + "; charset=utf-8", in.readAllBytes());
            }
        }
    }

    /** A sample nomination body ({@code ?which=mentoring} for the second), to pipe into curl. */
    private void sample(HttpExchange exchange) throws IOException {
        try (exchange) {
            String query = exchange.getRequestURI().getQuery();
            String body = SampleEvents.body(root, query != null && query.contains("mentoring")
                    ? SampleEvents.MUTUAL_MENTORING : SampleEvents.SOCIAL_MOBILITY);
            send(exchange, 200, "application/json", body.getBytes(StandardCharsets.UTF_8));
        }
    }

    protected ObjectNode clockState() {
        Instant now = clock.now();
        ObjectNode out = JSON.createObjectNode();
        out.put("now", now.toString());
        ArrayNode list = out.putArray("milestones");
        for (var m : milestones.all()) {
            list.addObject().put("cycleId", m.cycleId()).put("cycle", m.cycleName()).put("name", m.name())
                    .put("at", m.at().toString()).put("passed", !m.at().isAfter(now)).put("triggers", m.triggers());
        }
        milestones.next(now, null).ifPresent(n -> out.putObject("next").put("cycleId", n.cycleId()).put("name", n.name())
                .put("at", n.at().toString()).put("triggers", n.triggers()));
        return out;
    }

    protected static void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
        send(exchange, status, "application/json", body.toString().getBytes(StandardCharsets.UTF_8));
    }

    protected static void send(HttpExchange exchange, int status, String type, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(bytes);
            }
        }
    }

}
