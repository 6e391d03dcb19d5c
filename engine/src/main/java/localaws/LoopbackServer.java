package localaws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * An HTTP server on 127.0.0.1 only, one virtual thread per request: what every local service is
 * built on. Every route it serves is guarded against what a web page on another origin can send:
 * a {@code Host} that is not this server's own loopback name (DNS rebinding) is refused, no CORS
 * preflight is answered, and a subclass adds who may call ({@link #authorize}).
 */
public abstract class LoopbackServer implements AutoCloseable {
    /**
     * A SigV4 {@code Authorization} header as the AWS SDKs and CLI send it
     * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-signing-request.html):
     * the credential scope, the signed headers and a 64-hex-digit signature.
     */
    private static final Pattern SIGV4 = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=[^/\\s,]+/\\d{8}/[a-z0-9-]+/[a-z0-9-]+/aws4_request,\\s*SignedHeaders=[a-z0-9;-]+,\\s*Signature=[0-9a-f]{64}");

    protected final HttpServer server;

    /** Binds the port (0: any free one); a subclass adds its routes with {@link #route}, then calls {@link #start()}. */
    protected LoopbackServer(int port, int backlog) throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), backlog);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    }

    /** Why a request may not be served: its status, an error code and a message. */
    public record Refusal(int status, String code, String message) {
        /** The AWS JSON error shape with its type, which RFC 9457 readers also read. */
        public byte[] json() {
            return ("{\"__type\":\"" + code + "\",\"message\":" + quote(message) + ",\"type\":\"https://awards.example/problems/"
                    + code + "\",\"title\":\"Refused\",\"status\":" + status + ",\"detail\":" + quote(message) + "}").getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * Refuses a {@code Host} that is not this server's own loopback name: a page whose name was
     * rebound to 127.0.0.1 (DNS rebinding) still sends its own name.
     */
    public static Optional<Refusal> foreignHost(String hostHeader, int port) {
        String host = Optional.ofNullable(hostHeader).orElse("").toLowerCase(Locale.ROOT);
        // sync-localhost: the AWS CLI prefixes TestState's host with "sync-" (map it to 127.0.0.1 in
        // /etc/hosts); a name without a dot is no one's domain on the internet.
        if (!host.equals("127.0.0.1:" + port) && !host.equals("localhost:" + port) && !host.equals("[::1]:" + port)
                && !host.equals("sync-localhost:" + port)) {
            return Optional.of(new Refusal(403, "ForbiddenHost", "this server answers only to 127.0.0.1:" + port + " or localhost:" + port));
        }
        return Optional.empty();
    }

    /** Serves {@code path} (and below) with {@code handler}, behind the guard every route has. */
    protected final void route(String path, HttpHandler handler) {
        server.createContext(path, exchange -> {
            Optional<Refusal> refused = guard(exchange);
            if (refused.isPresent()) {
                try (exchange) {
                    exchange.getRequestBody().readNBytes(1 << 20);
                    refuse(exchange, refused.get());
                }
                return;
            }
            handler.handle(exchange);
        });
    }

    private Optional<Refusal> guard(HttpExchange exchange) {
        Optional<Refusal> foreign = foreignHost(exchange.getRequestHeaders().getFirst("Host"), port());
        if (foreign.isPresent()) {
            return foreign;
        }
        if ("OPTIONS".equals(exchange.getRequestMethod()) && answersNoPreflight()) {
            return Optional.of(new Refusal(403, "CorsNotAllowed", "no cross-origin requests are served here"));
        }
        return authorize(exchange);
    }

    /** Whether an OPTIONS request is refused before its route (the HTTP API leaves it to its routes, as API Gateway does). */
    protected boolean answersNoPreflight() {
        return true;
    }

    /** Who may call: empty to serve the request. By default anyone who got past the guard. */
    protected Optional<Refusal> authorize(HttpExchange exchange) {
        return Optional.empty();
    }

    /**
     * A request not signed the way the AWS SDKs and CLI sign is refused as AWS refuses it: no
     * {@code Authorization} at all is {@code MissingAuthenticationTokenException}, one that is
     * not a whole SigV4 header {@code IncompleteSignatureException}, both 403
     * (https://docs.aws.amazon.com/awsconsolehelpdocs/latest/gsg/common-errors.html). A browser
     * cannot send such a header to another origin without a preflight, which no server answers.
     * The signature itself is not checked: locally no one holds the secrets.
     */
    protected static Optional<Refusal> requireSignature(HttpExchange exchange) {
        return requireSignature(exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("X-Amz-Date"));
    }

    /** {@link #requireSignature(HttpExchange)} for a server that is not this class's: its two headers' values, null when absent. */
    public static Optional<Refusal> requireSignature(String authorization, String amzDate) {
        if (authorization == null || authorization.isBlank()) {
            return Optional.of(new Refusal(403, "MissingAuthenticationTokenException", "Missing Authentication Token"));
        }
        if (!SIGV4.matcher(authorization.strip()).matches() || amzDate == null) {
            return Optional.of(new Refusal(403, "IncompleteSignatureException",
                    "The request signature does not conform to AWS standards: expected AWS4-HMAC-SHA256 with Credential, SignedHeaders, Signature and an X-Amz-Date header."));
        }
        return Optional.empty();
    }

    /** Whether the request carries {@code Authorization: Bearer <token>}, compared in constant time. */
    protected static boolean hasBearer(HttpExchange exchange, String token) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        return token != null && authorization != null && authorization.startsWith("Bearer ")
                && java.security.MessageDigest.isEqual(authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8),
                        token.getBytes(StandardCharsets.UTF_8));
    }

    /** Answers a refusal: the AWS JSON error shape with its type in {@code x-amzn-ErrorType}, which RFC 9457 readers also read. */
    protected void refuse(HttpExchange exchange, Refusal r) throws IOException {
        byte[] body = r.json();
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("x-amzn-ErrorType", r.code());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(r.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String quote(String text) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(text).toString();
    }

    /** A port that was free on 127.0.0.1 a moment ago. */
    public static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port: " + e.getMessage(), e);
        }
    }

    protected final void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
