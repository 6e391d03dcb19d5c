package awards.notify;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One template per message (subject, plain text, HTML), rendered with JMustache. HTML escapes every
 * value; subjects lose control characters, so a name can never add a header.
 */
public final class EmailTemplates {
    private static final Mustache.Compiler HTML = Mustache.compiler().escapeHTML(true).defaultValue("").emptyStringIsFalse(true);
    private static final Mustache.Compiler TEXT = Mustache.compiler().escapeHTML(false).defaultValue("").emptyStringIsFalse(true);
    private final Map<String, Template> cache = new ConcurrentHashMap<>();

    /** A rendered message. */
    public record Rendered(String subject, String text, String html) {}

    public Rendered render(String kind, Map<String, Object> values) {
        String subject = template(kind + ".subject", TEXT).execute(values).replaceAll("\\p{Cntrl}", " ").strip();
        String text = template(kind + ".txt", TEXT).execute(values);
        Map<String, Object> page = new HashMap<>(values);
        page.put("subject", subject);
        page.put("content", template(kind + ".html", HTML).execute(values));
        String html = template("layout.html", HTML).execute(page);
        return new Rendered(subject, text, html);
    }

    private Template template(String name, Mustache.Compiler compiler) {
        return cache.computeIfAbsent(name + (compiler == HTML ? "#html" : "#text"), key -> {
            try (InputStream in = EmailTemplates.class.getResourceAsStream("/email/" + name + ".mustache")) {
                if (in == null) {
                    throw new IllegalStateException("no email template " + name);
                }
                return compiler.compile(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
