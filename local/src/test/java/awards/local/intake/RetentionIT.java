package awards.local.intake;

import static org.assertj.core.api.Assertions.assertThat;

import awards.cycle.Cycle;
import awards.cycle.CycleStore;
import awards.privacy.PersonalData;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * The daily retention run, as the retention function (its IAM policy enforced by the local gate):
 * on a day no cycle is due it reads the cycles from their index and nothing else, where it used to
 * scan the whole table every day (at 10,000 nominations, 143 pages of a Scan); on the day a cycle
 * is due it scans and erases, once.
 */
class RetentionIT {
    private static final Instant CEREMONY = Instant.parse("2027-10-04T18:00:00Z");
    private LocalAws aws;
    private DynamoDbClient asRetention;
    private final List<Object> sent = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        aws = LocalAws.start(Instant.parse("2027-04-15T10:00:00Z"));
        asRetention = aws.recordingDynamo("RetentionFunction", sent);
        Cycle cycle = LocalAws.demoCycle();
        assertThat(new CycleStore(aws.dynamo, LocalAws.TABLE).save(cycle, 0)).isPresent();
    }

    @AfterEach
    void stop() throws Exception {
        asRetention.close();
        if (aws.runtime != null) {
            assertThat(aws.runtime.iam().denials()).as("calls outside the retention function's policy").isEmpty();
        }
        aws.close();
    }

    @Test
    void aDayWithNothingDue_readsTheCyclesAlone_theDayACycleIsDue_erasesIt_once() {
        PersonalData data = new PersonalData(asRetention, LocalAws.TABLE, new awards.nomination.NominationStore(asRetention, LocalAws.TABLE), null);
        Instant due = CEREMONY.plus(java.time.Duration.ofDays(Cycle.DEFAULT_RETENTION_DAYS)).plusSeconds(3600);

        assertThat(data.retain(due.minus(java.time.Duration.ofDays(2))).path("cycles")).isEmpty();
        assertThat(sent).as("a day with nothing due").noneMatch(r -> r instanceof ScanRequest).isNotEmpty();

        sent.clear();
        assertThat(data.retain(due).path("cycles").toString()).contains("dia-2027");
        assertThat(sent).anyMatch(r -> r instanceof ScanRequest);
        Map<String, AttributeValue> cycleItem = aws.dynamo.getItem(b -> b.tableName(LocalAws.TABLE).key(CycleStore.cycleKey("dia-2027")).consistentRead(true)).item();
        assertThat(cycleItem).containsKey("personalDataErasedAt");
        assertThat(cycleItem.get("doc").s()).doesNotContain("priya.raman@example.gov.uk");

        sent.clear();
        assertThat(data.retain(due.plus(java.time.Duration.ofDays(1))).path("cycles")).as("erased before: not again").isEmpty();
        assertThat(sent).noneMatch(r -> r instanceof ScanRequest);
    }
}
