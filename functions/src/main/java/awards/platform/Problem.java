package awards.platform;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** An RFC 9457 problem details response. */
public record Problem(int status, String type, String title, String detail, List<FieldError> errors) {

    public record FieldError(String field, String message) {}

    private static final String TYPES = "https://awards.example/problems/";

    /** 400 for a nomination's fields (submission, correction). */
    public static Problem invalid(List<FieldError> errors) {
        return invalid("invalid-nomination", "The request has invalid fields", errors);
    }

    /** 400 {@code invalid-body}: the body is not what any route takes (not UTF-8, not one JSON object, not a form). */
    public static Problem invalidBody(String message) {
        return invalid("invalid-body", "The request body cannot be read", List.of(new FieldError("body", message)));
    }

    /** 400 of its own type: a query's parameters ({@code invalid-query}), a cycle's fields ({@code invalid-cycle}). */
    public static Problem invalid(String type, String title, List<FieldError> errors) {
        return new Problem(400, TYPES + type, title,
                errors.size() + (errors.size() == 1 ? " field is" : " fields are") + " invalid", List.copyOf(errors));
    }

    public static Problem payloadTooLarge(int size, int limit) {
        return new Problem(413, TYPES + "payload-too-large", "The request body is too large",
                "the body is " + size + " bytes; the limit is " + limit + " bytes (64 KiB)", List.of());
    }

    /** 415: the body is not of a type this route takes. */
    public static Problem unsupportedMediaType(String contentType) {
        return new Problem(415, TYPES + "unsupported-media-type", "The body must be JSON",
                (contentType.isBlank() ? "the request has no Content-Type" : "the Content-Type is " + contentType.strip())
                        + "; send the body as application/json", List.of());
    }

    /** 429: too many of these for now; {@code detail} says when to try again. */
    public static Problem tooManyRequests(String type, String detail) {
        return new Problem(429, TYPES + type, "Too many requests", detail, List.of());
    }

    public static Problem notFound() {
        return new Problem(404, TYPES + "not-found", "Not found", "nothing is here", List.of());
    }

    public static Problem conflict(String type, String title, String detail) {
        return new Problem(409, TYPES + type, title, detail, List.of());
    }

    public static Problem unprocessable(String type, String title, String detail) {
        return new Problem(422, TYPES + type, title, detail, List.of());
    }

    public static Problem forbidden(String detail) {
        return new Problem(403, TYPES + "forbidden", "Forbidden", detail, List.of());
    }

    /** 503: too much at once; the same request, sent again, will work. */
    public static Problem busy(String detail) {
        return new Problem(503, TYPES + "busy", "Busy, try again", detail, List.of());
    }

    public static Problem internal() {
        return new Problem(500, TYPES + "internal", "Internal error",
                "the request could not be completed; it is safe to retry it with the same Idempotency-Key", List.of());
    }

    public ProblemException exception() {
        return new ProblemException(this);
    }

    public ApiResponse response() {
        ObjectNode body = Json.object();
        body.put("type", type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        if (!errors.isEmpty()) {
            ArrayNode list = body.putArray("errors");
            errors.forEach(e -> list.addObject().put("field", e.field()).put("message", e.message()));
        }
        return new ApiResponse(status, Map.of("content-type", "application/problem+json"), Json.write(body));
    }

    /** Thrown by handler logic; the handler base turns it into the problem response. */
    public static final class ProblemException extends RuntimeException {
        private final Problem problem;

        ProblemException(Problem problem) {
            super(problem.title() + ": " + problem.detail(), null, false, false);
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }
}
