package awards.bench;

import awards.admin.CycleAdminHandler;
import awards.local.dynamodb.LocalDynamoDb;
import awards.local.dynamodb.TableFromTemplate;
import awards.local.stepfunctions.api.StepFunctionsServer;
import awards.local.stepfunctions.engine.Engine;
import awards.local.stepfunctions.engine.EngineClock;
import awards.local.template.SamTemplate;
import awards.local.template.StateMachineFromTemplate;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Cold start of the submit handler as the Lambda runtime meets it: a fresh JVM per run, the shaded
 * functions jar, the no-argument constructor, then a first and a second invocation against local
 * endpoints (DynamoDB Local and the engine). Prints medians of N runs per JVM setting.
 */
public final class ColdStartBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path jar = Path.of("functions/target/functions.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build with mvn package first");
        }
        SamTemplate template = SamTemplate.read(Path.of("infra/template.yaml"));
        try (LocalDynamoDb dynamo = LocalDynamoDb.start(0, null);
             Engine engine = new Engine(Engine.Options.inMemory(EngineClock.frozen(Instant.parse("2027-04-15T10:00:00Z"))));
             StepFunctionsServer sfnServer = new StepFunctionsServer(engine, 0);
             awards.local.email.SesServer ses = new awards.local.email.SesServer(
                     new awards.local.email.Outbox(Files.createTempDirectory("cold-start-outbox")), engine.engineClock(), 0)) {
            var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
            try (DynamoDbClient ddb = DynamoDbClient.builder().endpointOverride(URI.create(dynamo.endpoint())).region(Region.US_EAST_1)
                    .credentialsProvider(creds).httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
                TableFromTemplate.ensure(ddb, template, "NominationsTable");
            }
            String machine = engine.createStateMachine("nomination",
                    StateMachineFromTemplate.read(template, awards.local.template.LocalNames.DEFAULT.values(template, Map.of())).json(), null, null).arn();
            Map<String, String> env = new HashMap<>(Map.of("AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                    "AWS_ENDPOINT_URL_DYNAMODB", dynamo.endpoint(), "AWS_ENDPOINT_URL_SFN", sfnServer.endpoint(), "AWS_ENDPOINT_URL_SESV2", ses.endpoint(),
                    "TABLE_NAME", "NominationsTable", "STATE_MACHINE_ARN", machine));
            env.put("SENDER_ADDRESS", "awards@example.gov.uk");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new CycleAdminHandler(env).handleRequest(new ByteArrayInputStream(Files.readAllBytes(Path.of("events/api/admin-put-cycle.json"))), out, null);
            Path first = event("submit-nomination-social-mobility-network");
            Path second = event("submit-nomination-mutual-mentoring");
            String javaBin = ProcessHandle.current().info().command().orElse("java");
            String classpath = jar.toAbsolutePath() + java.io.File.pathSeparator.toString()
                    + Path.of(ColdStartProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Table t = new Table("JVM flags", "runs", "JVM start to main (ms)", "class load + constructor (ms)", "1st invoke (ms)", "2nd invoke (ms)", "total to 1st response (ms)");
            for (List<String> flags : List.of(List.<String>of(), List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"))) {
                List<double[]> samples = new ArrayList<>();
                for (int r = 0; r < runs; r++) {
                    List<String> command = new ArrayList<>(List.of(javaBin));
                    command.addAll(flags);
                    command.addAll(List.of("-cp", classpath, ColdStartProbe.class.getName(), "awards.nomination.SubmitNominationHandler",
                            first.toString(), second.toString()));
                    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
                    pb.environment().putAll(env);
                    Process p = pb.start();
                    String line = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                            .filter(l -> l.startsWith("{\"jvmToMain\"")).findFirst().orElseThrow(() -> new IllegalStateException("probe failed"));
                    p.waitFor();
                    var j = JSON.readTree(line);
                    samples.add(new double[] {j.get("jvmToMain").asDouble(), j.get("construct").asDouble(), j.get("first").asDouble(), j.get("second").asDouble()});
                }
                double[] m = new double[4];
                for (int k = 0; k < 4; k++) {
                    int col = k;
                    m[k] = samples.stream().mapToDouble(s -> s[col]).sorted().toArray()[runs / 2];
                }
                t.row(flags.isEmpty() ? "(defaults)" : String.join(" ", flags), runs, fmt(m[0]), fmt(m[1]), fmt(m[2]), fmt(m[3]), fmt(m[0] + m[1] + m[2]));
            }
            t.print("Cold start of SubmitNominationHandler, Java " + Runtime.version().feature() + ", shaded jar "
                    + Files.size(jar) / 1024 + " KiB, medians:");
        }
    }

    private static String fmt(double v) {
        return String.format("%.0f", v);
    }

    /** The sample event without its idempotency key, so every run submits anew. */
    private static Path event(String name) throws Exception {
        ObjectNode e = (ObjectNode) JSON.readTree(Files.readString(Path.of("events/api/" + name + ".json")));
        ((ObjectNode) e.path("headers")).remove("idempotency-key");
        Path file = Files.createTempFile(name, ".json");
        Files.writeString(file, e.toString());
        return file;
    }
}
