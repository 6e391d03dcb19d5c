package localaws.stepfunctions;

import static localaws.stepfunctions.EngineHarness.json;
import static localaws.stepfunctions.EngineHarness.output;
import static localaws.stepfunctions.EngineHarness.types;
import static org.assertj.core.api.Assertions.assertThat;

import localaws.stepfunctions.engine.Execution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pass state and the input/output processing fields, with the examples of the States Language spec. */
class PassStateTest {
    private final EngineHarness h = new EngineHarness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void result_isPlacedAtResultPath_andTheRestOfTheInputKept() {
        // The spec's Pass example: Result {"x-datum": 0.381018, "y-datum": 622.2269926397355} at $.coords
        Execution ex = h.run("""
                {"StartAt":"P","States":{"P":{"Type":"Pass","Result":{"x-datum":0.381018,"y-datum":622.2269926397355},
                 "ResultPath":"$.coords","End":true}}}""", """
                {"georefOf":"Home"}""");
        assertThat(ex.status()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(output(ex)).isEqualTo(json("""
                {"georefOf":"Home","coords":{"x-datum":0.381018,"y-datum":622.2269926397355}}"""));
        assertThat(types(ex)).containsExactly("ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded");
    }

    @Test
    void inputPath_parameters_resultPath_outputPath_applyInAwsOrder() {
        Execution ex = h.run("""
                {"StartAt":"P","States":{"P":{"Type":"Pass","InputPath":"$.order",
                 "Parameters":{"id.$":"$.id","fixed":"yes","who.$":"$$.Execution.Name"},
                 "ResultPath":"$.summary","OutputPath":"$.summary","End":true}}}""", """
                {"order":{"id":7,"lines":[1,2]}}""");
        JsonAssert.fields(output(ex), "id", 7, "fixed", "yes");
        assertThat(output(ex).path("who").asText()).isEqualTo(ex.name());
    }

    @Test
    void resultPathRoot_replacesTheInput_andNullResultPathKeepsIt() {
        assertThat(output(h.run("""
                {"StartAt":"P","States":{"P":{"Type":"Pass","Result":"replaced","ResultPath":"$","End":true}}}""", "{\"a\":1}")))
                .isEqualTo(json("\"replaced\""));
        assertThat(output(h.run("""
                {"StartAt":"P","States":{"P":{"Type":"Pass","Result":"dropped","ResultPath":null,"End":true}}}""", "{\"a\":1}")))
                .isEqualTo(json("{\"a\":1}"));
    }

    @Test
    void nullInputPathOrOutputPath_givesAnEmptyObject() {
        assertThat(output(h.run("""
                {"StartAt":"P","States":{"P":{"Type":"Pass","InputPath":null,"End":true}}}""", "{\"a\":1}"))).isEqualTo(json("{}"));
        assertThat(output(h.run("""
                {"StartAt":"P","States":{"P":{"Type":"Pass","OutputPath":null,"End":true}}}""", "{\"a\":1}"))).isEqualTo(json("{}"));
    }

    @Test
    void missingInputPath_failsWithStatesRuntime_andAwsMessage() {
        Execution ex = h.run("""
                {"StartAt":"P","States":{"P":{"Type":"Pass","InputPath":"$.missing","End":true}}}""", "{\"a\":1}");
        assertThat(ex.status()).isEqualTo(Execution.Status.FAILED);
        assertThat(ex.error()).isEqualTo("States.Runtime");
        assertThat(ex.cause()).isEqualTo("An error occurred while executing the state 'P' (entered at the event id #2). Invalid path '$.missing' : No results for path: $['missing']");
    }

    @Test
    void missingParameterPath_namesTheFieldAndTheInput() {
        Execution ex = h.run("""
                {"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"x.$":"$.nope"},"End":true}}}""", "{\"a\":1}");
        assertThat(ex.error()).isEqualTo("States.Runtime");
        assertThat(ex.cause()).isEqualTo("An error occurred while executing the state 'P' (entered at the event id #2). The JSONPath '$.nope' specified for the field 'x.$' could not be found in the input '{\"a\":1}'");
    }

    @Test
    void wildcardThatMatchesNothing_isAnEmptyArray() {
        Execution ex = h.run("""
                {"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"all.$":"$.items[*].name","slice.$":"$.items[5:9]"},"End":true}}}""",
                "{\"items\":[]}");
        assertThat(output(ex)).isEqualTo(json("{\"all\":[],\"slice\":[]}"));
    }

    @Test
    void contextObject_carriesExecutionStateAndStateMachine() {
        Execution ex = h.run("""
                {"StartAt":"Here","States":{"Here":{"Type":"Pass","Parameters":{
                 "id.$":"$$.Execution.Id","input.$":"$$.Execution.Input","state.$":"$$.State.Name",
                 "entered.$":"$$.State.EnteredTime","retries.$":"$$.State.RetryCount","machine.$":"$$.StateMachine.Name"},"End":true}}}""",
                "{\"k\":\"v\"}");
        JsonAssert.fields(output(ex), "id", ex.arn(), "state", "Here", "entered", "2027-04-01T08:00:00.000Z", "retries", 0,
                "machine", ex.stateMachine().name());
        assertThat(output(ex).path("input")).isEqualTo(json("{\"k\":\"v\"}"));
    }
}
