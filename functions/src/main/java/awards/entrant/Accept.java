package awards.entrant;

import awards.platform.ApiRequest;
import java.util.Locale;

/** Content negotiation on {@code Accept}, as far as these routes need it: HTML or JSON. */
final class Accept {
    private Accept() {}

    /**
     * True when the request ranks {@code text/html} above {@code application/json}: a browser's
     * navigation does, {@code curl} ({@code *}{@code /*}) and the SDKs do not. A tie goes to JSON, the
     * route's first form.
     */
    static boolean prefersHtml(ApiRequest request) {
        double html = 0;
        double json = 0;
        double any = 0;
        for (String range : request.header("accept").orElse("").split(",")) {
            String[] parts = range.strip().split(";");
            String type = parts[0].strip().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].strip();
                if (p.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(p.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            switch (type) {
                case "text/html" -> html = Math.max(html, q);
                case "application/json" -> json = Math.max(json, q);
                case "*/*" -> any = Math.max(any, q);
                default -> { }
            }
        }
        return html > 0 && html > json && html >= any;
    }
}
