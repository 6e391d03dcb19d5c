package awards.local.console;

import localaws.VirtualClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import localaws.LoopbackServer;
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
    protected final VirtualClock clock;
    protected final Milestones milestones;
    private final Duration wakeWindow;
    protected final java.nio.file.Path root;
    private final ConsoleApi api;
    private final ConsoleAccess access;
    private final String httpApi;
    private final String adminToken;
    private final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();

    public ConsoleServer(java.nio.file.Path root, VirtualClock clock, ConsoleData data, Duration wakeWindow, int port, String adminToken) throws IOException {
        this(root, clock, data, wakeWindow, port, adminToken, null);
    }

    /** {@code httpApi}: the HTTP API's address, which the console's "a person's data" view calls as an admin. */
    public ConsoleServer(java.nio.file.Path root, VirtualClock clock, ConsoleData data, Duration wakeWindow, int port, String adminToken,
                         String httpApi) throws IOException {
        super(port, 128);
        this.httpApi = httpApi;
        this.adminToken = adminToken;
        this.root = root;
        this.clock = clock;
        this.milestones = data.milestones();
        this.wakeWindow = wakeWindow;
        this.api = new ConsoleApi(data);
        this.access = new ConsoleAccess(adminToken, port());
        route("/login", this::login);
        route("/api/session", this::session);
        route("/api/clock", this::clock);
        route("/api/samples/nomination", this::sample);
        route("/api/", this::read);
        route("/openapi.yaml", this::openApi);
        route("/api/people/", this::people);
        route("/api/judging/reminders", this::remindJudges);
        route("/", this::asset);
        start();
    }



    /** Every route but the sign-in and the stylesheet needs an admin; writes also need this console's Origin and CSRF token. */
    @Override
    protected java.util.Optional<Refusal> authorize(HttpExchange exchange) {
        return access.check(exchange);
    }

    /** A page request without a session goes to the sign-in page; an API call gets its 401 problem. */
    @Override
    protected void refuse(HttpExchange exchange, Refusal r) throws IOException {
        if (r.status() == 303) {
            exchange.getResponseHeaders().set("Location", "/login");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(303, -1);
            return;
        }
        super.refuse(exchange, r);
    }

    /**
     * {@code GET /login?code=} with the one-time code printed at start signs in; {@code GET /login}
     * shows a form for the admin token, which {@code POST /login} takes. Either sets the session
     * cookie and goes to the console.
     */
    private void login(HttpExchange exchange) throws IOException {
        try (exchange) {
            java.util.Optional<String> session;
            String error = "";
            if ("POST".equals(exchange.getRequestMethod())) {
                byte[] body = exchange.getRequestBody().readNBytes(4096);
                String token = "";
                for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
                    if (pair.startsWith("token=")) {
                        try {
                            token = java.net.URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
                        } catch (IllegalArgumentException e) {
                            token = "";
                        }
                    }
                }
                session = access.signInWithToken(exchange, token);
                error = session.isEmpty() ? "That is not the admin token, or the request did not come from this console's page." : "";
            } else {
                session = access.signInWithCode(ConsoleApi.query(exchange.getRequestURI().getRawQuery()).getOrDefault("code", ""));
                if (session.isEmpty() && exchange.getRequestURI().getRawQuery() != null) {
                    error = "That sign-in link was used already or is from an earlier start. Sign in with the admin token.";
                }
            }
            if (session.isPresent()) {
                exchange.getResponseHeaders().add("Set-Cookie", session.get());
                exchange.getResponseHeaders().set("Location", "/");
                exchange.getResponseHeaders().set("Cache-Control", "no-store");
                exchange.sendResponseHeaders(303, -1);
                return;
            }
            exchange.getResponseHeaders().add("Content-Security-Policy", "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'");
            // same-origin, not no-referrer: under no-referrer Chromium posts the form with Origin: null.
            exchange.getResponseHeaders().add("Referrer-Policy", "same-origin");
            send(exchange, error.isEmpty() ? 200 : 403, "text/html; charset=utf-8", ConsoleAccess.loginPage(error).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The link that signs a browser in, once: the runtime prints it at start. */
    public String signInLink() {
        return endpoint() + "/login?code=" + access.oneTimeCode();
    }

    /** The page's CSRF token, for its writes. */
    private void session(HttpExchange exchange) throws IOException {
        try (exchange) {
            json(exchange, 200, JSON.createObjectNode().put("csrf", access.csrf(exchange).orElse("")));
        }
    }

    private static final Instant LAST_INSTANT = Instant.parse("9999-12-31T23:59:59Z");

    private void clock(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                if ("POST".equals(exchange.getRequestMethod())) {
                    JsonNode in;
                    try {
                        in = JSON.readTree(exchange.getRequestBody().readNBytes(64 * 1024));
                    } catch (java.io.IOException notJson) {
                        throw new IllegalArgumentException("the body is not JSON: send {\"advanceTo\": \"2027-05-03T16:00:00Z\"}, {\"advanceBy\": \"P1D\"} or {\"toNextMilestone\": true}");
                    }
                    if (in == null || !in.isObject()) {
                        throw new IllegalArgumentException("send a JSON object");
                    }
                    // Time as the system writes it (ISO-8601, four-digit years): a move past 9999 is refused, not made.
                    if (in.hasNonNull("advanceTo") || in.hasNonNull("advanceBy")) {
                        Instant target;
                        try {
                            target = in.hasNonNull("advanceTo") ? Instant.parse(in.get("advanceTo").asText())
                                    : clock.now().plus(Duration.parse(in.get("advanceBy").asText()));
                        } catch (ArithmeticException | java.time.DateTimeException e) {
                            throw new IllegalArgumentException(e instanceof java.time.format.DateTimeParseException ? e.getMessage()
                                    : "that moves the clock beyond what it can hold");
                        }
                        if (target.isAfter(LAST_INSTANT)) {
                            throw new IllegalArgumentException("that moves the clock past the year 9999");
                        }
                        clock.advanceTo(target);
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
            } catch (IllegalArgumentException e) {
                problem(exchange, 400, "invalid-clock-request", "The clock was not moved", e.getMessage());
            }
        }
    }

    /** An RFC 9457 problem; {@code message} repeats the detail for the console's page. */
    protected static void problem(HttpExchange exchange, int status, String type, String title, String detail) throws IOException {
        ObjectNode p = JSON.createObjectNode().put("type", "https://awards.example/problems/" + type).put("title", title)
                .put("status", status).put("detail", detail).put("message", detail);
        send(exchange, status, "application/problem+json", p.toString().getBytes(StandardCharsets.UTF_8));
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
                        problem(exchange, 404, "not-found", "Not found", "no such execution");
                    }
                } else if (path.equals("/api/cycles")) {
                    json(exchange, 200, api.cycles());
                } else if (path.equals("/api/nominations")) {
                    var out = JSON.createObjectNode();
                    var list = out.putArray("nominations");
                    api.nominations(q.getOrDefault("cycleId", "")).forEach(list::add);
                    json(exchange, 200, out);
                } else if (path.equals("/api/judging")) {
                    var progress = api.judging(q.getOrDefault("cycleId", ""));
                    if (progress.isPresent()) {
                        json(exchange, 200, progress.get());
                    } else {
                        problem(exchange, 404, "not-found", "Not found", "no such cycle");
                    }
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
                        problem(exchange, 404, "not-found", "Not found", "no such message");
                    } else {
                        // Shown in a sandboxed frame: its links open in a new tab, nothing in it runs.
                        exchange.getResponseHeaders().add("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox allow-popups allow-popups-to-escape-sandbox");
                        String body = html ? part.get().replace("<head>", "<head><base target=\"_blank\">") : part.get();
                        send(exchange, 200, html ? "text/html; charset=utf-8" : "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
                    }
                } else {
                    problem(exchange, 404, "not-found", "Not found", "unknown console API " + path);
                }
            } catch (IllegalArgumentException e) {
                problem(exchange, 400, "invalid-console-request", "The request is not one the console takes", e.getMessage());
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

    /**
     * {@code POST /api/people/export} and {@code /api/people/erasure} with {@code {"email": "…"}}:
     * the admin API's answer, asked as an admin (the console's session stands for the admin token).
     */
    private void people(HttpExchange exchange) throws IOException {
        try (exchange) {
            String action = exchange.getRequestURI().getPath().substring("/api/people/".length());
            if (!"POST".equals(exchange.getRequestMethod()) || !(action.equals("export") || action.equals("erasure")) || httpApi == null) {
                problem(exchange, 404, "not-found", "Not found", "POST /api/people/export or /api/people/erasure");
                return;
            }
            asAdmin(exchange, "/admin/people/" + action, exchange.getRequestBody().readNBytes(64 * 1024));
        }
    }

    /** POSTs {@code body} (JSON) to the admin API's {@code path} with the admin token, and answers with what it answered. */
    private void asAdmin(HttpExchange exchange, String path, byte[] body) throws IOException {
        try {
            var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(httpApi + path))
                    .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            send(exchange, r.statusCode(), r.headers().firstValue("content-type").orElse("application/json"), r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem(exchange, 503, "busy", "Interrupted", "the request was interrupted");
        }
    }

    /** {@code POST /api/judging/reminders?cycleId=}: the admin API's "send reminder now", asked as an admin. */
    private void remindJudges(HttpExchange exchange) throws IOException {
        try (exchange) {
            String cycleId = ConsoleApi.query(exchange.getRequestURI().getRawQuery()).getOrDefault("cycleId", "");
            if (!"POST".equals(exchange.getRequestMethod()) || httpApi == null || !awards.cycle.CycleJson.CYCLE_ID.matcher(cycleId).matches()) {
                problem(exchange, 404, "not-found", "Not found", "POST /api/judging/reminders?cycleId=<a cycle>");
                return;
            }
            asAdmin(exchange, "/admin/cycles/" + cycleId + "/judging/reminders", new byte[0]);
        }
    }

    /** The HTTP API's OpenAPI description (docs/openapi.yaml), for tools that read one. */
    private void openApi(HttpExchange exchange) throws IOException {
        try (exchange) {
            java.nio.file.Path file = root.resolve("docs/openapi.yaml");
            if (!java.nio.file.Files.exists(file)) {
                send(exchange, 404, "text/plain; charset=utf-8", "not found".getBytes(StandardCharsets.UTF_8));
                return;
            }
            exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
            send(exchange, 200, "application/yaml; charset=utf-8", java.nio.file.Files.readAllBytes(file));
        }
    }

    /**
     * A sample nomination body ({@code ?which=mentoring} for the second), to pipe into curl. It is
     * made to fit the cycles that exist: a cycle open now (else the first), and one of its
     * categories, when the sample's own cycle is not there.
     */
    private void sample(HttpExchange exchange) throws IOException {
        try (exchange) {
            String query = exchange.getRequestURI().getQuery();
            ObjectNode body = (ObjectNode) JSON.readTree(SampleEvents.body(root, query != null && query.contains("mentoring")
                    ? SampleEvents.MUTUAL_MENTORING : SampleEvents.SOCIAL_MOBILITY));
            var cycles = milestones.cycles();
            if (!cycles.isEmpty() && cycles.stream().noneMatch(c -> c.id().equals(body.path("cycleId").asText()))) {
                Instant now = clock.now();
                var cycle = cycles.stream().filter(c -> c.isOpenAt(now)).findFirst().orElse(cycles.get(0));
                body.put("cycleId", cycle.id());
                if (cycle.category(body.path("category").asText()).isEmpty() && !cycle.categories().isEmpty()) {
                    body.put("category", cycle.categories().get(0).id());
                }
            }
            send(exchange, 200, "application/json", body.toString().getBytes(StandardCharsets.UTF_8));
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
