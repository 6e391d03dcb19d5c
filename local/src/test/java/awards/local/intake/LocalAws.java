package awards.local.intake;

import awards.local.dynamodb.LocalDynamoDb;
import awards.local.dynamodb.TableFromTemplate;
import awards.local.stepfunctions.api.StepFunctionsServer;
import awards.local.stepfunctions.engine.Engine;
import awards.local.stepfunctions.engine.EngineClock;
import awards.local.template.LocalNames;
import awards.local.template.SamTemplate;
import awards.local.template.StateMachineFromTemplate;
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
    final String stateMachineArn;
    final DynamoDbClient dynamo;
    final SfnClient sfn;
    private final AutoCloseable[] owned;

    private LocalAws(String dynamoEndpoint, String sfnEndpoint, AutoCloseable... owned) {
        this.dynamoEndpoint = dynamoEndpoint;
        this.sfnEndpoint = sfnEndpoint;
        this.owned = owned;
        this.dynamo = DynamoDbClient.builder().endpointOverride(URI.create(dynamoEndpoint)).region(Region.US_EAST_1)
                .credentialsProvider(credentials()).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        this.sfn = SfnClient.builder().endpointOverride(URI.create(sfnEndpoint)).region(Region.US_EAST_1)
                .credentialsProvider(credentials()).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        TableFromTemplate.ensure(dynamo, TEMPLATE, TABLE);
        String definition = StateMachineFromTemplate.read(TEMPLATE, LocalNames.DEFAULT.values(TEMPLATE, Map.of())).json();
        this.stateMachineArn = sfn.createStateMachine(b -> b.name("NominationStateMachine").definition(definition)
                .roleArn("arn:aws:iam::000000000000:role/nomination-state-machine")).stateMachineArn();
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    }

    /** Starts the services for an integration test; {@code clock} is the engine's, when it is ours. */
    static LocalAws start(EngineClock clock) {
        if ("localstack".equals(System.getProperty("it.target"))) {
            return LocalStack.start();
        }
        LocalDynamoDb dynamo = LocalDynamoDb.start(0, null);
        Engine engine = new Engine(Engine.Options.inMemory(clock));
        try {
            StepFunctionsServer server = new StepFunctionsServer(engine, 0);
            return new LocalAws(dynamo.endpoint(), server.endpoint(), server, engine, dynamo);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static EngineClock frozenAt(String instant) {
        return EngineClock.frozen(Instant.parse(instant));
    }

    /** The environment a function gets from the template, pointed at these endpoints. */
    Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoEndpoint);
        env.put("AWS_ENDPOINT_URL_SFN", sfnEndpoint);
        env.put("TABLE_NAME", TABLE);
        env.put("STATE_MACHINE_ARN", stateMachineArn);
        env.put("PUBLIC_BASE_URL", "http://127.0.0.1:3000");
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
            return new LocalAws(endpoint, endpoint, container::stop);
        }
    }
}
