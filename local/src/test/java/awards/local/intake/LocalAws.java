package awards.local.intake;

import awards.local.LocalRuntime;
import awards.local.RuntimeOptions;
import awards.local.dynamodb.TableFromTemplate;
import awards.local.template.SamTemplate;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The AWS services the functions use, reached only through endpoints: by default DynamoDB Local and
 * this project's Step Functions engine, started here in memory on free ports; with
 * {@code -Plocalstack}, LocalStack in Docker (skipped, saying so, where Docker is absent).
 */
final class LocalAws implements AutoCloseable {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final SamTemplate TEMPLATE = SamTemplate.read(ROOT.resolve("infra/template.yaml"));
    static final String TABLE = "NominationsTable";

    final String dynamoEndpoint;
    final String sfnEndpoint;
    final String sesEndpoint;
    final String stateMachineArn;
    final DynamoDbClient dynamo;
    final SfnClient sfn;
    final LocalRuntime runtime;
    private final AutoCloseable[] owned;

    private LocalAws(LocalRuntime runtime, String dynamoEndpoint, String sfnEndpoint, String sesEndpoint, String stateMachineArn, AutoCloseable... owned) {
        this.runtime = runtime;
        this.dynamoEndpoint = dynamoEndpoint;
        this.sfnEndpoint = sfnEndpoint;
        this.sesEndpoint = sesEndpoint;
        this.stateMachineArn = stateMachineArn;
        this.owned = owned;
        this.dynamo = DynamoDbClient.builder().endpointOverride(URI.create(dynamoEndpoint)).region(Region.US_EAST_1)
                .credentialsProvider(credentials()).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        this.sfn = SfnClient.builder().endpointOverride(URI.create(sfnEndpoint)).region(Region.US_EAST_1)
                .credentialsProvider(credentials()).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    }

    /**
     * A client of this DynamoDB signed as {@code accessKey} (a function's logical id, whose policy the
     * local IAM gate then applies; {@code test}: none) that adds each request it sends to {@code sent},
     * so a test can assert the exact requests. The caller closes it.
     */
    DynamoDbClient recordingDynamo(String accessKey, java.util.List<Object> sent) {
        return DynamoDbClient.builder().endpointOverride(URI.create(dynamoEndpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                                                software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
                        sent.add(context.request());
                    }
                })).build();
    }

    /** The demo cycle ({@code events/cycle/demo-cycle.json}) with the id {@code dia-2027}. */
    static awards.cycle.Cycle demoCycle() throws java.io.IOException {
        return awards.cycle.CycleJson.read(awards.platform.Json.read(java.nio.file.Files.readString(ROOT.resolve("events/cycle/demo-cycle.json"))
                .replaceFirst("\\{", "{\"id\":\"dia-2027\",")));
    }

    /**
     * Starts the services for an integration test: the local runtime in memory, its clock at
     * {@code now} (the template's own state machine and functions run behind the API).
     */
    static LocalAws start(Instant now) {
        if ("localstack".equals(System.getProperty("it.target"))) {
            return LocalStack.start();
        }
        LocalRuntime runtime = LocalRuntime.start(RuntimeOptions.anyPorts(ROOT, null), new PrintStream(OutputStream.nullOutputStream()));
        runtime.clock().advanceTo(now);
        return new LocalAws(runtime, runtime.endpoint("DynamoDB Local"), runtime.endpoint("Step Functions"), runtime.endpoint("SES v2"),
                runtime.stateMachineArn(), runtime);
    }

    /** The environment a function gets from the template, pointed at these endpoints. */
    Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoEndpoint);
        env.put("AWS_ENDPOINT_URL_SFN", sfnEndpoint);
        env.put("AWS_ENDPOINT_URL_SESV2", sesEndpoint);
        env.put("TABLE_NAME", TABLE);
        env.put("STATE_MACHINE_ARN", stateMachineArn);
        env.put("PUBLIC_BASE_URL", "http://127.0.0.1:3000");
        env.put("SENDER_ADDRESS", "awards@example.gov.uk");
        env.put("ADMIN_PRINCIPAL_ARNS", "arn:aws:iam::123456789012:user/awards-admin");
        return env;
    }

    /** The environment of one function, signing with that function's own access key (its name). */
    Map<String, String> environment(String function) {
        Map<String, String> env = environment();
        env.put("AWS_ACCESS_KEY_ID", function);
        return env;
    }

    /** Items in the table, to check that a refused request wrote nothing. */
    int itemCount() {
        return dynamo.scan(b -> b.tableName(TABLE).select("COUNT")).count();
    }

    int executionCount() {
        return sfn.listExecutions(b -> b.stateMachineArn(stateMachineArn).maxResults(1000)).executions().size();
    }

    @Override
    public void close() throws Exception {
        dynamo.close();
        sfn.close();
        for (AutoCloseable c : owned) {
            c.close();
        }
    }

    /** LocalStack through Testcontainers: only with -Plocalstack, and only where Docker runs. */
    static final class LocalStack {
        private LocalStack() {}

        static LocalAws start() {
            boolean docker;
            try {
                docker = org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException e) {
                docker = false;
            }
            Assumptions.assumeTrue(docker, "Docker is not available on this machine: the LocalStack profile skips its tests");
            var container = new org.testcontainers.containers.localstack.LocalStackContainer(
                    org.testcontainers.utility.DockerImageName.parse("localstack/localstack:4"));
            container.start();
            String endpoint = container.getEndpoint().toString();
            try (DynamoDbClient ddb = DynamoDbClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                    .credentialsProvider(credentials()).build();
                 SfnClient sfn = SfnClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                         .credentialsProvider(credentials()).build()) {
                TableFromTemplate.ensure(ddb, TEMPLATE, TABLE);
                // LocalStack has none of the template's functions: the intake tests need only an execution that waits.
                String arn = sfn.createStateMachine(b -> b.name("nomination-local").roleArn("arn:aws:iam::000000000000:role/sfn")
                        .definition("{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"TimestampPath\":\"$.milestones.closesAt\",\"End\":true}}}"))
                        .stateMachineArn();
                return new LocalAws(null, endpoint, endpoint, endpoint, arn, container::stop);
            }
        }
    }
}
