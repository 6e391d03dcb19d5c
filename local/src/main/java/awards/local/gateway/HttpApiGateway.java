package awards.local.gateway;

import awards.local.lambda.LocalFunctions;
import localaws.VirtualClock;
import localaws.LambdaFunctions;
import awards.local.template.SamTemplate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import localaws.LoopbackServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
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
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The template's HTTP API (payload format 2.0) on loopback (default 3000, as {@code sam local
 * start-api}): each request becomes the event API Gateway would send, with {@code timeEpoch} from
 * the runtime's clock, and goes to the route's function. Routes behind {@code AWS_IAM} take the
 * admin token instead of a signature ({@code Authorization: Bearer <token>}).
 *
 * <p>Served by Jetty (the version DynamoDB Local brings), not by the JDK's server as the other local
 * services are: API Gateway's status lines carry their reason phrase ({@code HTTP/1.1 422
 * Unprocessable Entity}, {@code 429 Too Many Requests}), which the JDK's server leaves empty for
 * any status it does not know. One request is one virtual thread, as on the other servers.
 */
public final class HttpApiGateway implements AutoCloseable {
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
    private final Server server;
    private final ServerConnector connector;

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
        this.basePath = basePath;
        this.integrationTimeout = integrationTimeout;
        this.routes = routes(template);
        this.throttles = Throttle.fromTemplate(template, routes, nanoTime);
        this.functions = functions;
        this.clock = clock;
        this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);

        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("http-api");
        threads.setDaemon(true);
        threads.setVirtualThreadsExecutor(VIRTUAL);
        this.server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // Paths reach the routes as the client wrote them (an encoded "/" in an id, say); what API
        // Gateway refuses before any route (a malformed %-escape) is refused in handle().
        http.setUriCompliance(UriCompliance.UNSAFE);
        this.connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
        connector.setPort(port);
        connector.setAcceptQueueSize(512);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                serve(request, response, callback);
                return true;
            }
        });
        // What Jetty answers itself (a request it cannot parse) has API Gateway's shape too.
        server.setErrorHandler((request, response, callback) -> {
            int status = response.getStatus() >= 400 ? response.getStatus() : 400;
            write(response, callback, new Answer(status, Map.of("content-type", "application/json"), List.of(),
                    message(HttpStatus.getMessage(status))), false);
            return true;
        });
        try {
            server.start();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("the HTTP API could not start on port " + port + ": " + e.getMessage(), e);
        }
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

    /** A request as the gateway reads it: header names lower case, each with its values in order. */
    private record Incoming(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, String protocol,
                            String sourceIp, InputStream body) {
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** An answer: status, headers, {@code Set-Cookie} values and body. */
    private record Answer(int status, Map<String, String> headers, List<String> cookies, byte[] body) {}

    private static byte[] message(String text) {
        return ("{\"message\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static Answer apiError(int status, String text) {
        return new Answer(status, Map.of("content-type", "application/json"), List.of(), message(text));
    }

    private void serve(Request request, Response response, Callback callback) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.computeIfAbsent(field.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(field.getValue());
        }
        HttpURI uri = request.getHttpURI();
        Incoming in = new Incoming(request.getMethod(), Optional.ofNullable(uri.getPath()).orElse("/"), uri.getQuery(), headers,
                request.getConnectionMetaData().getProtocol(), Request.getRemoteAddr(request), Content.Source.asInputStream(request));
        boolean head = in.method().equalsIgnoreCase("HEAD");
        Answer answer;
        Optional<LoopbackServer.Refusal> foreign = LoopbackServer.foreignHost(in.header("host"), port());
        if (foreign.isPresent()) {
            LoopbackServer.Refusal r = foreign.get();
            answer = new Answer(r.status(), Map.of("Content-Type", "application/json", "x-amzn-ErrorType", r.code(), "Cache-Control", "no-store"),
                    List.of(), r.json());
        } else {
            try {
                answer = handle(in);
            } catch (IOException | RuntimeException e) {
                answer = apiError(500, "Internal Server Error");
            }
        }
        write(response, callback, answer, head);
    }

    private static void write(Response response, Callback callback, Answer answer, boolean head) {
        response.setStatus(answer.status());
        answer.headers().forEach((k, v) -> response.getHeaders().add(k, v));
        answer.cookies().forEach(c -> response.getHeaders().add("Set-Cookie", c));
        response.getHeaders().add("apigw-requestid", UUID.randomUUID().toString());
        if (head || answer.body().length == 0) {
            response.write(true, null, callback);
        } else {
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.body().length);
            response.write(true, ByteBuffer.wrap(answer.body()), callback);
        }
    }

    private Answer handle(Incoming in) throws IOException {
        // The body is read first, whatever the answer: one left unread (a 403 or 404 answered before
        // it) makes Jetty close the connection after the answer, and a client that had already
        // reused that keep-alive connection for its next request saw it closed with no answer.
        byte[] body = in.body().readNBytes(MAX_BODY + 1);
        String method = in.method().toUpperCase(Locale.ROOT);
        String path = in.rawPath();
        try {
            URLDecoder.decode(path + Optional.ofNullable(in.rawQuery()).orElse(""), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            // A malformed %-escape in the path or query: API Gateway refuses it before any route.
            return apiError(400, "Bad Request");
        }
        if (!basePath.isEmpty()) {
            if (!path.equals(basePath) && !path.startsWith(basePath + "/")) {
                return apiError(404, "Not Found");
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
            return apiError(404, "Not Found");
        }
        Throttle throttle = throttles.get(route);
        if (throttle != null && !throttle.take()) {
            // The stage's default route throttling, as API Gateway answers it.
            return apiError(429, "Too Many Requests");
        }
        if (route.iam() && !adminAllowed(in)) {
            return apiError(403, "Forbidden");
        }
        if (body.length > MAX_BODY) {
            return apiError(413, "Request Entity Too Large");
        }
        ObjectNode event = event(in, path, route, params, body);
        var function = functions.find(route.function()).orElseThrow();
        byte[] bytes = JSON.writeValueAsBytes(event);
        LambdaFunctions.Result result;
        try {
            result = java.util.concurrent.CompletableFuture.supplyAsync(() -> functions.invoke(function, bytes), VIRTUAL)
                    .get(integrationTimeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // API Gateway gives up on the integration after 30 s, whatever the function's timeout.
            return apiError(503, "Service Unavailable");
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            return apiError(500, "Internal Server Error");
        }
        if (result.functionError() != null) {
            return apiError(500, "Internal Server Error");
        }
        return answer(result.payload());
    }

    private boolean adminAllowed(Incoming in) {
        String auth = in.header("authorization");
        if (auth == null || !auth.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(auth.substring(7).trim().getBytes(StandardCharsets.UTF_8), adminToken);
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** The API's address, with its base path. */
    public String endpoint() {
        return "http://127.0.0.1:" + port() + basePath;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the HTTP API did not stop: " + e.getMessage(), e);
        }
    }

    private static final java.util.concurrent.ExecutorService VIRTUAL = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

    private ObjectNode event(Incoming in, String path, Route route, Map<String, String> params, byte[] body) {
        long now = clock.millis();
        ObjectNode e = JSON.createObjectNode();
        e.put("version", "2.0");
        e.put("routeKey", route.key());
        e.put("rawPath", path);
        String rawQuery = in.rawQuery();
        e.put("rawQueryString", rawQuery == null ? "" : rawQuery);
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        in.headers().forEach((key, values) -> {
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
        http.put("method", in.method().toUpperCase(Locale.ROOT));
        http.put("path", path);
        http.put("protocol", in.protocol());
        http.put("sourceIp", in.sourceIp());
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
    private static Answer answer(byte[] payload) {
        JsonNode out;
        try {
            out = JSON.readTree(payload);
        } catch (IOException ex) {
            out = null;
        }
        if (out == null || !out.isObject() || !out.has("statusCode")) {
            return new Answer(200, Map.of("content-type", "application/json"), List.of(), payload);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        out.path("headers").properties().forEach(h -> headers.put(h.getKey(), h.getValue().asText()));
        List<String> cookies = new ArrayList<>();
        out.path("cookies").forEach(c -> cookies.add(c.asText()));
        String body = out.path("body").asText("");
        byte[] bytes = out.path("isBase64Encoded").asBoolean(false) ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
        return new Answer(out.path("statusCode").asInt(200), headers, cookies, bytes);
    }
}
