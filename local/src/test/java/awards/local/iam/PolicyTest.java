package awards.local.iam;

import static org.assertj.core.api.Assertions.assertThat;

import awards.local.template.LocalNames;
import awards.local.template.SamTemplate;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyTest {
    private static final String TABLE = "arn:aws:dynamodb:us-east-1:123456789012:table/NominationsTable";

    @Test
    void actionsMatchWithoutCase_resourcesWithCase_bothWithWildcards() {
        Policy p = new Policy(List.of(new Policy.Statement(true, List.of("dynamodb:Get*"), List.of(TABLE + "*"), Map.of())));
        assertThat(p.allows("dynamodb:GetItem", TABLE, Map.of())).isTrue();
        assertThat(p.allows("DynamoDB:getitem", TABLE + "/index/gsi1", Map.of())).isTrue();
        assertThat(p.allows("dynamodb:PutItem", TABLE, Map.of())).as("implicit deny").isFalse();
        assertThat(p.allows("dynamodb:GetItem", TABLE.replace("Nominations", "nominations"), Map.of())).isFalse();
    }

    @Test
    void anExplicitDeny_winsOverAnAllow() {
        Policy p = new Policy(List.of(new Policy.Statement(true, List.of("*"), List.of("*"), Map.of()),
                new Policy.Statement(false, List.of("dynamodb:DeleteItem"), List.of(TABLE), Map.of())));
        assertThat(p.allows("dynamodb:PutItem", TABLE, Map.of())).isTrue();
        assertThat(p.allows("dynamodb:DeleteItem", TABLE, Map.of())).isFalse();
    }

    @Test
    void aConditionKeyTheRequestLacks_failsTheStatement() {
        Policy p = new Policy(List.of(new Policy.Statement(true, List.of("ses:SendEmail"), List.of("arn:aws:ses:us-east-1:123456789012:identity/*"),
                Map.of("StringEquals", Map.of("ses:FromAddress", List.of("awards@example.gov.uk"))))));
        String identity = "arn:aws:ses:us-east-1:123456789012:identity/example.gov.uk";
        assertThat(p.allows("ses:SendEmail", identity, Map.of("ses:fromaddress", "awards@example.gov.uk"))).isTrue();
        assertThat(p.allows("ses:SendEmail", identity, Map.of("ses:fromaddress", "other@example.gov.uk"))).isFalse();
        assertThat(p.allows("ses:SendEmail", identity, Map.of())).isFalse();
    }

    @Test
    void theTemplatesPolicies_areReadAndResolved() {
        SamTemplate template = SamTemplate.read(Path.of("../infra/template.yaml"));
        LocalIam iam = LocalIam.fromTemplate(template, LocalNames.DEFAULT.values(template, Map.of()), LocalNames.DEFAULT, m -> { });
        assertThat(iam.principals()).contains("SubmitNominationFunction", "JudgingFunction", "NominationStateMachine");
        String machine = "arn:aws:states:us-east-1:123456789012:stateMachine:nomination-local";
        assertThat(iam.deny("SubmitNominationFunction", "states:StartExecution", machine)).isEmpty();
        assertThat(iam.deny("SubmitNominationFunction", "dynamodb:DeleteItem", TABLE)).as("the mailer takes back a marker").isEmpty();
        assertThat(iam.deny("GetNominationFunction", "states:StartExecution", machine)).isPresent();
        assertThat(iam.deny("JudgingFunction", "states:SendTaskSuccess", machine)).isEmpty();
        assertThat(iam.deny("NominationStateMachine", "lambda:InvokeFunction",
                "arn:aws:lambda:us-east-1:123456789012:function:MilestoneFunction:live")).isEmpty();
        assertThat(iam.deny("NominationStateMachine", "lambda:InvokeFunction",
                "arn:aws:lambda:us-east-1:123456789012:function:CycleAdminFunction")).isPresent();
        assertThat(iam.deny("someone-else", "dynamodb:DeleteTable", TABLE)).as("unrestricted").isEmpty();
    }
}
