package awards.bench;

import awards.admin.CycleAdminHandler;
import awards.local.dynamodb.LocalDynamoDb;
import awards.local.dynamodb.TableFromTemplate;
import localaws.stepfunctions.api.StepFunctionsServer;
import localaws.stepfunctions.engine.Engine;
import localaws.VirtualClock;
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
             Engine engine = new Engine(Engine.Options.inMemory(VirtualClock.frozen(Instant.parse("2027-04-15T10:00:00Z"))));
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
            env.put("ADMIN_PRINCIPAL_ARNS", "arn:aws:iam::123456789012:user/awards-admin");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new CycleAdminHandler(env).handleRequest(new ByteArrayInputStream(Files.readAllBytes(Path.of("events/api/admin-put-cycle.json"))), out, null);
            if (!out.toString().contains("\"statusCode\":201")) {
                throw new IllegalStateException("the sample cycle was not created: " + out);
            }
            Path first = event("submit-nomination-social-mobility-network");
            Path second = event("submit-nomination-mutual-mentoring");
            String javaBin = ProcessHandle.current().info().command().orElse("java");
            // The probe in a jar of its own: the AOT cache accepts only jars on the class path.
            Path probeJar = Files.createTempFile("cold-start-probe", ".jar");
            try (var jarOut = new java.util.jar.JarOutputStream(Files.newOutputStream(probeJar))) {
                String entry = ColdStartProbe.class.getName().replace('.', '/') + ".class";
                jarOut.putNextEntry(new java.util.jar.JarEntry(entry));
                try (var in = ColdStartProbe.class.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(jarOut);
                }
                jarOut.closeEntry();
            }
            String classpath = jar.toAbsolutePath() + java.io.File.pathSeparator + probeJar;
            Table t = new Table("JVM flags", "runs", "JVM start to main (ms)", "class load + constructor (ms)", "priming, before the snapshot (ms)",
                    "1st invoke (ms)", "2nd invoke (ms)", "to 1st response (ms)");
            List<String> c1 = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
            // JDK 25's AOT cache (JEP 514): one training run writes it, every later start maps it.
            Path aot = Files.createTempDirectory("cold-start-aot").resolve("functions.aot");
            List<String> training = new ArrayList<>(c1);
            training.add("-XX:AOTCacheOutput=" + aot);
            probe(javaBin, classpath, training, first, second, env, false);
            List<String> withCache = new ArrayList<>(c1);
            withCache.add("-XX:AOTCache=" + aot);
            record Mode(String name, List<String> flags, boolean prime) {}
            for (Mode mode : List.of(new Mode("(defaults)", List.of(), false), new Mode(String.join(" ", c1), c1, false),
                    new Mode(String.join(" ", c1) + ", primed (SnapStart hook)", c1, true),
                    new Mode(String.join(" ", c1) + " -XX:AOTCache", withCache, false),
                    new Mode(String.join(" ", c1) + " -XX:AOTCache, primed", withCache, true))) {
                List<double[]> samples = new ArrayList<>();
                for (int r = 0; r < runs; r++) {
                    samples.add(probe(javaBin, classpath, mode.flags(), first, second, env, mode.prime()));
                }
                double[] m = new double[5];
                for (int k = 0; k < 5; k++) {
                    int col = k;
                    m[k] = samples.stream().mapToDouble(x -> x[col]).sorted().toArray()[runs / 2];
                }
                // Primed: start, constructor and priming all happen before the snapshot; a restored
                // function's first response costs the restore (not measured here) and the first invoke.
                double toFirst = mode.prime() ? m[3] : m[0] + m[1] + m[3];
                t.row(mode.name(), runs, fmt(m[0]), fmt(m[1]), mode.prime() ? fmt(m[2]) : "-", fmt(m[3]), fmt(m[4]), fmt(toFirst));
            }
            t.print("Cold start of SubmitNominationHandler, Java " + Runtime.version().feature() + ", shaded jar "
                    + Files.size(jar) / 1024 + " KiB, medians:");
        }
    }

    /** One fresh JVM running the probe: {jvm start to main, constructor, priming, 1st, 2nd invoke} in ms. */
    private static double[] probe(String javaBin, String classpath, List<String> flags, Path first, Path second, Map<String, String> env,
                                  boolean prime) throws Exception {
        List<String> command = new ArrayList<>(List.of(javaBin));
        command.addAll(flags);
        command.addAll(List.of("-cp", classpath, ColdStartProbe.class.getName(), "awards.nomination.SubmitNominationHandler",
                first.toString(), second.toString()));
        if (prime) {
            command.add("--prime");
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        String line = output.lines().filter(l -> l.startsWith("{\"jvmToMain\"")).findFirst()
                .orElseThrow(() -> new IllegalStateException("probe failed: " + output));
        var j = JSON.readTree(line);
        return new double[] {j.get("jvmToMain").asDouble(), j.get("construct").asDouble(), j.get("prime").asDouble(),
                j.get("first").asDouble(), j.get("second").asDouble()};
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
