package awards.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import localaws.stepfunctions.asl.DefinitionParser;
import org.junit.jupiter.api.Test;

/** The awards workflow's state machine, as the template deploys it, is one the engine takes. */
class WorkflowDefinitionTest {
    @Test
    void theWorkflowsOwnDefinition_withItsSubstitutionsResolved_isValid() {
        var template = SamTemplate.read(Path.of("../infra/template.yaml"));
        String asl = StateMachineFromTemplate.read(template, LocalNames.DEFAULT.values(template, java.util.Map.of())).json();
        assertThat(asl).doesNotContain("${");
        assertThat(DefinitionParser.parse(asl).graph().states()).containsKeys("WaitForClose", "AwaitPanel", "RoundClosed", "AwaitAwards", "Awarded");
    }
}
