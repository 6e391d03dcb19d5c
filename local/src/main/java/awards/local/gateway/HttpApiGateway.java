package awards.local.gateway;

import awards.local.lambda.LocalFunctions;
import localaws.VirtualClock;
import localaws.LambdaFunctions;
import awards.local.template.SamTemplate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import localaws.LoopbackServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The template's HTTP API (payload format 2.0) on loopback (default 3000, as {@code sam local
 * start-api}): each request becomes the event API Gateway would send, with {@code timeEpoch} from
 * the runtime's clock, and goes to the route's function. Routes behind {@code AWS_IAM} take the
 * admin token instead of a signature ({@code Authorization: Bearer <token>}).
 */
public final class HttpApiGateway extends LoopbackServer {
    public static final int DEFAULT_PORT = 3000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    /** https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html: 10 MB payload, 30 s integration timeout. */
    private static final int MAX_BODY = 10 * 1024 * 1024;
    static final java.time.Duration INTEGRATION_TIMEOUT = java.time.Duration.ofSeconds(30);

    private final List<Route> routes;
    private final Map<Route, Throttle> throttles;
    private final LocalFunctions functions;
    private final VirtualClock clock;
    private final byte[] adminToken;
    private final String basePath;
    private final java.time.Duration integrationTimeout;

    /** API Gateway leaves OPTIONS to the routes (none here: a 404), and sends no CORS headers unless configured. */
    @Override
    protected boolean answersNoPreflight() {
        return false;
    }

    public HttpApiGateway(SamTemplate template, LocalFunctions functions, VirtualClock clock, String adminToken, int port) throws IOException {
        this(template, functions, clock, adminToken, port, "");
    }

    public HttpApiGateway(SamTemplate template, LocalFunctions functions, VirtualClock clock, String adminToken, int port, String basePath)
            throws IOException {
        this(template, functions, clock, adminToken, port, basePath, INTEGRATION_TIMEOUT);
    }

    /**
     * {@code basePath} ("" or "/awards"): the API mapping path of a custom domain. API Gateway takes it
     * off before routing, and the event's {@code rawPath} does not have it.
     */
    HttpApiGateway(SamTemplate template, LocalFunctions functions, VirtualClock clock, String adminToken, int port, String basePath,
                   java.time.Duration integrationTimeout) throws IOException {
        this(template, functions, clock, adminToken, port, basePath, integrationTimeout, System::nanoTime);
    }

    /** {@code nanoTime}: the real time throttling counts in (never the virtual clock), given by tests. */
    HttpApiGateway(SamTemplate template, LocalFunctions functions, VirtualClock clock, String adminToken, int port, String basePath,
                   java.time.Duration integrationTimeout, java.util.function.LongSupplier nanoTime) throws IOException {
        super(port, 512);
        this.basePath = basePath;
        this.integrationTimeout = integrationTimeout;
        this.routes = routes(template);
        this.throttles = Throttle.fromTemplate(template, routes, nanoTime);
        this.functions = functions;
        this.clock = clock;
        this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
        route("/", this::handle);
        start();
    }

