package localaws.stepfunctions.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import localaws.stepfunctions.errors.StatesError;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JSONata fields: {@code {% %}} strings at any depth, {@code $states}, variables, AWS's added functions, and what fails. */
class JsonataTemplateTest {
    private static JsonNode json(String s) {
        try {
            return JsonPaths.MAPPER.readTree(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final Roots ROOTS = Roots.of(json("{\"Execution\":{\"Name\":\"run-1\"}}"), Map.of("round", json("2"), "judges", json("[\"ann\",\"bob\"]")))
            .withStates(json("{\"n\":3,\"name\":\"Team A\",\"tags\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}"), json("{\"Payload\":{\"score\":4.5}}"), null);

    private static JsonNode eval(String template) {
        return JsonataTemplate.compile(json(template), "Output").apply(null, ROOTS);
    }

    @Test
    void expressionsAtAnyDepth_readStatesAndVariables_andTheRestIsAsWritten() {
        assertThat(eval("""
                {"n":"{% $states.input.n * 2 %}","who":"{% $uppercase($states.input.name) %}","round":"{% $round %}",
                 "first":"{% $judges[0] %}","score":"{% $states.result.Payload.score %}","run":"{% $states.context.Execution.Name %}",
                 "literal":"$states.input.n","list":[1,"{% $count($judges) %}"],"text":"a {% 1 %} b"}"""))
                .isEqualTo(json("""
                {"n":6,"who":"TEAM A","round":2,"first":"ann","score":4.5,"run":"run-1","literal":"$states.input.n","list":[1,2],"text":"a {% 1 %} b"}"""));
        assertThat(eval("\"{% $states.input.n > 2 %}\"")).isEqualTo(json("true"));
        assertThat(eval("\"{% null %}\"")).isEqualTo(json("null"));
    }

    @Test
    void awsAddedFunctions() {
        assertThat(eval("\"{% $partition($states.input.tags, 2) %}\"")).isEqualTo(json("[[\"a\",\"b\"],[\"c\",\"d\"],[\"e\"]]"));
        assertThat(eval("\"{% $range(0, 10, 2) %}\"")).isEqualTo(json("[0,2,4,6,8,10]"));
        assertThat(eval("\"{% $hash('abc', 'SHA-256') %}\"").asText()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(eval("\"{% $hash('abc', 'MD5') %}\"").asText()).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
        assertThat(eval("\"{% $random(42) %}\"")).isEqualTo(eval("\"{% $random(42) %}\""));
        assertThat(eval("\"{% $random() %}\"").asDouble()).isBetween(0.0, 1.0);
        assertThat(eval("\"{% $uuid() %}\"").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(eval("\"{% $parse('{\\\"a\\\":[1,2]}').a[1] %}\"")).isEqualTo(json("2"));
    }

    @Test
    void failures_areQueryEvaluationErrors_namingTheExpressionAndField() {
        assertThatThrownBy(() -> eval("{\"x\":\"{% $states.input.missing %}\"}"))
                .isInstanceOfSatisfying(StatesError.class, e -> {
                    assertThat(e.error()).isEqualTo("States.QueryEvaluationError");
                    assertThat(e.cause()).isEqualTo("The JSONata expression '$states.input.missing' specified for the field 'Output/x' returned nothing (undefined)");
                });
        assertThatThrownBy(() -> eval("\"{% $states.input.name + 1 %}\""))
                .isInstanceOfSatisfying(StatesError.class, e -> {
                    assertThat(e.error()).isEqualTo("States.QueryEvaluationError");
                    assertThat(e.cause()).startsWith("The JSONata expression '$states.input.name + 1' specified for the field 'Output' threw an error: ");
                    assertThat(e.isTerminal()).as("catchable and retriable").isFalse();
                });
        assertThatThrownBy(() -> JsonataTemplate.compile(json("\"{% $eval('1') %}\""), "Output")).hasMessageContaining("$eval is not available");
        assertThatThrownBy(() -> JsonataTemplate.compile(json("{\"a\":\"{% 1 + %}\"}"), "Arguments")).hasMessageContaining("Arguments/a").hasMessageContaining("does not compile");
    }
}
