package awards.local.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import awards.cycle.Cycle;
import awards.notify.Mailer;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The mailer loses nothing to a crash (issue 10): a claim left PENDING by an attempt that died
 * before SES is taken over and delivered; one that may still be in flight makes the caller retry
 * later; a delivered one is never sent again.
 */
class MailerIT {
    private static final Instant NOW = Instant.parse("2027-05-03T16:05:00Z");
    private LocalAws aws;
    private SesV2Client ses;
    private Cycle cycle;

    @BeforeEach
    void start() throws Exception {
        aws = LocalAws.start(NOW);
        ses = SesV2Client.builder().endpointOverride(URI.create(aws.sesEndpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("MilestoneFunction", "x")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        cycle = LocalAws.demoCycle();
    }

    @AfterEach
    void stop() throws Exception {
        ses.close();
        aws.close();
    }

    /** A mailer whose real time stands at {@code realTime}, failing at once on a message in flight (no wait). */
    private Mailer mailerAt(Instant realTime) {
        return new Mailer(aws.dynamo, ses, LocalAws.TABLE, Clock.fixed(realTime, ZoneOffset.UTC), java.time.Duration.ZERO);
    }

    private void claim(String owner, String kind, String to, Instant claimedAt) {
        aws.dynamo.putItem(b -> b.tableName(LocalAws.TABLE).item(Map.of("pk", AttributeValue.fromS(owner),
                "sk", AttributeValue.fromS("EMAIL#" + kind + "#" + to), "type", AttributeValue.fromS("email"), "kind", AttributeValue.fromS(kind),
                "attempt", AttributeValue.fromS("crashed"), "status", AttributeValue.fromS("PENDING"),
                "claimedAt", AttributeValue.fromN(Long.toString(claimedAt.toEpochMilli())))));
    }

    private int sentTo(String to) {
        return (int) aws.runtime.outbox().list().stream().filter(m -> m.to().contains(to)).count();
    }

    @Test
    void aClaimAnAttemptLeftByCrashing_isTakenOverAndDelivered_once() {
        Instant real = Instant.parse("2026-12-01T12:00:00Z");
        claim("NOM#n1", "CLOSED", "joanna.pike@example.gov.uk", real.minusSeconds(300));
        Mailer.Delivery d = mailerAt(real).send(cycle, "n1", "CLOSED", "joanna.pike@example.gov.uk", Map.of("reference", "DIA-2027-0001"), NOW);
        assertThat(d).isEqualTo(Mailer.Delivery.SENT);
        assertThat(sentTo("joanna.pike@example.gov.uk")).isEqualTo(1);
        assertThat(mailerAt(real.plusSeconds(600)).send(cycle, "n1", "CLOSED", "joanna.pike@example.gov.uk", Map.of(), NOW))
                .isEqualTo(Mailer.Delivery.SENT_BEFORE);
        assertThat(sentTo("joanna.pike@example.gov.uk")).as("delivered, then never again").isEqualTo(1);
    }

    /** A done marker stays done, so a container asks DynamoDB once: the next asks (every panel of one judge) read nothing. */
    @Test
    void aMarkerSeenDone_isNotReadAgain_butOneStillInFlightIs() throws Exception {
        List<Object> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.function.LongSupplier reads = () -> sent.stream().filter(r -> r instanceof software.amazon.awssdk.services.dynamodb.model.GetItemRequest).count();
        try (software.amazon.awssdk.services.dynamodb.DynamoDbClient counting = aws.recordingDynamo("test", sent)) {
            Instant real = Instant.parse("2026-12-01T12:00:00Z");
            Mailer mailer = new Mailer(counting, ses, LocalAws.TABLE, Clock.fixed(real, ZoneOffset.UTC), java.time.Duration.ZERO);
            assertThat(mailer.wasSent("CYCLE#dia-2027", "JUDGE_QUEUE", "judge@example.gov.uk")).isFalse();
            assertThat(mailer.send(cycle, "n1", "CLOSED", "joanna.pike@example.gov.uk", Map.of("reference", "DIA-2027-0001"), NOW))
                    .isEqualTo(Mailer.Delivery.SENT);
            sent.clear();
            assertThat(mailer.wasSent("NOM#n1", "CLOSED", "joanna.pike@example.gov.uk")).isTrue();
            assertThat(mailer.wasSent("NOM#n1", "CLOSED", "joanna.pike@example.gov.uk")).isTrue();
            assertThat(reads.getAsLong()).as("read once, then known").isEqualTo(1);

            claim("CYCLE#dia-2027", "JUDGE_QUEUE", "judge@example.gov.uk", real.minusSeconds(1));
            assertThatThrownBy(() -> mailer.wasSent("CYCLE#dia-2027", "JUDGE_QUEUE", "judge@example.gov.uk")).isInstanceOf(awards.platform.StillSending.class);
            assertThatThrownBy(() -> mailer.wasSent("CYCLE#dia-2027", "JUDGE_QUEUE", "judge@example.gov.uk")).isInstanceOf(awards.platform.StillSending.class);
            assertThat(reads.getAsLong()).as("in flight: read each time").isEqualTo(3);
        }
    }

    /**
     * An attempt that finds the message being sent by another waits for it: the holder records it
     * sent 300 ms later, and the waiter hears "sent" instead of failing its step; a holder that
     * gives its claim back (SES throttled it) leaves the waiter to send it itself, once.
     */
    @Test
    void aMessageInFlight_isWaitedFor_sentByItsHolder_orSentByTheWaiterOnceItsHolderGaveItUp() throws Exception {
        Instant real = Instant.parse("2026-12-01T12:00:00Z");
        Mailer patient = new Mailer(aws.dynamo, ses, LocalAws.TABLE, Clock.fixed(real, ZoneOffset.UTC), java.time.Duration.ofSeconds(5));
        claim("CYCLE#dia-2027", "JUDGE_QUEUE", "judge@example.gov.uk", real.minusSeconds(1));
        claim("NOM#n3", "CLOSED", "joanna.pike@example.gov.uk", real.minusSeconds(1));
        try (var holder = java.util.concurrent.Executors.newSingleThreadScheduledExecutor()) {
            holder.schedule(() -> aws.dynamo.updateItem(b -> b.tableName(LocalAws.TABLE)
                    .key(Map.of("pk", AttributeValue.fromS("CYCLE#dia-2027"), "sk", AttributeValue.fromS("EMAIL#JUDGE_QUEUE#judge@example.gov.uk")))
                    .updateExpression("SET #s = :sent").expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":sent", AttributeValue.fromS("SENT")))), 300, java.util.concurrent.TimeUnit.MILLISECONDS);
            holder.schedule(() -> aws.dynamo.deleteItem(b -> b.tableName(LocalAws.TABLE)
                    .key(Map.of("pk", AttributeValue.fromS("NOM#n3"), "sk", AttributeValue.fromS("EMAIL#CLOSED#joanna.pike@example.gov.uk")))),
                    300, java.util.concurrent.TimeUnit.MILLISECONDS);
            assertThat(patient.wasSent("CYCLE#dia-2027", "JUDGE_QUEUE", "judge@example.gov.uk")).isTrue();
            assertThat(patient.send(cycle, "n3", "CLOSED", "joanna.pike@example.gov.uk", Map.of("reference", "DIA-2027-0003"), NOW))
                    .isEqualTo(Mailer.Delivery.SENT);
        }
        assertThat(sentTo("judge@example.gov.uk")).as("sent by its holder, not the waiter").isZero();
        assertThat(sentTo("joanna.pike@example.gov.uk")).isEqualTo(1);
    }

