package awards.pages;

import awards.platform.ApiRequest;
import awards.platform.Problem;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A posted HTML form ({@code application/x-www-form-urlencoded}): each name's values, in order. */
public record FormBody(Map<String, List<String>> values) {

    /** Reads the request's body; a malformed %-escape is a 400 {@code invalid-body}. */
    public static FormBody of(ApiRequest request) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String body = request.bodyText();
        try {
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.computeIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), k -> new ArrayList<>())
                            .add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        } catch (IllegalArgumentException badEscape) {
            throw Problem.invalidBody("is not a form: it has a malformed %-escape").exception();
        }
        return new FormBody(out);
    }

    /** True if the request says its body is a form (a browser's POST), not JSON. */
    public static boolean isForm(ApiRequest request) {
        return request.header("content-type").orElse("").toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    /** The name's first value, or null. */
    public String first(String name) {
        List<String> v = values.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    public Optional<String> optional(String name) {
        return Optional.ofNullable(first(name));
    }

    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }
}
