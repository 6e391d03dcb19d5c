package awards.local.dynamodb;

import awards.local.iam.LocalIam;
import localaws.LoopbackServer;
import awards.local.template.LocalNames;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * DynamoDB's endpoint as clients see it: every request is authorised as IAM would authorise it,
 * then passed to DynamoDB Local byte for byte (its answer too, CRC32 header included). A refused
 * call gets DynamoDB's own {@code AccessDeniedException}. A transaction or batch is authorised per
 * item: {@code TransactWriteItems} needs {@code PutItem}, {@code UpdateItem}, {@code DeleteItem} or
 * {@code ConditionCheckItem} on each item's table, {@code TransactGetItems} needs {@code GetItem}
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html); a
 * query of an index needs the action on the index's ARN.
 */
public final class DynamoDbGate extends LoopbackServer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length", "expect", "upgrade", "transfer-encoding");
    /** DynamoDB Local's address, once it is up and the table is there: until then requests wait for it. */
    private final java.util.concurrent.CompletableFuture<String> target;
    private final LocalIam iam;
    private final LocalNames names;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public DynamoDbGate(String dynamoLocal, LocalIam iam, LocalNames names, int port) throws IOException {
        this(java.util.concurrent.CompletableFuture.completedFuture(dynamoLocal), iam, names, port);
    }

    /** A gate that listens at once and forwards once {@code dynamoLocal} is known (DynamoDB Local starts beside the rest). */
    public DynamoDbGate(java.util.concurrent.CompletableFuture<String> dynamoLocal, LocalIam iam, LocalNames names, int port) throws IOException {
        super(port, 512);
        this.target = dynamoLocal;
        this.iam = iam;
        this.names = names;
        route("/", this::handle);
        start();
    }

    /** Only requests signed as the AWS SDKs and CLI sign them: a web page on another origin cannot. */
    @Override
    protected java.util.Optional<Refusal> authorize(HttpExchange exchange) {
        return requireSignature(exchange);
    }

    /** One authorisation a request needs. */
    record Need(String action, String resource) {}

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String key = localaws.stepfunctions.api.AccessCheck.accessKey(exchange.getRequestHeaders().getFirst("Authorization"));
            if (iam.restricts(key)) {
                String target = Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Amz-Target")).orElse("");
                String operation = target.substring(target.indexOf('.') + 1);
                for (Need need : needs(operation, body)) {
                    Optional<String> denied = iam.deny(key, need.action(), need.resource());
                    if (denied.isPresent()) {
                        byte[] out = JSON.createObjectNode().put("__type", "com.amazon.coral.service#AccessDeniedException")
                                .put("Message", denied.get()).toString().getBytes(StandardCharsets.UTF_8);
                        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
                        exchange.getResponseHeaders().add("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
                        exchange.sendResponseHeaders(400, out.length);
                        try (OutputStream o = exchange.getResponseBody()) {
                            o.write(out);
                        }
                        return;
                    }
                }
            }
            forward(exchange, body);
        }
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException {
        URI backend;
        try {
            backend = URI.create(target.get(2, java.util.concurrent.TimeUnit.MINUTES));
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("DynamoDB Local did not start", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(backend.resolve(exchange.getRequestURI().getRawPath()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> b.header(name, v));
            }
        });
        HttpResponse<byte[]> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        r.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                values.forEach(v -> exchange.getResponseHeaders().add(name, v));
            }
        });
        byte[] out = r.body();
        exchange.sendResponseHeaders(r.statusCode(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(out);
            }
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