    @Test
    void aClaimThatMayStillBeInFlight_makesTheCallerRetryLater() {
        Instant real = Instant.parse("2026-12-01T12:00:00Z");
        claim("NOM#n2", "CLOSED", "marcus.levene@example.gov.uk", real.minusSeconds(5));
        assertThatThrownBy(() -> mailerAt(real).send(cycle, "n2", "CLOSED", "marcus.levene@example.gov.uk", Map.of(), NOW))
                .isInstanceOf(awards.platform.StillSending.class);
        assertThat(sentTo("marcus.levene@example.gov.uk")).isZero();
        assertThat(mailerAt(real).status("NOM#n2", "CLOSED", "marcus.levene@example.gov.uk")).isEqualTo(Mailer.Status.IN_FLIGHT);
        assertThatThrownBy(() -> mailerAt(real).wasSent("NOM#n2", "CLOSED", "marcus.levene@example.gov.uk")).isInstanceOf(awards.platform.StillSending.class);
        assertThat(mailerAt(real.plusSeconds(120)).status("NOM#n2", "CLOSED", "marcus.levene@example.gov.uk"))
                .as("once it cannot be in flight, it was never delivered").isEqualTo(Mailer.Status.NONE);
    }

    /**
     * Two attempts at one message (a Close re-run after its first attempt timed out, the first still
     * running): the second's claim is refused by the first's fresh one, and the first then fails before
     * SES and takes its claim back. The second must not take that for "sent before": it claims again
     * and delivers, once. The first attempt's taking back happens, through an SDK interceptor on the
     * second's own DynamoDB client, right after DynamoDB refused the second's claim.
     */
    @Test
    void aClaimTakenBackWhileAnotherAttemptWasRefused_isClaimedAgainAndDelivered_notCountedAsSent() {
        Instant real = Instant.parse("2026-12-01T12:00:00Z");
        String to = "priya.shah@example.gov.uk";
        claim("NOM#n3", "CLOSED", to, real.minusSeconds(5));
        java.util.concurrent.atomic.AtomicInteger takenBack = new java.util.concurrent.atomic.AtomicInteger();
        software.amazon.awssdk.core.interceptor.ExecutionInterceptor firstAttemptFails = new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
            @Override
            public void onExecutionFailure(software.amazon.awssdk.core.interceptor.Context.FailedExecution context,
                                           software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
                if (context.request() instanceof software.amazon.awssdk.services.dynamodb.model.PutItemRequest
                        && context.exception() instanceof software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException
                        && takenBack.getAndIncrement() == 0) {
                    aws.dynamo.deleteItem(b -> b.tableName(LocalAws.TABLE).key(Map.of("pk", AttributeValue.fromS("NOM#n3"),
                            "sk", AttributeValue.fromS("EMAIL#CLOSED#" + to))).conditionExpression("attempt = :a")
                            .expressionAttributeValues(Map.of(":a", AttributeValue.fromS("crashed"))));
                }
            }
        };
        try (software.amazon.awssdk.services.dynamodb.DynamoDbClient second = software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder()
                .endpointOverride(URI.create(aws.dynamoEndpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.addExecutionInterceptor(firstAttemptFails)).build()) {
            Mailer.Delivery d = new Mailer(second, ses, LocalAws.TABLE, Clock.fixed(real, ZoneOffset.UTC))
                    .send(cycle, "n3", "CLOSED", to, Map.of("reference", "DIA-2027-0003"), NOW);
            assertThat(takenBack).as("the first claim refused the second, then was taken back").hasValue(1);
            assertThat(d).isEqualTo(Mailer.Delivery.SENT);
        }
        assertThat(sentTo(to)).isEqualTo(1);
        assertThat(mailerAt(real).status("NOM#n3", "CLOSED", to)).isEqualTo(Mailer.Status.DONE);
    }
}
