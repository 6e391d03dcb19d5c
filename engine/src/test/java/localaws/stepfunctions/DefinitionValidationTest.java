package localaws.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import localaws.stepfunctions.asl.DefinitionParser;
import localaws.stepfunctions.asl.InvalidDefinitionException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What CreateStateMachine refuses, and how it says so: a code, a reason and a place. */
class DefinitionValidationTest {

    private static String problemOf(String definition) {
        try {
            DefinitionParser.parse(definition);
        } catch (InvalidDefinitionException e) {
            assertThat(e.getMessage()).startsWith("Invalid State Machine Definition: '");
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + definition);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Nope\",\"End\":true}}}|Unknown state type 'Nope'",
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Next\":\"B\"}}}|MISSING_TRANSITION_TARGET: Missing 'Next' target: B at /States/A/Next",
        "{\"StartAt\":\"X\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}|MISSING_TRANSITION_TARGET: Missing 'Next' target: X at /StartAt",
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true},\"B\":{\"Type\":\"Pass\",\"End\":true}}}|UNREACHABLE_STATE: State B is not reachable at /States/B",
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\"}}}|needs exactly one of Next and \"End\": true at /States/A",
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Wait\",\"Timestamp\":\"2027-05-03 16:00\",\"End\":true}}}|Timestamp must be an RFC 3339 timestamp",
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::dynamodb:putItem\",\"End\":true}}}|INVALID_RESOURCE: The resource provided arn:aws:states:::dynamodb:putItem is not supported",
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Foo\":1,\"End\":true}}}|The field 'Foo' is not supported by Step Functions at /States/A",
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Fail\",\"Assign\":{\"x\":1}}}}|SCHEMA_VALIDATION_FAILED: The field 'Assign' is not supported by Step Functions at /States/A",
        "{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Result\":1,\"End\":true}}}|SCHEMA_VALIDATION_FAILED: The field 'Result' is not supported by Step Functions in a JSONata state at /States/A",
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Parameters\":{\"x.$\":\"nope\"},\"End\":true}}}|'nope' is not a JSONPath",
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Parameters\":{\"x.$\":\"States.Nope()\"},\"End\":true}}}|unknown intrinsic function States.Nope",
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"ResultPath\":\"$.a[*]\",\"End\":true}}}|is not a reference path",
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$.x\",\"StringEquals\":1,\"Next\":\"A\"}]}}}|the value of StringEquals is not a string",
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Map\",\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\"},\"StartAt\":\"B\",\"States\":{\"B\":{\"Type\":\"Pass\",\"End\":true}}},\"End\":true}}}|Map mode DISTRIBUTED is not supported",
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\",\"Parameters\":{\"FunctionName\":\"f\"},\"Retry\":[{\"ErrorEquals\":[\"States.ALL\",\"X\"]}],\"End\":true}}}|States.ALL must appear alone",
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke.waitForTaskToken\",\"Parameters\":{\"FunctionName\":\"f\"},\"End\":true}}}|must pass $$.Task.Token",
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Parallel\",\"Branches\":[{\"StartAt\":\"B\",\"States\":{\"B\":{\"Type\":\"Pass\",\"Next\":\"Gone\"}}}],\"End\":true}}}|Missing 'Next' target: Gone at /States/A/Branches[0]/States/B/Next",
        "{\"StartAt\":\"A\"|INVALID_JSON_DESCRIPTION",
    })
    void invalidDefinitions_areRefused_namingTheProblemAndWhere(String definition, String expected) {
        assertThat(problemOf(definition)).contains(expected);
    }

    @Test
    void everyProblemIsListed_notJustTheFirst() {
        assertThatThrownBy(() -> DefinitionParser.parse("""
                {"StartAt":"A","States":{"A":{"Type":"Pass","Next":"Nowhere"},"B":{"Type":"Bogus"}}}"""))
                .isInstanceOfSatisfying(InvalidDefinitionException.class, e -> assertThat(e.problems()).hasSizeGreaterThanOrEqualTo(3));
    }
}
