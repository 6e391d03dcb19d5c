package localaws.stepfunctions;

import static localaws.stepfunctions.EngineHarness.output;
import static org.assertj.core.api.Assertions.assertThat;

import localaws.stepfunctions.engine.Execution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Choice rules: every operator, its Path form, type tests, And/Or/Not, and what happens when none matches. */
class ChoiceStateTest {
    private final EngineHarness h = new EngineHarness();

    @AfterEach
    void close() {
        h.close();
    }

    /** Runs a one-rule Choice against the input: "yes" if the rule matched, "no" if Default was taken. */
    private String decide(String rule, String input) {
        Execution ex = h.run("""
                {"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[%s],"Default":"No"},
                 "Yes":{"Type":"Pass","Result":"yes","End":true},"No":{"Type":"Pass","Result":"no","End":true}}}"""
                .formatted(((com.fasterxml.jackson.databind.node.ObjectNode) EngineHarness.json(rule)).put("Next", "Yes")), input);
        assertThat(ex.status()).as(ex.error() + " " + ex.cause()).isEqualTo(Execution.Status.SUCCEEDED);
        return output(ex).asText();
    }

    private String simple(String operator, String operand, String value) {
        return decide("{\"Variable\":\"$.v\",\"" + operator + "\":" + operand + "}", "{\"v\":" + value + ",\"other\":" + operand + "}");
    }

