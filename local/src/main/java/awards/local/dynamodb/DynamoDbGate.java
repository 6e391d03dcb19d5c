package awards.local.dynamodb;

import awards.local.iam.LocalIam;
import awards.local.template.LocalNames;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import localaws.LoopbackServer;
import localaws.LoopbackServer.Refusal;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * DynamoDB's endpoint as clients see it: a handler in front of DynamoDB Local's own, in its server.
 * Every request is authorised as IAM would authorise it, then handed to DynamoDB Local as it came.
 * A refused call gets DynamoDB's own {@code AccessDeniedException}. A transaction or batch is
 * authorised per item: {@code TransactWriteItems} needs {@code PutItem}, {@code UpdateItem},
 * {@code DeleteItem} or {@code ConditionCheckItem} on each item's table, {@code TransactGetItems}
 * needs {@code GetItem}
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html); a
 * query of an index needs the action on the index's ARN.
 *
 * <p>Before that, as every server of the local runtime: a {@code Host} that is not this server's
 * loopback name (DNS rebinding) is refused, so is a CORS preflight, and so is a request not signed
 * as the AWS SDKs and CLI sign ({@link LoopbackServer#requireSignature(String, String)}).
 *
 * <p>It was a server of its own that passed each request on over loopback HTTP: every DynamoDB call
 * crossed two HTTP hops, and the second (the JDK's HTTP client) cost a tenth of a whole cycle's CPU.
 */
public final class DynamoDbGate extends Handler.Wrapper {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LocalIam iam;
    private final LocalNames names;
    private final int port;

    /** The gate of DynamoDB Local served at {@code port} (what a request's {@code Host} must name). */
    public DynamoDbGate(LocalIam iam, LocalNames names, int port) {
        this.iam = iam;
        this.names = names;
        this.port = port;
    }

    /** One authorisation a request needs. */
    record Need(String action, String resource) {}

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        var headers = request.getHeaders();
        Optional<Refusal> refused = LoopbackServer.foreignHost(headers.get(HttpHeader.HOST), port);
        if (refused.isEmpty() && "OPTIONS".equals(request.getMethod())) {
            refused = Optional.of(new Refusal(403, "CorsNotAllowed", "no cross-origin requests are served here"));
        }
        if (refused.isEmpty()) {
            refused = LoopbackServer.requireSignature(headers.get(HttpHeader.AUTHORIZATION), headers.get("X-Amz-Date"));
        }
        if (refused.isPresent()) {
            response.setStatus(refused.get().status());
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.getHeaders().put("x-amzn-ErrorType", refused.get().code());
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.write(true, ByteBuffer.wrap(refused.get().json()), callback);
            return true;
        }
        String key = localaws.stepfunctions.api.AccessCheck.accessKey(headers.get(HttpHeader.AUTHORIZATION));
        if (!iam.restricts(key)) {
            return super.handle(request, response, callback);
        }
        // The request is read here to be authorised, then given to DynamoDB Local as it came.
        ByteBuffer body = Content.Source.asByteBuffer(request);
        byte[] bytes = new byte[body.remaining()];
        body.duplicate().get(bytes);
        String target = Optional.ofNullable(headers.get("X-Amz-Target")).orElse("");
        String operation = target.substring(target.indexOf('.') + 1);
        for (Need need : needs(operation, bytes)) {
            Optional<String> denied = iam.deny(key, need.action(), need.resource());
            if (denied.isPresent()) {
                byte[] out = JSON.createObjectNode().put("__type", "com.amazon.coral.service#AccessDeniedException")
                        .put("Message", denied.get()).toString().getBytes(StandardCharsets.UTF_8);
                response.setStatus(400);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/x-amz-json-1.0");
                response.getHeaders().put("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
                response.write(true, ByteBuffer.wrap(out), callback);
                return true;
            }
        }
        return super.handle(new Replayed(request, body), response, callback);
    }

    /** The request with its body, already read, to be read again. */
    private static final class Replayed extends Request.Wrapper {
        private Content.Chunk next;

        Replayed(Request request, ByteBuffer body) {
            super(request);
            this.next = Content.Chunk.from(body, true);
        }

        @Override
        public synchronized Content.Chunk read() {
            Content.Chunk chunk = next;
            next = Content.Chunk.EOF;
            return chunk;
        }

        @Override
        public void demand(Runnable demandCallback) {
            demandCallback.run();
        }
    }

    /** What an operation needs of IAM, from its request. */
    List<Need> needs(String operation, byte[] body) throws IOException {
        JsonNode in = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        List<Need> out = new ArrayList<>();
        switch (operation) {
            case "TransactWriteItems" -> in.path("TransactItems").forEach(item -> item.properties().forEach(e -> {
                String action = switch (e.getKey()) {
                    case "Put" -> "PutItem";
                    case "Update" -> "UpdateItem";
                    case "Delete" -> "DeleteItem";
                    default -> "ConditionCheckItem";
                };
                out.add(new Need("dynamodb:" + action, table(e.getValue().path("TableName").asText())));
            }));
            case "TransactGetItems" -> in.path("TransactItems").forEach(item ->
                    out.add(new Need("dynamodb:GetItem", table(item.path("Get").path("TableName").asText()))));
            case "BatchGetItem", "BatchWriteItem" -> in.path("RequestItems").fieldNames()
                    .forEachRemaining(t -> out.add(new Need("dynamodb:" + operation, table(t))));
            case "ListTables" -> out.add(new Need("dynamodb:ListTables", "*"));
            default -> {
                String table = in.path("TableName").asText("");
                String resource = table.isEmpty() ? "*" : in.hasNonNull("IndexName")
                        ? table(table) + "/index/" + in.get("IndexName").asText() : table(table);
                out.add(new Need("dynamodb:" + operation, resource));
            }
        }
        return out;
    }

    private String table(String name) {
        return names.tableArn(name);
    }
}
