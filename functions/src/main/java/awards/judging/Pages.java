package awards.judging;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The judging pages: escaped templates, one inline stylesheet allowed by its hash, nothing loaded
 * from anywhere, never cached, never in a referrer.
 */
final class Pages {
    private static final Mustache.Compiler COMPILER = Mustache.compiler().escapeHTML(true).defaultValue("").emptyStringIsFalse(true);
    private static final String CSS = read("style.css").strip();
    static final Map<String, String> HEADERS = Map.of(
            "content-type", "text/html; charset=utf-8",
            "cache-control", "no-store",
            "referrer-policy", "no-referrer",
            "x-frame-options", "DENY",
            "content-security-policy", "default-src 'none'; style-src 'sha256-" + sha256(CSS) + "'; form-action 'self'; "
                    + "frame-ancestors 'none'; base-uri 'none'");
    private static final Map<String, Template> TEMPLATES = new HashMap<>();

    private Pages() {}

    static String render(String page, String title, String cycleName, Map<String, Object> values) {
        Map<String, Object> all = new HashMap<>(values);
        all.put("title", title);
        all.put("cycleName", cycleName);
        all.put("css", CSS);
        all.put("content", template(page).execute(values));
        return template("layout.html").execute(all);
    }

    private static synchronized Template template(String name) {
        return TEMPLATES.computeIfAbsent(name, n -> COMPILER.compile(read(n.endsWith(".html") ? n + ".mustache" : n + ".html.mustache")));
    }

    private static String read(String name) {
        try (InputStream in = Pages.class.getResourceAsStream("/pages/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no page resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