    @ParameterizedTest(name = "{0} {1} on {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "StringEquals|\"abc\"|\"abc\"|yes", "StringEquals|\"abc\"|\"abd\"|no", "StringEquals|\"1\"|1|no",
        "StringLessThan|\"b\"|\"a\"|yes", "StringLessThan|\"b\"|\"c\"|no",
        "StringGreaterThan|\"b\"|\"c\"|yes", "StringLessThanEquals|\"b\"|\"b\"|yes", "StringGreaterThanEquals|\"b\"|\"a\"|no",
        "StringMatches|\"log-*.txt\"|\"log-2027.txt\"|yes", "StringMatches|\"log-*.txt\"|\"log-2027.csv\"|no",
        "StringMatches|\"a\\\\*b\"|\"a*b\"|yes", "StringMatches|\"a\\\\*b\"|\"axb\"|no",
        "NumericEquals|10|10.0|yes", "NumericEquals|10|\"10\"|no", "NumericLessThan|10|9.5|yes", "NumericGreaterThan|10|11|yes",
        "NumericLessThanEquals|10|10|yes", "NumericGreaterThanEquals|10|9|no",
        "BooleanEquals|true|true|yes", "BooleanEquals|true|\"true\"|no",
        "TimestampEquals|\"2027-05-03T16:00:00Z\"|\"2027-05-03T17:00:00+01:00\"|yes",
        "TimestampLessThan|\"2027-05-03T16:00:00Z\"|\"2027-05-03T15:59:59Z\"|yes",
        "TimestampGreaterThan|\"2027-05-03T16:00:00Z\"|\"2027-05-03T15:59:59Z\"|no",
        "TimestampLessThanEquals|\"2027-05-03T16:00:00Z\"|\"2027-05-03T16:00:00Z\"|yes",
        "TimestampGreaterThanEquals|\"2027-05-03T16:00:00Z\"|\"not a time\"|no",
    })
    void comparisons_matchAsAwsDocuments_andATypeMismatchIsFalse(String operator, String operand, String value, String expected) {
        assertThat(simple(operator, operand, value)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}Path")
    @CsvSource(delimiter = '|', value = {
        "StringEquals|\"x\"|\"x\"|yes", "NumericGreaterThan|1|2|yes", "BooleanEquals|false|true|no",
        "TimestampLessThan|\"2027-01-01T00:00:00Z\"|\"2026-01-01T00:00:00Z\"|yes", "StringMatches|\"a*\"|\"abc\"|yes",
    })
    void pathForms_compareWithAnotherValueOfTheInput(String operator, String other, String value, String expected) {
        assertThat(decide("{\"Variable\":\"$.v\",\"" + operator + "Path\":\"$.other\"}", "{\"v\":" + value + ",\"other\":" + other + "}"))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}: {1} on {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "IsPresent|true|{\"v\":null}|yes", "IsPresent|true|{}|no", "IsPresent|false|{}|yes",
        "IsNull|true|{\"v\":null}|yes", "IsNull|false|{\"v\":1}|yes", "IsNull|true|{\"v\":0}|no",
        "IsNumeric|true|{\"v\":1.5}|yes", "IsNumeric|true|{\"v\":\"1\"}|no", "IsNumeric|false|{\"v\":\"1\"}|yes",
        "IsString|true|{\"v\":\"s\"}|yes", "IsString|false|{\"v\":2}|yes",
        "IsBoolean|true|{\"v\":false}|yes", "IsBoolean|true|{\"v\":\"false\"}|no",
        "IsTimestamp|true|{\"v\":\"2027-05-03T16:00:00Z\"}|yes", "IsTimestamp|true|{\"v\":\"2027-05-03\"}|no",
        "IsTimestamp|false|{\"v\":\"yesterday\"}|yes",
    })
    void typeTests_areTrueAndFalseBothWays(String operator, String operand, String input, String expected) {
        assertThat(decide("{\"Variable\":\"$.v\",\"" + operator + "\":" + operand + "}", input)).isEqualTo(expected);
    }

    @Test
    void andOrNot_combineRules() {
        String and = "{\"And\":[{\"Variable\":\"$.a\",\"NumericGreaterThan\":1},{\"Variable\":\"$.b\",\"StringEquals\":\"x\"}]}";
        assertThat(decide(and, "{\"a\":2,\"b\":\"x\"}")).isEqualTo("yes");
        assertThat(decide(and, "{\"a\":2,\"b\":\"y\"}")).isEqualTo("no");
        String or = "{\"Or\":[{\"Variable\":\"$.a\",\"NumericGreaterThan\":1},{\"Variable\":\"$.b\",\"StringEquals\":\"x\"}]}";
        assertThat(decide(or, "{\"a\":0,\"b\":\"x\"}")).isEqualTo("yes");
        String not = "{\"Not\":{\"Variable\":\"$.a\",\"StringEquals\":\"x\"}}";
        assertThat(decide(not, "{\"a\":\"y\"}")).isEqualTo("yes");
    }

    @Test
    void aMissingVariable_isStatesRuntime_notFalse() {
        Execution ex = h.run("""
                {"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.missing","StringEquals":"x","Next":"D"}],"Default":"D"},
                 "D":{"Type":"Succeed"}}}""", "{}");
        assertThat(ex.status()).isEqualTo(Execution.Status.FAILED);
        assertThat(ex.error()).isEqualTo("States.Runtime");
        assertThat(ex.cause()).contains("$.missing");
    }

    @Test
    void noMatchAndNoDefault_failsTheExecution_underStatesRuntime() {
        // AWS documents States.NoChoiceMatched as reserved: an unmatched Choice is reported as States.Runtime.
        Execution ex = h.run("""
                {"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.v","NumericEquals":1,"Next":"D"}]},
                 "D":{"Type":"Succeed"}}}""", "{\"v\":2}");
        assertThat(ex.status()).isEqualTo(Execution.Status.FAILED);
        assertThat(ex.error()).isEqualTo("States.Runtime");
        assertThat(ex.cause()).contains("No Choice rule matched");
    }

    @Test
    void choiceOutput_isItsInputThroughInputPathAndOutputPath() {
        Execution ex = h.run("""
                {"StartAt":"C","States":{"C":{"Type":"Choice","InputPath":"$.in","OutputPath":"$.keep",
                 "Choices":[{"Variable":"$.go","BooleanEquals":true,"Next":"D"}]},"D":{"Type":"Succeed"}}}""",
                "{\"in\":{\"go\":true,\"keep\":{\"k\":1}}}");
        assertThat(output(ex)).isEqualTo(EngineHarness.json("{\"k\":1}"));
    }
}
