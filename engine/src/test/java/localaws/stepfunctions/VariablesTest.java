package localaws.stepfunctions;

import static localaws.stepfunctions.EngineHarness.json;
import static localaws.stepfunctions.EngineHarness.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import localaws.stepfunctions.engine.EngineException;
import localaws.stepfunctions.engine.Execution;
import localaws.stepfunctions.engine.HistoryEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workflow variables (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html):
 * {@code Assign} on a state, a Choice rule and a catcher, {@code $name} in every path, the values
 * of one Assign evaluated before any is set, scopes in Parallel and Map, the history's
 * {@code assignedVariables}, and a restart that keeps them.
 */
class VariablesTest {
    private final EngineHarness h = new EngineHarness();

    @AfterEach
    void close() {
        h.close();
    }

    private static List<JsonAssigned> assigned(Execution ex) {
        return ex.history().stream().filter(e -> e.type().endsWith("StateExited"))
                .map(e -> new JsonAssigned(json(e.details()).path("name").asText(), json(e.details()).path("assignedVariables")))
                .filter(a -> !a.vars().isMissingNode()).toList();
    }

    private record JsonAssigned(String state, com.fasterxml.jackson.databind.JsonNode vars) {}

    @Test
    void aPassAssigns_laterStatesReadTheVariables_inParametersChoiceAndIntrinsics() {
        Execution ex = h.run("""
                {"StartAt":"Keep","States":{
                  "Keep":{"Type":"Pass","Assign":{"nomination.$":"$.nomination","round":1,"label.$":"States.Format('round {}', 1)"},
                          "Parameters":{"other.$":"$.nomination.id","nomination.$":"$.nomination"},"ResultPath":"$.kept","Next":"Check"},
                  "Check":{"Type":"Choice","Choices":[{"Variable":"$nomination.category","StringEquals":"mentoring","Next":"Use"}],"Default":"No"},
                  "No":{"Type":"Fail","Error":"Wrong"},
                  "Use":{"Type":"Pass","Parameters":{"id.$":"$nomination.id","round.$":"$round","label.$":"$label",
                          "title.$":"States.Format('{} in {}', $nomination.id, $nomination.category)","input.$":"$"},"End":true}}}""",
                "{\"nomination\":{\"id\":\"N-1\",\"category\":\"mentoring\"}}");
        assertThat(ex.status()).as(ex.cause()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(output(ex)).isEqualTo(json("""
                {"id":"N-1","round":1,"label":"round 1","title":"N-1 in mentoring",
                 "input":{"nomination":{"id":"N-1","category":"mentoring"},"kept":{"other":"N-1","nomination":{"id":"N-1","category":"mentoring"}}}}"""));
        // The history shows each assigned value as JSON text, as AWS's StateExited does.
        HistoryEvent keep = ex.history().stream().filter(e -> e.type().equals("PassStateExited")).findFirst().orElseThrow();
        assertThat(json(keep.details()).path("assignedVariables")).isEqualTo(json("""
                {"nomination":"{\\"id\\":\\"N-1\\",\\"category\\":\\"mentoring\\"}","round":"1","label":"\\"round 1\\""}"""));
        assertThat(json(keep.details()).path("assignedVariablesDetails").path("truncated").asBoolean(true)).isFalse();
    }

    @Test
    void oneAssign_readsTheValuesFromBeforeIt_andTheStatesOwnOutputToo() {
        Execution ex = h.run("""
                {"StartAt":"First","States":{
                  "First":{"Type":"Pass","Assign":{"x":1},"Next":"Swap"},
                  "Swap":{"Type":"Pass","Assign":{"x":2,"y.$":"$x"},"OutputPath":"$x","Next":"Read"},
                  "Read":{"Type":"Pass","Parameters":{"x.$":"$x","y.$":"$y","before.$":"$"},"End":true}}}""", "{}");
        assertThat(output(ex)).isEqualTo(json("{\"x\":2,\"y\":1,\"before\":1}"));
    }

    @Test
    void aPassAssignsFromItsResult() {
        Execution ex = h.run("""
                {"StartAt":"Keep","States":{
                  "Keep":{"Type":"Pass","Result":{"fixed":"r"},"Assign":{"v.$":"$.fixed"},"ResultPath":"$.r","Next":"Read"},
                  "Read":{"Type":"Pass","Parameters":{"v.$":"$v","in.$":"$.in"},"End":true}}}""", "{\"in\":1}");
        assertThat(output(ex)).isEqualTo(json("{\"v\":\"r\",\"in\":1}"));
    }

    @Test
    void aTaskAssignsFromItsSelectedResult() {
        h.functions.put("score", in -> json("{\"score\":4,\"noise\":true}"));
        Execution ex = h.run("""
                {"StartAt":"Score","States":{
                  "Score":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"score","Payload":{}},
                           "ResultSelector":{"s.$":"$.Payload.score"},"Assign":{"best.$":"$.s"},"ResultPath":null,"Next":"Read"},
                  "Read":{"Type":"Pass","Parameters":{"best.$":"$best","kept.$":"$.kept"},"End":true}}}""", "{\"kept\":\"yes\"}");
        assertThat(output(ex)).isEqualTo(json("{\"best\":4,\"kept\":\"yes\"}"));
    }

    @Test
    void aChoiceAssignsFromTheRuleThatMatched_orItsOwnAssignOnDefault() {
        String machine = """
                {"StartAt":"C","States":{
                  "C":{"Type":"Choice","Assign":{"route":"default"},
                       "Choices":[{"Variable":"$.n","NumericGreaterThan":3,"Assign":{"route":"high","n.$":"$.n"},"Next":"Done"}],"Default":"Done"},
                  "Done":{"Type":"Pass","Parameters":{"route.$":"$route"},"End":true}}}""";
        assertThat(output(h.run(machine, "{\"n\":5}"))).isEqualTo(json("{\"route\":\"high\"}"));
        assertThat(output(h.run(machine, "{\"n\":1}"))).isEqualTo(json("{\"route\":\"default\"}"));
    }

    @Test
    void aCatcherAssignsFromTheErrorOutput() {
        Execution ex = h.run("""
                {"StartAt":"P","States":{
                  "P":{"Type":"Parallel","Branches":[{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Panel.Empty","Cause":"no judges"}}}],
                       "Catch":[{"ErrorEquals":["States.ALL"],"Assign":{"why.$":"$.Cause"},"ResultPath":null,"Next":"After"}],"End":true},
                  "After":{"Type":"Pass","Parameters":{"why.$":"$why"},"End":true}}}""", "{}");
        assertThat(output(ex)).isEqualTo(json("{\"why\":\"no judges\"}"));
    }

    @Test
    void aWaitAssignsAsItLeaves() {
        Execution ex = h.settle(h.start(h.create("""
                {"StartAt":"W","States":{
                  "W":{"Type":"Wait","Seconds":60,"Assign":{"waited.$":"$.for"},"Next":"Read"},
                  "Read":{"Type":"Pass","Parameters":{"waited.$":"$waited"},"End":true}}}"""), "{\"for\":\"close\"}"));
        h.advance(Duration.ofSeconds(60));
        h.settle(ex);
        assertThat(output(ex)).isEqualTo(json("{\"waited\":\"close\"}"));
    }

    @Test
    void parallelBranchesAndMapIterations_readOuterVariables_keepTheirOwn_andCannotAssignOuterOnes() {
        Execution ex = h.run("""
                {"StartAt":"Set","States":{
                  "Set":{"Type":"Pass","Assign":{"cycle":"dia-2027"},"Next":"Both"},
                  "Both":{"Type":"Parallel","Branches":[
                     {"StartAt":"A","States":{"A":{"Type":"Pass","Assign":{"mine":"a"},"Next":"A2"},
                                              "A2":{"Type":"Pass","Parameters":{"c.$":"$cycle","m.$":"$mine"},"End":true}}},
                     {"StartAt":"B","States":{"B":{"Type":"Map","ItemsPath":"$.judges","ItemSelector":{"j.$":"$$.Map.Item.Value","c.$":"$cycle"},
                        "ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","Assign":{"mine.$":"$.j"},"Next":"I2"},
                                                                 "I2":{"Type":"Pass","Parameters":{"j.$":"$mine","c.$":"$.c"},"End":true}}},"End":true}}}],
                   "Assign":{"results.$":"$"},"Next":"After"},
                  "After":{"Type":"Pass","Parameters":{"c.$":"$cycle","n.$":"States.ArrayLength($results)"},"End":true}}}""",
                "{\"judges\":[\"ann\",\"bob\"]}");
        assertThat(ex.status()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(output(ex)).isEqualTo(json("{\"c\":\"dia-2027\",\"n\":2}"));
        JsonAssigned both = assigned(ex).stream().filter(a -> a.state().equals("Both")).findFirst().orElseThrow();
        assertThat(json(both.vars().path("results").asText())).isEqualTo(json("""
                [{"c":"dia-2027","m":"a"},[{"j":"ann","c":"dia-2027"},{"j":"bob","c":"dia-2027"}]]"""));

        // A branch's own variable ends with it.
        Execution outside = h.run("""
                {"StartAt":"Both","States":{
                  "Both":{"Type":"Parallel","Branches":[{"StartAt":"A","States":{"A":{"Type":"Pass","Assign":{"mine":"a"},"End":true}}}],"Next":"After"},
                  "After":{"Type":"Pass","Parameters":{"m.$":"$mine"},"End":true}}}""", "{}");
        assertThat(outside.status()).isEqualTo(Execution.Status.FAILED);
        assertThat(outside.error()).isEqualTo("States.Runtime");
        assertThat(outside.cause()).contains("'After'").contains("variable 'mine' is not assigned");

        // An inner state cannot assign an outer scope's variable.
        Execution write = h.run("""
                {"StartAt":"Set","States":{"Set":{"Type":"Pass","Assign":{"cycle":"dia-2027"},"Next":"Both"},
                  "Both":{"Type":"Parallel","Branches":[{"StartAt":"A","States":{"A":{"Type":"Pass","Assign":{"cycle":"other"},"End":true}}}],"End":true}}}""",
                "{}");
        assertThat(write.status()).isEqualTo(Execution.Status.FAILED);
        assertThat(write.error()).isEqualTo("States.Runtime");
        assertThat(write.cause()).contains("'A'").contains("'cycle'").contains("outer scope");
    }

    @Test
    void variablesSurviveARestart(@TempDir Path data) {
        String arn;
        String machine = """
                {"StartAt":"Keep","States":{
                  "Keep":{"Type":"Pass","Assign":{"who.$":"$.who"},"Next":"W"},
                  "W":{"Type":"Wait","Seconds":600,"Next":"Read"},
                  "Read":{"Type":"Pass","Parameters":{"who.$":"$who"},"End":true}}}""";
        try (EngineHarness first = new EngineHarness(data)) {
            arn = first.settle(first.start(first.create(machine), "{\"who\":\"ann\"}")).arn();
        }
        try (EngineHarness again = new EngineHarness(data, EngineHarness.T0.plusSeconds(60))) {
            Execution ex = again.settle(again.engine.execution(arn));
            again.advance(Duration.ofSeconds(600));
            again.settle(ex);
            assertThat(ex.status()).as(ex.cause()).isEqualTo(Execution.Status.SUCCEEDED);
            assertThat(output(ex)).isEqualTo(json("{\"who\":\"ann\"}"));
        }
    }

    @Test
    void definitionsThatAssignWrongly_areRefusedAtCreation() {
        assertThatThrownBy(() -> h.create("""
                {"StartAt":"S","States":{"S":{"Type":"Succeed","Assign":{"x":1}}}}"""))
                .isInstanceOf(EngineException.class).hasMessageContaining("'Assign' is not supported").hasMessageContaining("/States/S");
        assertThatThrownBy(() -> h.create("""
                {"StartAt":"S","States":{"S":{"Type":"Pass","Assign":{"1st":1,"states":2},"End":true}}}"""))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("'1st' is not a valid variable name").hasMessageContaining("'states' is a reserved variable name");
        assertThatThrownBy(() -> h.create("""
                {"StartAt":"S","States":{"S":{"Type":"Pass","Assign":{"x.$":"$.a[?(@"},"End":true}}}"""))
                .isInstanceOf(EngineException.class).hasMessageContaining("/States/S/Assign/x.$");
        assertThatThrownBy(() -> h.create("""
                {"StartAt":"S","States":{"S":{"Type":"Pass","Assign":{"%s":1},"End":true}}}""".formatted("v".repeat(81))))
                .isInstanceOf(EngineException.class).hasMessageContaining("at most 80 characters");
    }
}
