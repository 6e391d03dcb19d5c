package awards.local.console;

import localaws.LoopbackServer.Refusal;
import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Who may use the console: an admin. A browser signs in once, with the one-time link the runtime
 * prints at start or with the admin token in the sign-in form, and then holds a session cookie
 * ({@code HttpOnly}, {@code SameSite=Strict}); a script sends {@code Authorization: Bearer <admin
 * token>}. Every write also needs this console's own {@code Origin}, and from a browser session
 * the session's CSRF token in {@code X-CSRF-Token}: a page on another origin can do neither.
 */
final class ConsoleAccess {
    static final String COOKIE = "awards_console_session";
    private static final SecureRandom RANDOM = new SecureRandom();
    private final String adminToken;
    private final int port;
    /** Session id to its CSRF token; kept in memory, so a restart asks admins to sign in again. */
    private final Map<String, String> sessions = new ConcurrentHashMap<>();
    private final AtomicReference<String> oneTimeCode = new AtomicReference<>(random());

    ConsoleAccess(String adminToken, int port) {
        this.adminToken = adminToken;
        this.port = port;
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static boolean same(String a, String b) {
        return a != null && b != null && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** The one-time sign-in code of this start, for the link the runtime prints. */
    String oneTimeCode() {
        return oneTimeCode.get();
    }

    Optional<String> signInWithCode(String code) {
        String current = oneTimeCode.get();
        // Used once: whoever comes second (a copied link, a browser history) signs in with the token.
        if (same(code, current) && oneTimeCode.compareAndSet(current, random())) {
            return Optional.of(newSession());
        }
        return Optional.empty();
    }

    Optional<String> signInWithToken(HttpExchange exchange, String token) {
        return sameOrigin(exchange) && same(token, adminToken) ? Optional.of(newSession()) : Optional.empty();
    }

    private String newSession() {
        String id = random();
        sessions.put(id, random());
        return COOKIE + "=" + id + "; Path=/; HttpOnly; SameSite=Strict";
    }

    private Optional<String> sessionOf(HttpExchange exchange) {
        for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", java.util.List.of())) {
            for (String part : header.split(";")) {
                String p = part.strip();
                if (p.startsWith(COOKIE + "=")) {
                    String id = p.substring(COOKIE.length() + 1);
                    if (sessions.containsKey(id)) {
                        return Optional.of(id);
                    }
                }
            }
        }
        return Optional.empty();
    }

    Optional<String> csrf(HttpExchange exchange) {
        return sessionOf(exchange).map(sessions::get);
    }

    private boolean bearer(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        return authorization != null && authorization.startsWith("Bearer ") && same(authorization.substring(7).strip(), adminToken);
    }

    private boolean sameOrigin(HttpExchange exchange) {
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        return origin != null && (origin.equals("http://127.0.0.1:" + port) || origin.equals("http://localhost:" + port));
    }

    Optional<Refusal> check(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        // The sign-in page, its stylesheet and the API's description hold no data: open to anyone on this machine.
        if (path.equals("/login") || path.equals("/app.css") || path.equals("/openapi.yaml")) {
            return Optional.empty();
        }
        boolean byToken = bearer(exchange);
        Optional<String> session = byToken ? Optional.empty() : sessionOf(exchange);
        if (!byToken && session.isEmpty()) {
            return Optional.of(path.startsWith("/api/")
                    ? new Refusal(401, "sign-in-required", "Sign in: send Authorization: Bearer <admin token>, or open the console's sign-in link.")
                    : new Refusal(303, "sign-in-required", "/login"));
        }
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            if (!sameOrigin(exchange)) {
                return Optional.of(new Refusal(403, "cross-origin-write", "A change needs this console's own Origin (http://127.0.0.1:" + port + ")."));
            }
            if (!byToken && !same(exchange.getRequestHeaders().getFirst("X-CSRF-Token"), sessions.get(session.get()))) {
                return Optional.of(new Refusal(403, "csrf-token-missing", "A change from the console's page needs its X-CSRF-Token."));
            }
        }
        return Optional.empty();
    }

    static String loginPage(String error) {
        String message = error.isEmpty() ? "" : "<p class=\"error\" role=\"alert\">" + error + "</p>";
        return """
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Sign in – Awards workflow console</title>
                <link rel="stylesheet" href="/app.css">
                </head>
                <body>
                <main id="main" class="login">
                <h1>Sign in to the awards workflow console</h1>
                %s
                <p>Open the sign-in link the runtime printed when it started, or paste the admin token
                (in the data folder's <code>admin-token</code> file, and printed at start).</p>
                <form method="post" action="/login">
                <label for="token">Admin token</label>
                <input id="token" name="token" type="password" autocomplete="off" required>
                <button type="submit">Sign in</button>
                </form>
                </main>
                </body>
                </html>
                """.formatted(message);
    }
}
