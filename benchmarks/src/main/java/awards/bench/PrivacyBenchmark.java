package awards.bench;

import awards.local.LocalRuntime;
import awards.local.RuntimeOptions;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * What a person's export and erasure cost as the table grows: each reads the whole table (a Scan),
 * so time grows with the items. A table of N nominations, each with three votes and two email
 * markers (the items a cycle makes), 1,000 nominators; one of them asked for, through the HTTP API.
 * Usage: PrivacyBenchmark [nominations...] (default 1000 10000).
 */
public final class PrivacyBenchmark {
    public static void main(String[] args) throws Exception {
        int[] sizes = args.length == 0 ? new int[] {1_000, 10_000} : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        Table t = new Table("nominations", "items in the table", "export (s)", "erasure (s)", "items erased", "items scanned/s");
        for (int n : sizes) {
            try (LocalRuntime runtime = LocalRuntime.start(RuntimeOptions.anyPorts(Path.of("."), null).withDemo(true),
                    new PrintStream(OutputStream.nullOutputStream()));
                 DynamoDbClient ddb = DynamoDbClient.builder().endpointOverride(URI.create(runtime.endpoint("DynamoDB Local")))
                         .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                         .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
                int items = fill(ddb, runtime.tableName(), n);
                HttpClient http = HttpClient.newHttpClient();
                String person = "person7@example.gov.uk";
                long t0 = System.nanoTime();
                HttpResponse<String> export = ask(http, runtime, "export", person);
                double exportSeconds = (System.nanoTime() - t0) / 1e9;
                long t1 = System.nanoTime();
                HttpResponse<String> erasure = ask(http, runtime, "erasure", person);
                double erasureSeconds = (System.nanoTime() - t1) / 1e9;
                // A function stopped at its 30 s timeout answers 503 through the API: the table says so.
                String erased = "answer " + erasure.statusCode();
                if (erasure.statusCode() == 200) {
                    int count = 0;
                    for (var v : new com.fasterxml.jackson.databind.ObjectMapper().readTree(erasure.body()).path("itemsErased")) {
                        count += v.asInt();
                    }
                    erased = Integer.toString(count);
                }
                t.row(n, items, String.format("%.1f%s", exportSeconds, export.statusCode() == 200 ? "" : " (" + export.statusCode() + ")"),
                        String.format("%.1f%s", erasureSeconds, erasure.statusCode() == 200 ? "" : " (" + erasure.statusCode() + ")"), erased,
                        String.format("%.0f", items / exportSeconds));
            }
        }
        t.print("A person's export and erasure through the HTTP API, DynamoDB Local in memory ("
                + Runtime.getRuntime().availableProcessors() + " cores):");
    }

    private static HttpResponse<String> ask(HttpClient http, LocalRuntime runtime, String action, String email) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(runtime.endpoint("HTTP API") + "/admin/people/" + action))
                .header("Authorization", "Bearer " + runtime.adminToken()).header("Content-Type", "application/json")
                .timeout(java.time.Duration.ofMinutes(10))
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** N nominations of the demo cycle, each with three votes and two email markers. */
    private static int fill(DynamoDbClient ddb, String table, int n) {
        List<Map<String, AttributeValue>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = String.format("bench%021d", i);
            String nominator = "person" + (i % 1000) + "@example.gov.uk";
            String doc = "{\"cycleId\":\"dia-2027\",\"category\":\"mentoring\",\"nominee\":{\"name\":\"Network " + i
                    + "\",\"kind\":\"network\",\"organisation\":\"Cabinet Office\"},\"nominator\":{\"name\":\"Person " + (i % 1000)
                    + "\",\"email\":\"" + nominator + "\",\"organisation\":\"HM Treasury\"},\"citation\":\"" + "A citation of some length. ".repeat(40)
                    + "\",\"links\":[]}";
            Map<String, AttributeValue> item = new HashMap<>();
            item.put("pk", AttributeValue.fromS("NOM#" + id));
            item.put("sk", AttributeValue.fromS("NOM"));
            item.put("type", AttributeValue.fromS("nomination"));
            item.put("reference", AttributeValue.fromS(String.format("BEN-2027-%05d", i)));
            item.put("cycleId", AttributeValue.fromS("dia-2027"));
            item.put("category", AttributeValue.fromS("mentoring"));
            item.put("status", AttributeValue.fromS("NOT_SHORTLISTED"));
            item.put("doc", AttributeValue.fromS(doc));
            item.put("version", AttributeValue.fromN("3"));
            all.add(item);
            for (String judge : List.of("helen.marsh", "kwame.boateng", "rachel.lindqvist")) {
                all.add(Map.of("pk", AttributeValue.fromS("NOM#" + id), "sk", AttributeValue.fromS("VOTE#" + judge + "@example.gov.uk"),
                        "decision", AttributeValue.fromS("DECLINE"), "comment", AttributeValue.fromS("Not this year."),
                        "at", AttributeValue.fromS("2027-06-01T10:00:00Z")));
            }
            for (String kind : List.of("RECEIPT", "CLOSED")) {
                all.add(Map.of("pk", AttributeValue.fromS("NOM#" + id), "sk", AttributeValue.fromS("EMAIL#" + kind + "#" + nominator),
                        "state", AttributeValue.fromS("SENT")));
            }
        }
        for (int from = 0; from < all.size(); from += 25) {
            List<WriteRequest> batch = all.subList(from, Math.min(all.size(), from + 25)).stream()
                    .map(i -> WriteRequest.builder().putRequest(PutRequest.builder().item(i).build()).build()).toList();
            Map<String, List<WriteRequest>> left = Map.of(table, batch);
            while (!left.isEmpty()) {
                Map<String, List<WriteRequest>> asking = left;
                left = ddb.batchWriteItem(b -> b.requestItems(asking)).unprocessedItems();
            }
        }
        return all.size();
    }
}
