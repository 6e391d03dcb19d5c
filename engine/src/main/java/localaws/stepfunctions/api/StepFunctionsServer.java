package localaws.stepfunctions.api;

import localaws.LoopbackServer;

import localaws.stepfunctions.engine.Engine;
import localaws.stepfunctions.engine.EngineException;
import localaws.stepfunctions.json.JsonPaths;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves the Step Functions API on loopback (AWS JSON 1.0, {@code X-Amz-Target:
 * AWSStepFunctions.*}), so the AWS SDK and CLI talk to the engine unchanged; and the engine's own
 * clock at {@code /_local/clock} (GET reads it; POST {@code {"advanceTo": "..."}} or
 * {@code {"advanceBy": "PT1H"}} moves it forward).
 */
public final class StepFunctionsServer extends LoopbackServer {
    public static final int DEFAULT_PORT = 8083;
    private static final Logger LOG = Logger.getLogger(StepFunctionsServer.class.getName());
    private final StepFunctionsApi api;
    private final Engine engine;
    private final AccessCheck access;

    public StepFunctionsServer(Engine engine, int port) throws IOException {
        this(engine, port, AccessCheck.ALLOW_ALL);
    }

    public StepFunctionsServer(Engine engine, int port, AccessCheck access) throws IOException {
        super(port, 256);
        this.engine = engine;
        this.access = access;
        this.api = new StepFunctionsApi(engine);
        route("/_local/clock", this::clock);
        route("/", this::handle);
        start();
    }



    /** Only requests signed as the AWS SDKs and CLI sign them: a web page on another origin cannot. */
    @Override
    protected java.util.Optional<Refusal> authorize(HttpExchange exchange) {
        return requireSignature(exchange);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (!"POST".equals(exchange.getRequestMethod()) || target == null || !target.startsWith("AWSStepFunctions.")) {
                error(exchange, 400, "UnknownOperationException", "expected a POST with X-Amz-Target: AWSStepFunctions.<Operation>");
                return;
            }
            JsonNode in;
            try (InputStream body = exchange.getRequestBody()) {
                byte[] bytes = body.readAllBytes();
                in = bytes.length == 0 ? JsonPaths.MAPPER.createObjectNode() : JsonPaths.MAPPER.readTree(bytes);
            } catch (IOException e) {
                error(exchange, 400, "SerializationException", "the request body is not JSON");
                return;
            }
            String operation = target.substring("AWSStepFunctions.".length());
            String resource = resource(operation, in);
            // A token no task waits on any more names no state machine: the call gets the engine's own
            // answer (TaskDoesNotExist, TaskTimedOut), as AWS gives it, not an authorisation error.
            var denied = resource == null ? java.util.Optional.<String>empty()
                    : access.deny(AccessCheck.accessKey(exchange.getRequestHeaders().getFirst("Authorization")), "states:" + operation, resource);
            if (denied.isPresent()) {
                error(exchange, 400, "AccessDeniedException", denied.get());
                return;
            }
            try {
                ObjectNode out = api.call(operation, in);
                send(exchange, 200, out.toString(), null);
            } catch (EngineException e) {
                error(exchange, 400, e.code(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "Step Functions API " + target, e);
                error(exchange, 500, "InternalFailure", "the engine failed: " + e);
            }
        }
    }

    /**
     * The resource an operation acts on, as IAM sees it: the state machine, the execution, or for a
     * task token the state machine of the execution waiting on it
     * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsstepfunctions.html).
     */
    private String resource(String operation, JsonNode in) {
        if (in.hasNonNull("executionArn")) {
            return in.get("executionArn").asText();
        }
        if (in.hasNonNull("stateMachineArn")) {
            return in.get("stateMachineArn").asText();
        }
        if (in.hasNonNull("taskToken")) {
            return engine.stateMachineOfToken(in.get("taskToken").asText()).orElse(null);
        }
        return "*";
    }

    private void clock(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                if ("POST".equals(exchange.getRequestMethod())) {
                    JsonNode in = JsonPaths.MAPPER.readTree(exchange.getRequestBody().readAllBytes());
                    if (in != null && in.hasNonNull("advanceTo")) {
                        engine.engineClock().advanceTo(Instant.parse(in.get("advanceTo").asText()));
                    } else if (in != null && in.hasNonNull("advanceBy")) {
                        engine.engineClock().advanceBy(Duration.parse(in.get("advanceBy").asText()));
                    } else {
                        error(exchange, 400, "ValidationException", "send {\"advanceTo\": \"2027-05-03T16:00:00Z\"} or {\"advanceBy\": \"PT1H\"}");
                        return;
                    }
                }
                send(exchange, 200, JsonPaths.MAPPER.createObjectNode().put("now", engine.now().toString()).toString(), "application/json");
            } catch (RuntimeException e) {
                error(exchange, 400, "ValidationException", "cannot move the clock: " + e.getMessage());
            }
        }
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        exchange.getResponseHeaders().add("x-amzn-ErrorType", code);
        send(exchange, status, JsonPaths.MAPPER.createObjectNode().put("__type", code).put("message", message).toString(), null);
    }

    private static void send(HttpExchange exchange, int status, String body, String contentType) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType == null ? "application/x-amz-json-1.0" : contentType);
        exchange.getResponseHeaders().add("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

}
