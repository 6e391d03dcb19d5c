package awards.nomination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import awards.Samples;
import awards.cycle.Cycle;
import awards.platform.ApiRequest;
import awards.platform.Problem;
import awards.platform.Problem.FieldError;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubmissionFormTest {
    private final Cycle cycle = Samples.demoCycle();

    private List<FieldError> errorsOf(String sample) {
        List<FieldError> errors = new ArrayList<>();
        Submission s = SubmissionForm.validate(Samples.request(sample).jsonBody(), cycle, errors);
        assertThat(s == null).isEqualTo(!errors.isEmpty());
        return errors;
    }

    private List<String> fieldsOf(String sample) {
        return errorsOf(sample).stream().map(FieldError::field).toList();
    }

    @Test
    void sampleNominations_fromTheSeeds_areValid() {
        assertThat(errorsOf("submit-nomination-social-mobility-network")).isEmpty();
        assertThat(errorsOf("submit-nomination-mutual-mentoring")).isEmpty();
    }

    @Test
    void missingFields_areAllListedAtOnce() {
        assertThat(fieldsOf("bad-missing-fields")).containsExactlyInAnyOrder(
                "nominee.name", "nominator.email", "citation", "confirmations.nomineeAware", "confirmations.dataConsent");
    }

    @Test
    void nameLength_isCountedInCodePoints_notBytes() {
        // 201 'é' is 402 bytes in UTF-8; the message must speak of 201 characters.
        assertThat(errorsOf("bad-name-too-long")).containsExactly(
                new FieldError("nominee.name", "is 201 characters long; the limit is 200"));
    }

    @Test
    void crlfInASingleLineField_isRefused() {
        // Guards header injection: a name reaches email headers and CSV rows.
        assertThat(fieldsOf("bad-crlf-in-name")).containsExactly("nominee.name");
    }

    @Test
    void badEmail_unknownCategory_tooManyWords_badLinks_areRefused() {
        assertThat(fieldsOf("bad-email")).containsExactly("nominator.email");
        assertThat(errorsOf("bad-unknown-category")).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("category");
            assertThat(e.message()).contains("social-mobility", "mentoring");
        });
        assertThat(errorsOf("bad-over-word-limit")).containsExactly(new FieldError("citation", "has 501 words; the limit is 500"));
        assertThat(fieldsOf("bad-links")).containsExactly("links", "links[6]");
    }

    @Test
    void invalidUtf8Body_isA400OnTheBody() {
        ApiRequest request = Samples.request("bad-invalid-utf8");
        assertThatThrownBy(request::jsonBody).isInstanceOfSatisfying(Problem.ProblemException.class, e -> {
            assertThat(e.problem().status()).isEqualTo(400);
            assertThat(e.problem().errors()).containsExactly(new FieldError("body", "is not valid UTF-8"));
        });
    }

    @Test
    void bodyOver64KiB_isA413() {
        ApiRequest request = Samples.request("bad-oversize-body");
        assertThatThrownBy(request::jsonBody).isInstanceOfSatisfying(Problem.ProblemException.class,
                e -> assertThat(e.problem().status()).isEqualTo(413));
    }

    @Test
    void unknownCycle_isNamed() {
        List<FieldError> errors = new ArrayList<>();
        SubmissionForm.validate(Samples.request("submit-nomination-mutual-mentoring").jsonBody(), null, errors);
        assertThat(errors).containsExactly(new FieldError("cycleId", "is not a known awards cycle"));
    }
}
