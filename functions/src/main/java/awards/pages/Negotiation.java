package awards.pages;

import awards.platform.ApiRequest;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Content negotiation, as far as these routes need it: {@code Accept} (HTML or JSON) and
 * {@code Accept-Encoding} (gzip). Both headers are lists of values with an optional quality
 * ({@code ;q=0.8}); a quality that is not a number counts as 0.
 */
public final class Negotiation {
    private Negotiation() {}

    /**
     * True when the request ranks {@code text/html} above {@code application/json}: a browser's
     * navigation does, {@code curl} ({@code *}{@code /*}) and the SDKs do not. A tie goes to JSON, the
     * route's first form.
     */
    public static boolean prefersHtml(ApiRequest request) {
        Map<String, Double> q = qualities(request.header("accept").orElse(""));
        double html = q.getOrDefault("text/html", 0.0);
        return html > 0 && html > q.getOrDefault("application/json", 0.0) && html >= q.getOrDefault("*/*", 0.0);
    }

    /** True when the request takes a gzip-compressed body (named, with a quality above 0). */
    public static boolean acceptsGzip(ApiRequest request) {
        return qualities(request.header("accept-encoding").orElse("")).getOrDefault("gzip", 0.0) > 0;
    }

    /** Each value of the list, lower-cased, with its highest quality (1 when it gives none). */
    static Map<String, Double> qualities(String header) {
        Map<String, Double> out = new HashMap<>();
        for (String item : header.split(",")) {
            String[] parts = item.strip().split(";");
            String value = parts[0].strip().toLowerCase(Locale.ROOT);
            if (value.isEmpty()) {
                continue;
            }
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].strip().replace(" ", "");
                if (p.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(p.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            out.merge(value, q, Math::max);
        }
        return out;
    }
}