    static List<Route> routes(SamTemplate template) {
        List<Route> out = new ArrayList<>();
        template.resources("AWS::Serverless::Function").forEach((name, fn) -> fn.path("Properties").path("Events").forEach(event -> {
            if (event.path("Type").asText().equals("HttpApi")) {
                JsonNode p = event.path("Properties");
                boolean iam = p.path("Auth").path("Authorizer").asText().equals("AWS_IAM");
                out.add(Route.of(p.path("Method").asText("ANY"), p.path("Path").asText("/"), name, iam));
            }
        }));
        out.sort(Comparator.comparingInt(Route::specificity));
        return List.copyOf(out);
    }



    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            java.net.URI uri;
            try {
                uri = exchange.getRequestURI();
                URLDecoder.decode(Optional.ofNullable(uri.getRawPath()).orElse("") + Optional.ofNullable(uri.getRawQuery()).orElse(""),
                        StandardCharsets.UTF_8);
            } catch (IllegalArgumentException malformed) {
                // A malformed %-escape in the path or query: API Gateway refuses it before any route.
                send(exchange, 400, Map.of("content-type", "application/json"), "{\"message\":\"Bad Request\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String path = uri.getRawPath();
            if (!basePath.isEmpty()) {
                if (!path.equals(basePath) && !path.startsWith(basePath + "/")) {
                    send(exchange, 404, Map.of("content-type", "application/json"), "{\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                path = path.substring(basePath.length());
                path = path.isEmpty() ? "/" : path;
            }
            String decodedPath = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
            Route route = null;
            Map<String, String> params = null;
            for (Route r : routes) {
                params = r.match(method, decodedPath);
                if (params != null) {
                    route = r;
                    break;
                }
            }
            if (route == null) {
                send(exchange, 404, Map.of("content-type", "application/json"), "{\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            Throttle throttle = throttles.get(route);
            if (throttle != null && !throttle.take()) {
                // The stage's default route throttling, as API Gateway answers it.
                send(exchange, 429, Map.of("content-type", "application/json"), "{\"message\":\"Too Many Requests\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (route.iam() && !adminAllowed(exchange)) {
                send(exchange, 403, Map.of("content-type", "application/json"), "{\"message\":\"Forbidden\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                send(exchange, 413, Map.of("content-type", "application/json"), "{\"message\":\"Request Entity Too Large\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            ObjectNode event = event(exchange, path, route, params, body);
            var function = functions.find(route.function()).orElseThrow();
            byte[] bytes = JSON.writeValueAsBytes(event);
            LambdaFunctions.Result result;
            try {
                result = java.util.concurrent.CompletableFuture.supplyAsync(() -> functions.invoke(function, bytes), VIRTUAL)
                        .get(integrationTimeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // API Gateway gives up on the integration after 30 s, whatever the function's timeout.
                send(exchange, 503, Map.of("content-type", "application/json"), "{\"message\":\"Service Unavailable\"}".getBytes(StandardCharsets.UTF_8));
                return;
            } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
                send(exchange, 500, Map.of("content-type", "application/json"), "{\"message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (result.functionError() != null) {
                send(exchange, 500, Map.of("content-type", "application/json"), "{\"message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            respond(exchange, result.payload());
        }
    }

    private boolean adminAllowed(HttpExchange exchange) {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(auth.substring(7).trim().getBytes(StandardCharsets.UTF_8), adminToken);
    }

    /** The API's address, with its base path. */
    @Override
    public String endpoint() {
        return super.endpoint() + basePath;
    }

    private static final java.util.concurrent.ExecutorService VIRTUAL = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

    private ObjectNode event(HttpExchange exchange, String path, Route route, Map<String, String> params, byte[] body) {
        long now = clock.millis();
        ObjectNode e = JSON.createObjectNode();
        e.put("version", "2.0");
        e.put("routeKey", route.key());
        e.put("rawPath", path);
        String rawQuery = exchange.getRequestURI().getRawQuery();
        e.put("rawQueryString", rawQuery == null ? "" : rawQuery);
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            String key = name.toLowerCase(Locale.ROOT);
            if (key.equals("cookie")) {
                values.forEach(v -> {
                    for (String c : v.split(";")) {
                        if (!c.isBlank()) {
                            cookies.add(c.trim());
                        }
                    }
                });
            } else {
                headers.put(key, String.join(",", values));
            }
        });
        if (!cookies.isEmpty()) {
            var c = e.putArray("cookies");
            cookies.forEach(c::add);
        }
        ObjectNode h = e.putObject("headers");
        headers.forEach(h::put);
        if (rawQuery != null && !rawQuery.isEmpty()) {
            Map<String, String> query = new LinkedHashMap<>();
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.merge(k, v, (a, b) -> a + "," + b);
            }
            ObjectNode q = e.putObject("queryStringParameters");
            query.forEach(q::put);
        }
        if (!params.isEmpty()) {
            ObjectNode p = e.putObject("pathParameters");
            params.forEach(p::put);
        }
        ObjectNode rc = e.putObject("requestContext");
        rc.put("accountId", "123456789012");
        rc.put("apiId", "local");
        String host = headers.getOrDefault("host", "127.0.0.1:" + port());
        rc.put("domainName", host);
        rc.put("domainPrefix", host.split("[.:]")[0]);
        ObjectNode http = rc.putObject("http");
        http.put("method", exchange.getRequestMethod().toUpperCase(Locale.ROOT));
        http.put("path", path);
        http.put("protocol", exchange.getProtocol());
        http.put("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress());
        http.put("userAgent", headers.getOrDefault("user-agent", ""));
        rc.put("requestId", UUID.randomUUID().toString());
        rc.put("routeKey", route.key());
        rc.put("stage", "$default");
        rc.put("time", REQUEST_TIME.format(Instant.ofEpochMilli(now)));
        rc.put("timeEpoch", now);
        if (route.iam()) {
            ObjectNode iam = rc.putObject("authorizer").putObject("iam");
            iam.put("accessKey", "LOCALADMINTOKEN");
            iam.put("accountId", "123456789012");
            iam.put("callerId", "local-admin");
            iam.putNull("principalOrgId");
            iam.put("userArn", "arn:aws:iam::123456789012:user/awards-admin");
            iam.put("userId", "local-admin");
        }
        if (body.length > 0) {
            String text = textBody(headers.getOrDefault("content-type", ""), body);
            if (text != null) {
                e.put("body", text);
                e.put("isBase64Encoded", false);
            } else {
                e.put("body", Base64.getEncoder().encodeToString(body));
                e.put("isBase64Encoded", true);
            }
        } else {
            e.put("isBase64Encoded", false);
        }
        return e;
    }

    /** The body as text when API Gateway would pass it as text: a textual type and valid UTF-8. */
    private static String textBody(String contentType, byte[] body) {
        String type = contentType.toLowerCase(Locale.ROOT);
        boolean textual = type.isEmpty() || type.startsWith("text/") || type.contains("json") || type.contains("xml")
                || type.startsWith("application/x-www-form-urlencoded") || type.startsWith("application/javascript");
        if (!textual) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException ex) {
            return null;
        }
    }

    /** Maps a payload 2.0 response; a result without statusCode is a 200 JSON body, as API Gateway does. */
    private static void respond(HttpExchange exchange, byte[] payload) throws IOException {
        JsonNode out;
        try {
            out = JSON.readTree(payload);
        } catch (IOException ex) {
            out = null;
        }
        if (out == null || !out.isObject() || !out.has("statusCode")) {
            send(exchange, 200, Map.of("content-type", "application/json"), payload);
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        out.path("headers").properties().forEach(h -> headers.put(h.getKey(), h.getValue().asText()));
        List<String> cookies = new ArrayList<>();
        out.path("cookies").forEach(c -> cookies.add(c.asText()));
        String body = out.path("body").asText("");
        byte[] bytes = out.path("isBase64Encoded").asBoolean(false) ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
        for (String c : cookies) {
            exchange.getResponseHeaders().add("Set-Cookie", c);
        }
        send(exchange, out.path("statusCode").asInt(200), headers, bytes);
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, byte[] body) throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.getResponseHeaders().add("apigw-requestid", UUID.randomUUID().toString());
        boolean noBody = body.length == 0 || exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(body);
            }
        }
    }

}
