package localaws.stepfunctions;

import static localaws.stepfunctions.EngineHarness.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import localaws.stepfunctions.engine.Engine;
import localaws.VirtualClock;
import localaws.stepfunctions.engine.EngineException;
import localaws.stepfunctions.engine.Execution;
import localaws.stepfunctions.engine.MockConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Step Functions Local's mock config file, read as is; test cases picked with stateMachineArn#TestCase. */
class MockConfigTest {
    private static final String MOCKS = """
            {"StateMachines":{"Lifecycle":{"TestCases":{
               "HappyPath":{"Notify":"NotifyOk"},
               "RetryPath":{"Notify":"NotifyThrottledThenOk"}}}},
             "MockedResponses":{
               "NotifyOk":{"0":{"Return":{"StatusCode":200,"Payload":{"sent":1}}}},
               "NotifyThrottledThenOk":{
                 "0-1":{"Throw":{"Error":"Lambda.TooManyRequestsException","Cause":"Rate exceeded"}},
                 "2":{"Return":{"StatusCode":200,"Payload":{"sent":1}}}}}}""";
    private static final String DEFINITION = """
            {"StartAt":"Notify","States":{"Notify":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
             "Parameters":{"FunctionName":"arn:aws:lambda:us-east-1:123456789012:function:notify","Payload.$":"$"},
             "Retry":[{"ErrorEquals":["Lambda.TooManyRequestsException"],"IntervalSeconds":1,"MaxAttempts":3}],
             "OutputPath":"$.Payload","End":true}}}""";

    @Test
    void testCases_replaceTheIntegrationsResponse_byCallNumber(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("mocks.json"), MOCKS);
        VirtualClock clock = VirtualClock.frozen(EngineHarness.T0);
        try (Engine engine = new Engine(Engine.Options.inMemory(clock).withMockConfig(MockConfig.read(file)))) {
            String arn = engine.createStateMachine("Lifecycle", DEFINITION, null, null).arn();
            Execution happy = engine.startExecution(arn + "#HappyPath", "happy", "{}");
            Execution retried = engine.startExecution(arn + "#RetryPath", "retried", "{}");
            // Retries wait on the engine's clock: keep moving it until both have ended.
            for (int i = 0; i < 500 && (happy.isRunning() || retried.isRunning()); i++) {
                clock.advanceBy(java.time.Duration.ofSeconds(1));
                Thread.sleep(10);
            }
            assertThat(json(happy.output())).isEqualTo(json("{\"sent\":1}"));
            assertThat(json(retried.output())).isEqualTo(json("{\"sent\":1}"));
            assertThat(retried.history().stream().filter(e -> e.type().equals("TaskFailed")).count()).isEqualTo(2);
            assertThatThrownBy(() -> engine.startExecution(arn + "#NoSuchCase", "x", "{}"))
                    .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.code()).isEqualTo("ValidationException"));
        }
    }

    private static final String QUEUE_MOCKS = """
            {"StateMachines":{"Review":{"TestCases":{
               "Approved":{"AskReviewer":"ReviewerApproves","Announce":"Published"},
               "Refused":{"AskReviewer":"ReviewerRefuses"}}}},
             "MockedResponses":{
               "ReviewerApproves":{"0":{"Return":{"decision":"approve"}}},
               "ReviewerRefuses":{"0":{"Throw":{"Error":"Review.Refused","Cause":"not this year"}}},
               "Published":{"0":{"Return":{"MessageId":"m-1"}}}}}""";
    private static final String QUEUE_DEFINITION = """
            {"StartAt":"AskReviewer","States":{
             "AskReviewer":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
              "Parameters":{"QueueUrl":"https://sqs.us-east-1.amazonaws.com/123456789012/reviews","MessageBody":{"token.$":"$$.Task.Token"}},
              "Catch":[{"ErrorEquals":["Review.Refused"],"ResultPath":"$.refusal","Next":"Refused"}],"ResultPath":"$.review","Next":"Announce"},
             "Announce":{"Type":"Task","Resource":"arn:aws:states:::sns:publish",
              "Parameters":{"TopicArn":"arn:aws:sns:us-east-1:123456789012:results","Message.$":"$.review.decision"},"ResultPath":"$.published","End":true},
             "Refused":{"Type":"Pass","End":true}}}""";

    @Test
    void sqsAndSnsTasks_runOnTheirMockedResponses_asStepFunctionsLocalRunsThem(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("mocks.json"), QUEUE_MOCKS);
        VirtualClock clock = VirtualClock.frozen(EngineHarness.T0);
        try (Engine engine = new Engine(Engine.Options.inMemory(clock).withMockConfig(MockConfig.read(file)))) {
            String arn = engine.createStateMachine("Review", QUEUE_DEFINITION, null, null).arn();
            Execution approved = engine.startExecution(arn + "#Approved", "approved", "{}");
            Execution refused = engine.startExecution(arn + "#Refused", "refused", "{}");
            Execution unmocked = engine.startExecution(arn, "unmocked", "{}");
            for (int i = 0; i < 500 && (approved.isRunning() || refused.isRunning() || unmocked.isRunning()); i++) {
                Thread.sleep(10);
            }
            // The waitForTaskToken task's mocked response is what the callback would have sent.
            assertThat(json(approved.output())).isEqualTo(json("{\"review\":{\"decision\":\"approve\"},\"published\":{\"MessageId\":\"m-1\"}}"));
            var scheduled = approved.history().stream().filter(e -> e.type().equals("TaskScheduled")).map(e -> json(e.details())).toList();
            assertThat(scheduled).extracting(d -> d.path("resourceType").asText() + ":" + d.path("resource").asText())
                    .containsExactly("sqs:sendMessage.waitForTaskToken", "sns:publish");
            assertThat(scheduled.get(0).path("parameters").asText()).contains("\"token\":\"");
            assertThat(json(refused.output()).path("refusal").path("Error").asText()).isEqualTo("Review.Refused");
            // Started without a test case: nothing answers for SQS here, and the task fails saying so.
            assertThat(unmocked.error()).isEqualTo("States.TaskFailed");
            assertThat(unmocked.cause()).contains("No mocked response for state 'AskReviewer'").contains("calls no SQS");
        }
    }

    @Test
    void anSqsTaskNoTestCaseMocks_isRefusedAtCreation(@TempDir Path dir) throws Exception {
        VirtualClock clock = VirtualClock.frozen(EngineHarness.T0);
        try (Engine engine = new Engine(Engine.Options.inMemory(clock))) {
            assertThatThrownBy(() -> engine.createStateMachine("Review", QUEUE_DEFINITION, null, null))
                    .isInstanceOfSatisfying(EngineException.class, e -> {
                        assertThat(e.code()).isEqualTo("InvalidDefinition");
                        assertThat(e.getMessage()).contains("INVALID_RESOURCE").contains("arn:aws:states:::sqs:sendMessage.waitForTaskToken")
                                .contains("'AskReviewer'");
                    });
        }
        // A mock config that mocks the SQS task but not the SNS one inside a Parallel: still refused, naming it.
        Path file = Files.writeString(dir.resolve("mocks.json"), QUEUE_MOCKS.replace("\"Announce\":\"Published\"", "\"Other\":\"Published\""));
        try (Engine engine = new Engine(Engine.Options.inMemory(clock).withMockConfig(MockConfig.read(file)))) {
            String nested = "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Parallel\",\"End\":true,\"Branches\":[" + QUEUE_DEFINITION + "]}}}";
            assertThatThrownBy(() -> engine.createStateMachine("Review", nested, null, null))
                    .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.getMessage()).contains("'Announce'").contains("sns:publish"));
        }
    }
}
