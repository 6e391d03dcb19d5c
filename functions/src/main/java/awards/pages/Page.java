package awards.pages;

import awards.platform.ApiResponse;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pages in the GOV.UK Design System's style: escaped Mustache templates under {@code /pages/},
 * GOV.UK Frontend's components as partials ({@code {{>govuk/input}}}, checked against the
 * package's own fixtures in a test), one layout, and the headers every page sends: never cached,
 * never in a referrer, never framed, nothing loaded from anywhere but this site.
 */
public final class Page {
    private static final Mustache.Compiler COMPILER = Mustache.compiler().escapeHTML(true).defaultValue("").emptyStringIsFalse(true)
            .zeroIsFalse(true).withLoader(name -> new StringReader(read(name)));
    private static final Map<String, Template> TEMPLATES = new ConcurrentHashMap<>();
    public static final String SERVICE_NAME = "Awards nominations";

    /** Every page's headers; {@code no-store} because pages hold personal data or a token. */
    public static final Map<String, String> HEADERS = Map.of(
            "content-type", "text/html; charset=utf-8",
            "cache-control", "no-store",
            "referrer-policy", "no-referrer",
            "x-frame-options", "DENY",
            "content-security-policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                    + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");

    private Page() {}

    /**
     * {@code template} (under {@code /pages/}, without {@code .mustache}) inside the layout.
     * {@code values} holds the page's own: {@code title} above all, {@code hasErrors} to say so in
     * the window's title, {@code backHref} for a back link.
     */
    public static String render(String template, Map<String, Object> values) {
        Map<String, Object> all = new HashMap<>(values);
        all.putIfAbsent("serviceName", SERVICE_NAME);
        all.put("assets", Assets.hrefs());
        all.put("content", template(template).execute(all));
        return template("govuk/layout").execute(all);
    }

    /** A template on its own, without the layout: a component's partial, say. */
    public static String fragment(String template, Object values) {
        return template(template).execute(values);
    }

    public static ApiResponse response(int status, String template, Map<String, Object> values) {
        return new ApiResponse(status, HEADERS, render(template, values));
    }

    /** A page that only says something: a title and paragraphs. */
    public static ApiResponse message(int status, String title, String... paragraphs) {
        return response(status, "message", Map.of("title", title, "paragraphs", java.util.List.of(paragraphs)));
    }

    /** A 303 to {@code location}: after a POST, the browser asks for the page with a GET. */
    public static ApiResponse seeOther(String location) {
        return new ApiResponse(303, Map.of("location", location, "cache-control", "no-store", "referrer-policy", "no-referrer",
                "content-type", "text/plain; charset=utf-8"), "");
    }

    static Template template(String name) {
        return TEMPLATES.computeIfAbsent(name, n -> COMPILER.compile(read(n)));
    }

    private static String read(String name) {
        return new String(Assets.read("/pages/" + name + ".mustache"), StandardCharsets.UTF_8);
    }
}
