package localaws.stepfunctions;

import static localaws.stepfunctions.EngineHarness.json;
import static localaws.stepfunctions.EngineHarness.output;
import static localaws.stepfunctions.EngineHarness.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import localaws.stepfunctions.engine.EngineException;
import localaws.stepfunctions.engine.Execution;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * JSONata states (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html):
 * {@code QueryLanguage} for the machine or one state, {@code Arguments} and {@code Output} with
 * {@code $states}, expressions in every field that takes one, and {@code States.QueryEvaluationError}.
 */
class JsonataStatesTest {
    private final EngineHarness h = new EngineHarness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void aJsonataMachine_passTaskChoiceWaitMapParallel() {
        h.functions.put("score", in -> json("{\"score\":" + in.path("n").asInt() * 2 + "}"));
        Execution ex = h.settle(h.start(h.create("""
                {"QueryLanguage":"JSONata","StartAt":"Start","States":{
                  "Start":{"Type":"Pass","Assign":{"team":"{% $states.input.team %}"},"Output":{"n":"{% $states.input.n + 1 %}"},"Next":"Score"},
                  "Score":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                           "Arguments":{"FunctionName":"score","Payload":{"n":"{% $states.input.n %}"}},
                           "Assign":{"best":"{% $states.result.Payload.score %}"},"Output":"{% $states.result.Payload %}","Next":"High?"},
                  "High?":{"Type":"Choice","Choices":[{"Condition":"{% $states.input.score > 5 %}","Next":"Pause","Output":{"high":true}}],
                           "Default":"Pause","Output":{"high":false}},
                  "Pause":{"Type":"Wait","Seconds":"{% $count($states.input) * 60 %}","Next":"Each"},
                  "Each":{"Type":"Map","Items":"{% [1, 2, 3] %}","MaxConcurrency":"{% 2 %}",
                          "ItemSelector":{"i":"{% $states.context.Map.Item.Value %}","team":"{% $team %}"},
                          "ItemProcessor":{"StartAt":"Square","States":{"Square":{"Type":"Pass","Output":"{% $states.input.i * $states.input.i %}","End":true}}},
                          "Next":"Both"},
                  "Both":{"Type":"Parallel","Arguments":{"sum":"{% $sum($states.input) %}"},
                          "Branches":[{"StartAt":"A","States":{"A":{"Type":"Pass","Output":"{% $states.input.sum %}","End":true}}},
                                      {"StartAt":"B","States":{"B":{"Type":"Pass","Output":"{% $best %}","End":true}}}],
                          "Output":{"sum":"{% $states.result[0] %}","best":"{% $states.result[1] %}","team":"{% $team %}"},"End":true}}}"""),
                "{\"team\":\"Network A\",\"n\":2}"));
        assertThat(types(ex)).contains("WaitStateEntered");
        h.advance(Duration.ofSeconds(60));
        h.settle(ex);
        assertThat(ex.status()).as(ex.cause()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(output(ex)).isEqualTo(json("{\"sum\":14,\"best\":6,\"team\":\"Network A\"}"));
    }

    @Test
    void oneJsonataState_inAJsonPathMachine_andFailWithExpressions() {
        Execution ex = h.run("""
                {"StartAt":"Path","States":{
                  "Path":{"Type":"Pass","Parameters":{"who.$":"$.who"},"Next":"Ata"},
                  "Ata":{"Type":"Fail","QueryLanguage":"JSONata","Error":"{% 'Nomination.' & $states.input.who %}","Cause":"{% $string($count([1,2])) %}"}}}""",
                "{\"who\":\"Late\"}");
        assertThat(ex.status()).isEqualTo(Execution.Status.FAILED);
        assertThat(ex.error()).isEqualTo("Nomination.Late");
        assertThat(ex.cause()).isEqualTo("2");
    }

    @Test
    void aFailingExpression_isAQueryEvaluationError_writtenAsEvaluationFailed_retriedAndCaught() {
        Execution ex = h.run("""
                {"QueryLanguage":"JSONata","StartAt":"Bad","States":{
                  "Bad":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Arguments":{"FunctionName":"none","Payload":"{% $states.input.nothing %}"},
                         "Retry":[{"ErrorEquals":["States.QueryEvaluationError"],"MaxAttempts":1,"IntervalSeconds":1}],
                         "Catch":[{"ErrorEquals":["States.ALL"],"Assign":{"why":"{% $states.errorOutput.Error %}"},
                                   "Output":{"caught":"{% $states.errorOutput.Error %}","input":"{% $states.input %}"},"Next":"After"}],"End":true},
                  "After":{"Type":"Pass","Output":{"caught":"{% $states.input.caught %}","why":"{% $why %}"},"End":true}}}""", "{\"a\":1}");
        h.advance(Duration.ofSeconds(1));
        h.settle(ex);
        assertThat(ex.status()).as(ex.cause()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(output(ex)).isEqualTo(json("{\"caught\":\"States.QueryEvaluationError\",\"why\":\"States.QueryEvaluationError\"}"));
        var failed = ex.history().stream().filter(e -> e.type().equals("EvaluationFailed")).toList();
        assertThat(failed).as("one a try, the retry included").hasSize(2);
        assertThat(json(failed.getFirst().details())).isEqualTo(json("""
                {"error":"States.QueryEvaluationError","state":"Bad",
                 "cause":"The JSONata expression '$states.input.nothing' specified for the field 'Arguments/Payload' returned nothing (undefined)"}"""));
        assertThat(EngineHarness.apiEvent(failed.getFirst()).has("evaluationFailedEventDetails")).isTrue();

        Execution uncaught = h.run("""
                {"QueryLanguage":"JSONata","StartAt":"Out","States":{"Out":{"Type":"Pass","Output":"{% $number('x') %}","End":true}}}""", "{}");
        assertThat(uncaught.status()).isEqualTo(Execution.Status.FAILED);
        assertThat(uncaught.error()).isEqualTo("States.QueryEvaluationError");
        assertThat(uncaught.cause()).contains("'Out'").contains("$number('x')");
    }

    @Test
    void aTaskWaitsForItsToken_passedAsStatesContextTaskToken() {
        AtomicReference<String> token = new AtomicReference<>();
        h.functions.put("open", in -> {
            token.set(in.path("token").asText());
            return json("{}");
        });
        Execution ex = h.run("""
                {"QueryLanguage":"JSONata","StartAt":"Await","States":{"Await":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                  "Arguments":{"FunctionName":"open","Payload":{"token":"{% $states.context.Task.Token %}"}},
                  "TimeoutSeconds":"{% 3600 %}","Output":{"outcome":"{% $states.result.outcome %}"},"End":true}}}""", "{}");
        assertThat(token.get()).isNotBlank();
        h.engine.sendTaskSuccess(token.get(), "{\"outcome\":\"SHORTLISTED\"}");
        h.settle(ex);
        assertThat(output(ex)).isEqualTo(json("{\"outcome\":\"SHORTLISTED\"}"));
    }

    @Test
    void validation_warnsOfNoDollar_inJsonPathStatesOnly() {
        var diagnostics = localaws.stepfunctions.asl.DefinitionDiagnostics.of("""
                {"StartAt":"Path","States":{"Path":{"Type":"Pass","Parameters":{"a":"$.x"},"Next":"Ata"},
                  "Ata":{"Type":"Pass","QueryLanguage":"JSONata","Output":{"a":"$.x"},"End":true}}}""");
        assertThat(diagnostics).extracting(d -> d.code() + " " + d.location()).containsExactly("NO_DOLLAR /States/Path/Parameters/a");
    }

    @Test
    void definitionsThatMixTheLanguagesWrongly_areRefusedAtCreation() {
        assertThatThrownBy(() -> h.create("""
                {"QueryLanguage":"JSONata","StartAt":"A","States":{"A":{"Type":"Pass","InputPath":"$.a","Parameters":{"x.$":"$.x"},"End":true}}}"""))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("The field 'InputPath' is not supported by Step Functions in a JSONata state at /States/A")
                .hasMessageContaining("'Parameters'");
        assertThatThrownBy(() -> h.create("""
                {"StartAt":"A","States":{"A":{"Type":"Pass","Output":{"x":1},"End":true}}}"""))
                .hasMessageContaining("The field 'Output' is not supported by Step Functions in a JSONPath state at /States/A");
        assertThatThrownBy(() -> h.create("""
                {"QueryLanguage":"JSONata","StartAt":"A","States":{"A":{"Type":"Pass","Output":"{% 1 + %}","End":true}}}"""))
                .hasMessageContaining("does not compile").hasMessageContaining("/States/A/Output");
        assertThatThrownBy(() -> h.create("""
                {"QueryLanguage":"JSONata","StartAt":"A","States":{"A":{"Type":"Pass","QueryLanguage":"JSONPath","End":true}}}"""))
                .hasMessageContaining("a state machine whose QueryLanguage is JSONata cannot have a JSONPath state at /States/A/QueryLanguage");
        assertThatThrownBy(() -> h.create("""
                {"QueryLanguage":"XPath","StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}"""))
                .hasMessageContaining("QueryLanguage is JSONPath or JSONata");
        assertThatThrownBy(() -> h.create("""
                {"QueryLanguage":"JSONata","StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                  "Arguments":{"FunctionName":"open"},"End":true}}}"""))
                .hasMessageContaining("must pass $states.context.Task.Token in its Arguments");
        assertThatThrownBy(() -> h.create("""
                {"QueryLanguage":"JSONata","StartAt":"A","States":{"A":{"Type":"Choice","Choices":[{"Variable":"$.x","IsPresent":true,"Next":"A"}]}}}"""))
                .hasMessageContaining("These fields are required: [Condition]");
    }
}
