package awards.platform;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP API (payload format 2.0) response. */
public record ApiResponse(int status, Map<String, String> headers, String body) {

    public static ApiResponse json(int status, Object body) {
        return new ApiResponse(status, Map.of("content-type", "application/json"), Json.write(body));
    }

    public static ApiResponse text(int status, String contentType, String body) {
        return new ApiResponse(status, Map.of("content-type", contentType), body);
    }

    public ApiResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ApiResponse(status, Map.copyOf(copy), body);
    }

    public ObjectNode toEvent() {
        ObjectNode out = Json.object();
        out.put("statusCode", status);
        ObjectNode h = out.putObject("headers");
        headers.forEach(h::put);
        h.put("cache-control", headers.getOrDefault("cache-control", "no-store"));
        h.put("x-content-type-options", "nosniff");
        out.put("body", body);
        out.put("isBase64Encoded", false);
        return out;
    }
}
