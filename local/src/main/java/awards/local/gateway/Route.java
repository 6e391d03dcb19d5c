package awards.local.gateway;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One route of the HTTP API: {@code METHOD /path/{param}}, its function and whether it needs IAM. */
record Route(String method, String path, String function, boolean iam, Pattern pattern, String[] params) {

    static Route of(String method, String path, String function, boolean iam) {
        StringBuilder re = new StringBuilder();
        java.util.List<String> names = new java.util.ArrayList<>();
        Matcher m = Pattern.compile("\\{([A-Za-z0-9_]+)(\\+?)}").matcher(path);
        int last = 0;
        while (m.find()) {
            re.append(Pattern.quote(path.substring(last, m.start())));
            re.append(m.group(2).isEmpty() ? "([^/]+)" : "(.+)");
            names.add(m.group(1));
            last = m.end();
        }
        re.append(Pattern.quote(path.substring(last)));
        return new Route(method.toUpperCase(), path, function, iam, Pattern.compile(re.toString()), names.toArray(String[]::new));
    }

    String key() {
        return method + " " + path;
    }

    /** The path parameters if this route takes the request, else null. */
    Map<String, String> match(String requestMethod, String requestPath) {
        if (!method.equals("ANY") && !method.equals(requestMethod)) {
            return null;
        }
        Matcher m = pattern.matcher(requestPath);
        if (!m.matches()) {
            return null;
        }
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < params.length; i++) {
            out.put(params[i], java.net.URLDecoder.decode(m.group(i + 1).replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8));
        }
        return out;
    }

    /** More specific routes first: fewer parameters, then longer paths. */
    int specificity() {
        return params.length * 1000 - path.length();
    }
}
