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
}
