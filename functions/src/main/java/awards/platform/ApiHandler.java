package awards.platform;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The boundary every HTTP handler shares: bytes in, a payload 2.0 event parsed into an
 * {@link ApiRequest}, the logic called, the result or the problem written back as bytes.
 */
public abstract class ApiHandler implements RequestStreamHandler {
    private static final Logger LOG = Logger.getLogger(ApiHandler.class.getName());

    protected abstract ApiResponse handle(ApiRequest request);

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Logs.during(context, () -> {
            JsonNode event = Json.MAPPER.readTree(input);
            Json.MAPPER.writeValue(output, respond(ApiRequest.fromEvent(event)).toEvent());
            return null;
        });
    }

    public final ApiResponse respond(ApiRequest request) {
        try {
            return handle(request);
        } catch (Problem.ProblemException e) {
            return e.problem().response();
        } catch (RuntimeException e) {
            // Logged as the route, not the request: bodies hold personal data, and paths and queries
            // hold link secrets and status tokens.
            LOG.log(Level.SEVERE, "unhandled error in " + getClass().getSimpleName() + " for " + route(request), e);
            return Problem.internal().response();
        }
    }

    /** The request's method and path with every path parameter's value replaced by its name. */
    static String route(ApiRequest request) {
        String path = request.path().replaceAll("[?].*", "");
        StringBuilder out = new StringBuilder();
        for (String segment : path.split("/", -1)) {
            String named = segment;
            for (var p : request.pathParameters().entrySet()) {
                if (segment.equals(p.getValue())) {
                    named = "{" + p.getKey() + "}";
                }
            }
            out.append(out.isEmpty() && segment.isEmpty() ? "" : "/").append(named);
        }
        return request.method() + " " + (out.isEmpty() ? "/" : out);
    }

}
