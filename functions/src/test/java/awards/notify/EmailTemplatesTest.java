package awards.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmailTemplatesTest {
    private final EmailTemplates templates = new EmailTemplates();

    @Test
    void aChairsInvitation_hasNoEmptyReferenceInItsFooter() {
        // Guards issue 9, finding 10: the footer read "Reference ." for a message about no one nomination.
        EmailTemplates.Rendered m = templates.render("CHAIR_INVITE", Map.of("cycleName", "Diversity and Inclusion Awards 2027", "reference", "",
                "category", "Mentoring", "chair", "Helen Marsh", "link", "https://awards.example/judging/a/b", "ceremony", "4 October 2027",
                "entries", List.of(Map.of("nominee", "Conversations", "reference", "DIA-2027-0002"))));
        assertThat(m.html()).doesNotContain("Reference .").contains("because of your role in Diversity and Inclusion Awards 2027");
        EmailTemplates.Rendered receipt = templates.render("RECEIPT", Map.of("cycleName", "DIA", "reference", "DIA-2027-0001"));
        assertThat(receipt.html()).contains("Reference DIA-2027-0001.");
    }

    @Test
    void theRefusalNotice_saysWhichEmailAndWhoseWithoutTheAddress() {
        EmailTemplates.Rendered m = templates.render(Mailer.REFUSED_NOTICE, Map.of("cycleName", "DIA", "reference", "DIA-2027-0007",
                "refusedKind", "CLOSED", "recipientRole", "the nominator"));
        assertThat(m.subject()).isEqualTo("An email about DIA-2027-0007 could not be sent");
        assertThat(m.text()).contains("CLOSED email to the nominator about nomination DIA-2027-0007");
    }

    @Test
    void tagValues_areWhatSesAccepts() {
        assertThat(Mailer.tagValue("dia-2027.mentoring")).isEqualTo("dia-2027_mentoring");
        assertThat(Mailer.tagValue("REFUSED-CLOSED")).isEqualTo("REFUSED-CLOSED");
        assertThat(Mailer.tagValue("x".repeat(300))).hasSize(256);
    }
}
