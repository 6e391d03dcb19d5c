package localaws.stepfunctions;

import static localaws.stepfunctions.EngineHarness.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import localaws.stepfunctions.errors.StatesError;
import localaws.stepfunctions.json.Intrinsics;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every intrinsic function, with the AWS documentation's examples and edge cases. */
class IntrinsicsTest {
    private static final JsonNode INPUT = json("""
            {"name":"Ada","n":3,"list":[1,2,2,3],"obj":{"a":1,"b":{"c":2}},"other":{"b":{"d":4},"e":5},
             "csv":"a,b,,c;;d","text":"Data to hash","b64":"RGF0YSB0byBlbmNvZGU="}""");
    private static final JsonNode CTX = json("{\"Execution\":{\"Name\":\"run-1\"}}");

    private static JsonNode eval(String call) {
        return Intrinsics.evaluate(Intrinsics.parse(call), INPUT, localaws.stepfunctions.json.Roots.of(CTX));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "States.Format('Hello, my name is {}.', $.name)|\"Hello, my name is Ada.\"",
        "States.Format('{} of {} in {}', $.n, 4, $$.Execution.Name)|\"3 of 4 in run-1\"",
        "States.Format('literal \\{\\} braces {}', 'ok')|\"literal {} braces ok\"",
        "States.StringToJson('{\"number\": 20}')|{\"number\":20}",
        "States.JsonToString($.obj)|\"{\\\"a\\\":1,\\\"b\\\":{\\\"c\\\":2}}\"",
        "States.Array('Foo', 2020, $.n, null)|[\"Foo\",2020,3,null]",
        "States.ArrayPartition($.list, 3)|[[1,2,2],[3]]",
        "States.ArrayContains($.list, 3)|true",
        "States.ArrayContains($.list, 9)|false",
        "States.ArrayContains($.list, 3.0)|true",
        "States.ArrayRange(1, 9, 2)|[1,3,5,7,9]",
        "States.ArrayRange(5, 1, -2)|[5,3,1]",
        "States.ArrayGetItem($.list, 3)|3",
        "States.ArrayLength($.list)|4",
        "States.ArrayUnique($.list)|[1,2,3]",
        "States.Base64Encode('Data to encode')|\"RGF0YSB0byBlbmNvZGU=\"",
        "States.Base64Decode($.b64)|\"Data to encode\"",
        "States.Hash($.text, 'SHA-1')|\"4c2ea1e231a71f12470f6f3bdeeeb329a8cfb370\"",
        "States.JsonMerge($.obj, $.other, false)|{\"a\":1,\"b\":{\"d\":4},\"e\":5}",
        "States.MathAdd(111, -1)|110",
        "States.MathAdd(1.5, 2.4)|4",
        "States.StringSplit($.csv, ',;')|[\"a\",\"b\",\"c\",\"d\"]",
        "States.ArrayLength(States.Array(1, States.Array(2, 3)))|2",
    })
    void functions_giveTheDocumentedResults(String call, String expected) {
        assertThat(eval(call)).isEqualTo(json(expected));
    }

    @Test
    void mathRandom_staysInRange_andASeedRepeats() {
        for (int i = 0; i < 200; i++) {
            int v = eval("States.MathRandom(1, 10)").asInt();
            assertThat(v).isBetween(1, 9);
        }
        assertThat(eval("States.MathRandom(1, 1000, 42)")).isEqualTo(eval("States.MathRandom(1, 1000, 42)"));
    }

    @Test
    void uuid_isAVersion4Uuid() {
        assertThat(eval("States.UUID()").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }

    @Test
    void badArguments_failAsStatesRuntime() {
        assertThatThrownBy(() -> eval("States.ArrayGetItem($.list, 10)"))
                .isInstanceOfSatisfying(StatesError.class, e -> assertThat(e.error()).isEqualTo("States.Runtime"));
        assertThatThrownBy(() -> eval("States.Format('{} {}', 'only one')")).isInstanceOf(StatesError.class);
        assertThatThrownBy(() -> eval("States.Hash($.text, 'CRC32')")).isInstanceOf(StatesError.class);
        assertThatThrownBy(() -> eval("States.JsonMerge($.obj, $.other, true)")).isInstanceOf(StatesError.class);
    }

    @Test
    void unknownFunctionsOrWrongArity_areRefusedWhenParsed() {
        assertThatThrownBy(() -> Intrinsics.parse("States.Nope(1)")).hasMessageContaining("unknown intrinsic function States.Nope");
        assertThatThrownBy(() -> Intrinsics.parse("States.UUID(1)")).hasMessageContaining("takes 0 arguments");
        assertThatThrownBy(() -> Intrinsics.parse("States.Format('unclosed")).hasMessageContaining("unclosed string");
        assertThatThrownBy(() -> Intrinsics.parse("States.MathRandom(1)")).hasMessageContaining("takes 2 to 3 arguments, not 1");
        assertThatThrownBy(() -> Intrinsics.parse("States.Format()")).hasMessageContaining("takes 1 or more arguments, not 0");
    }

    /** The functions AWS documents for JSONPath states, each a class of its own, all found by name. */
    @ParameterizedTest
    @CsvSource({"States.Format", "States.StringToJson", "States.JsonToString", "States.Array", "States.ArrayPartition", "States.ArrayContains",
        "States.ArrayRange", "States.ArrayGetItem", "States.ArrayLength", "States.ArrayUnique", "States.Base64Encode", "States.Base64Decode",
        "States.Hash", "States.JsonMerge", "States.MathRandom", "States.MathAdd", "States.StringSplit", "States.UUID"})
    void everyDocumentedFunction_isThere(String name) {
        assertThat(localaws.stepfunctions.json.intrinsics.Functions.named(name)).get().satisfies(f -> assertThat(f.name()).isEqualTo(name));
    }
}
