package awards.platform;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP API (payload format 2.0) response. {@code base64}: the body is base64 of the bytes to
 * send (API Gateway decodes it), for bodies that are not text, such as a compressed one.
 */
public record ApiResponse(int status, Map<String, String> headers, String body, boolean base64) {

    public ApiResponse(int status, Map<String, String> headers, String body) {
        this(status, headers, body, false);
    }

    public static ApiResponse json(int status, Object body) {
        return new ApiResponse(status, Map.of("content-type", "application/json"), Json.write(body));
    }

    public static ApiResponse text(int status, String contentType, String body) {
        return new ApiResponse(status, Map.of("content-type", contentType), body);
    }

    public static ApiResponse bytes(int status, Map<String, String> headers, byte[] body) {
        return new ApiResponse(status, headers, Base64.getEncoder().encodeToString(body), true);
    }

    public ApiResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ApiResponse(status, Map.copyOf(copy), body, base64);
    }

    public ObjectNode toEvent() {
        ObjectNode out = Json.object();
        out.put("statusCode", status);
        ObjectNode h = out.putObject("headers");
        headers.forEach(h::put);
        h.put("cache-control", headers.getOrDefault("cache-control", "no-store"));
        h.put("x-content-type-options", "nosniff");
        out.put("body", body);
        out.put("isBase64Encoded", base64);
        return out;
    }
}
