package awards.platform;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.logging.Logger;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * SnapStart priming: before Lambda takes a function's snapshot, run what a first request runs, so
 * the classes are loaded and the code warmed in the snapshot rather than on the first request
 * after a restore (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-runtime-hooks-java.html).
 *
 * <p>What runs touches no network and keeps nothing that must differ per restore: the features'
 * own work (registered by their handlers: JSON binding, validation, templates), and the SDK's
 * DynamoDB, Step Functions and SES calls marshalled and signed with throwaway credentials by
 * clients of its own, each call stopped by an interceptor before anything is sent, and the clients
 * closed. No connection is opened, no real credentials are read, no random value is drawn.
 * Registered from each handler's no-argument constructor (the one Lambda calls); with no CRaC in
 * the JVM (locally, in tests) registering does nothing.
 */
public final class Priming implements Resource {
    private static final Logger LOG = Logger.getLogger(Priming.class.getName());
    private static final Priming INSTANCE = new Priming();
    private static final java.util.Set<Runnable> WORK = new CopyOnWriteArraySet<>();
    private static volatile boolean registered;

    private Priming() {}

    /**
     * Adds a feature's priming work (the same method reference is kept once) and registers the
     * hook once per JVM; CRaC keeps resources weakly, so this class holds it.
     */
    public static void register(Runnable featureWork) {
        WORK.add(featureWork);
        if (!registered) {
            synchronized (Priming.class) {
                if (!registered) {
                    Core.getGlobalContext().register(INSTANCE);
                    registered = true;
                }
            }
        }
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        long t0 = System.nanoTime();
        prime();
        LOG.info(() -> String.format("primed for the snapshot in %.0f ms", (System.nanoTime() - t0) / 1e6));
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing was kept that a restore must renew.
    }

    /** Stops a call once it is ready to go: marshalled, signed, not sent. */
    private static final class Stop extends RuntimeException {
        Stop() {
            super("primed", null, false, false);
        }
    }

    private static final ExecutionInterceptor STOP = new ExecutionInterceptor() {
        @Override
        public void beforeTransmission(software.amazon.awssdk.core.interceptor.Context.BeforeTransmission context, ExecutionAttributes attributes) {
            throw new Stop();
        }
    };

    /** Runs the first request's code paths; safe to call any number of times. */
    public static void prime() {
        WORK.forEach(Runnable::run);
        Problem.invalid(List.of(new Problem.FieldError("body", "primed"))).response();
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming"));
        URI nowhere = URI.create("http://127.0.0.1:9");
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("PRIME"), "sk", AttributeValue.fromS("PRIME"));
        try (DynamoDbClient ddb = DynamoDbClient.builder().region(Region.US_EAST_1).credentialsProvider(credentials).endpointOverride(nowhere)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).overrideConfiguration(o -> o.addExecutionInterceptor(STOP)).build();
             SfnClient sfn = SfnClient.builder().region(Region.US_EAST_1).credentialsProvider(credentials).endpointOverride(nowhere)
                     .httpClientBuilder(UrlConnectionHttpClient.builder()).overrideConfiguration(o -> o.addExecutionInterceptor(STOP)).build();
             SesV2Client ses = SesV2Client.builder().region(Region.US_EAST_1).credentialsProvider(credentials).endpointOverride(nowhere)
                     .httpClientBuilder(UrlConnectionHttpClient.builder()).overrideConfiguration(o -> o.addExecutionInterceptor(STOP)).build()) {
            stopped(() -> ddb.getItem(b -> b.tableName("prime").key(key).consistentRead(true)));
            stopped(() -> ddb.putItem(b -> b.tableName("prime").item(key).conditionExpression("attribute_not_exists(pk)")));
            stopped(() -> ddb.updateItem(b -> b.tableName("prime").key(key).updateExpression("SET v = :v")
                    .expressionAttributeValues(Map.of(":v", AttributeValue.fromN("1")))));
            stopped(() -> ddb.transactWriteItems(b -> b.transactItems(t -> t.put(p -> p.tableName("prime").item(key)))));
            stopped(() -> ddb.query(b -> b.tableName("prime").indexName("gsi1").keyConditionExpression("pk = :p")
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("x")))));
            stopped(() -> sfn.startExecution(b -> b.stateMachineArn("arn:aws:states:us-east-1:123456789012:stateMachine:prime").name("prime").input("{}")));
            stopped(() -> sfn.sendTaskSuccess(b -> b.taskToken("prime").output("{}")));
            stopped(() -> ses.sendEmail(b -> b.fromEmailAddress("prime@example.org").destination(d -> d.toAddresses("prime@example.org"))
                    .content(c -> c.simple(m -> m.subject(s -> s.data("s")).body(x -> x.text(t -> t.data("b")))))));
        }
    }

    private static void stopped(Runnable call) {
        try {
            call.run();
        } catch (Stop expected) {
            return;
        } catch (RuntimeException e) {
            if (e.getCause() instanceof Stop || String.valueOf(e.getMessage()).contains("primed")) {
                return;
            }
            throw e;
        }
    }
}
