package awards.local.lambda;

import localaws.LambdaFunctions;
import com.sun.net.httpserver.HttpExchange;
import localaws.LoopbackServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lambda's {@code Invoke} REST API on loopback (default 3001, as {@code sam local start-lambda}), so
 * {@code aws lambda invoke --endpoint-url} and the SDK's LambdaClient reach the local functions.
 */
public final class LambdaInvokeServer extends LoopbackServer {
    public static final int DEFAULT_PORT = 3001;
    private static final Pattern INVOKE = Pattern.compile("/2015-03-31/functions/([^/]+)/invocations");
    private final LocalFunctions functions;
    private final localaws.stepfunctions.api.AccessCheck access;

    /**
     * {@code access}: IAM for {@code lambda:InvokeFunction} on the function's ARN, by the access key
     * the request was signed with: a function's own key may invoke only what its policies allow.
     */
    public LambdaInvokeServer(LocalFunctions functions, int port, localaws.stepfunctions.api.AccessCheck access) throws IOException {
        super(port, 128);
        this.functions = functions;
        this.access = access;
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
            Matcher m = INVOKE.matcher(exchange.getRequestURI().getPath());
            if (!"POST".equals(exchange.getRequestMethod()) || !m.matches()) {
                send(exchange, 404, "UnknownOperationException", "{\"message\":\"only Invoke is served here\"}", null);
                return;
            }
            String name = java.net.URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
            var function = functions.find(name);
            if (function.isEmpty()) {
                send(exchange, 404, "ResourceNotFoundException", "{\"Type\":\"User\",\"message\":\"Function not found: " + name + "\"}", null);
                return;
            }
            String key = localaws.stepfunctions.api.AccessCheck.accessKey(exchange.getRequestHeaders().getFirst("Authorization"));
            var denied = access.deny(key, "lambda:InvokeFunction", function.get().arn());
            if (denied.isPresent()) {
                // https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html: AccessDeniedException, 403.
                send(exchange, 403, "AccessDeniedException", "{\"Type\":\"User\",\"message\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(denied.get()) + "}", null);
                return;
            }
            byte[] payload = exchange.getRequestBody().readAllBytes();
            String type = exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type");
            if ("DryRun".equals(type)) {
                send(exchange, 204, null, "", null);
                return;
            }
            if ("Event".equals(type)) {
                Thread.ofVirtual().start(() -> functions.invoke(function.get(), payload));
                send(exchange, 202, null, "", null);
                return;
            }
            LambdaFunctions.Result result = functions.invoke(function.get(), payload);
            send(exchange, 200, null, new String(result.payload(), StandardCharsets.UTF_8), result.functionError());
        }
    }

    private static void send(HttpExchange exchange, int status, String errorType, String body, String functionError) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("X-Amz-Executed-Version", "$LATEST");
        exchange.getResponseHeaders().add("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
        if (errorType != null) {
            exchange.getResponseHeaders().add("x-amzn-ErrorType", errorType);
        }
        if (functionError != null) {
            exchange.getResponseHeaders().add("X-Amz-Function-Error", functionError);
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

}
