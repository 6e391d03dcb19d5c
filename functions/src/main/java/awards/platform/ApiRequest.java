package awards.platform;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An API Gateway HTTP API request (payload format 2.0), reduced to what handlers use. The body is
 * kept as bytes until a handler asks for text, so its size and UTF-8 validity can be checked.
 */
public record ApiRequest(
        String method,
        String path,
        Map<String, String> pathParameters,
        Map<String, String> query,
        Map<String, String> headers,
        byte[] body,
        Instant now,
        String domainName,
        Optional<String> iamCaller) {

    public static final int MAX_BODY_BYTES = 64 * 1024;

    public static ApiRequest fromEvent(JsonNode event) {
        JsonNode context = event.path("requestContext");
        JsonNode http = context.path("http");
        if (!context.path("timeEpoch").canConvertToLong()) {
            throw new IllegalArgumentException("event has no requestContext.timeEpoch: not an HTTP API 2.0 event");
        }
        Map<String, String> headers = new HashMap<>();
        event.path("headers").properties().forEach(e -> headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText()));
        String bodyText = event.path("body").isTextual() ? event.path("body").asText() : null;
        byte[] body;
        if (bodyText == null) {
            body = new byte[0];
        } else if (event.path("isBase64Encoded").asBoolean(false)) {
            body = Base64.getDecoder().decode(bodyText);
        } else {
            body = bodyText.getBytes(StandardCharsets.UTF_8);
        }
        JsonNode iam = context.path("authorizer").path("iam");
        Optional<String> caller = iam.path("userArn").isTextual()
                ? Optional.of(iam.path("userArn").asText())
                : Optional.empty();
        return new ApiRequest(
                http.path("method").asText("GET"),
                http.path("path").asText(event.path("rawPath").asText("/")),
                strings(event.path("pathParameters")),
                strings(event.path("queryStringParameters")),
                Map.copyOf(headers),
                body,
                Instant.ofEpochMilli(context.path("timeEpoch").asLong()),
                context.path("domainName").asText("localhost"),
                caller);
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> out = new HashMap<>();
        node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return Map.copyOf(out);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    public Optional<String> queryParam(String name) {
        return Optional.ofNullable(query.get(name)).filter(v -> !v.isEmpty());
    }

    public String pathParam(String name) {
        String value = pathParameters.get(name);
        if (value == null) {
            throw new IllegalStateException("route has no path parameter " + name);
        }
        return value;
    }

    /** The body as text; refuses a body over 64 KiB (413) or one that is not UTF-8 (400). */
    public String bodyText() {
        if (body.length > MAX_BODY_BYTES) {
            throw Problem.payloadTooLarge(body.length, MAX_BODY_BYTES).exception();
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw Problem.invalidBody("is not valid UTF-8").exception();
        }
    }

    /**
     * The body as a JSON object; refuses a body not declared JSON ({@code Content-Type}
     * {@code application/json}, or a {@code +json} type) with a 415, and anything else with a 400
     * naming the problem.
     */
    public JsonNode jsonBody() {
        String type = header("content-type").orElse("");
        String mediaType = type.contains(";") ? type.substring(0, type.indexOf(';')) : type;
        mediaType = mediaType.strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json") && !(mediaType.startsWith("application/") && mediaType.endsWith("+json"))) {
            throw Problem.unsupportedMediaType(type).exception();
        }
        String text = bodyText();
        if (text.isBlank()) {
            throw Problem.invalidBody("is required: a JSON object").exception();
        }
        JsonNode node;
        try {
            node = Json.read(text);
        } catch (IllegalArgumentException e) {
            String why = e.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : "";
            String detail = why.startsWith("Duplicate field") ? "is not valid JSON: a field appears twice"
                    : why.startsWith("Trailing token") ? "is not valid JSON: there is more after the object"
                    : "is not valid JSON";
            throw Problem.invalidBody(detail).exception();
        }
        if (!node.isObject()) {
            throw Problem.invalidBody("must be a JSON object").exception();
        }
        return node;
    }
}
