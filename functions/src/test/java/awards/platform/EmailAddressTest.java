package awards.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {

    // Guards issue 9, finding 3: each of these got 201 from the API, then SES refused it at the
    // close ("Illegal address") and the execution failed, so the nomination was never judged.
    @ParameterizedTest
    @ValueSource(strings = {
            "a..b@example.com", ".a@example.com", "a.@example.com", "a@example..com", "a@.example.com",
            "a\u200b@example.com", "a\u202e@example.com", "a@exam\u2066ple.com", "jos\u00e9@example.com",
            "a@b@example.com", "a@example", "a@-example.com", "a@example-.com", "a@example.123",
            "\"quoted\"@example.com", "a b@example.com", "a@[192.0.2.1]", "@example.com", "a@"})
    void addressesSesRefuses_haveAProblem(String address) {
        assertThat(EmailAddress.problem(address)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"judge@example.gov.uk", "first.last+awards@dept.gov.uk", "o'brien@example.org",
            "a@xn--bcher-kva.example", "x_y-z@a-b.c.io"})
    void addressesSesSends_haveNone(String address) {
        assertThat(EmailAddress.problem(address)).isEmpty();
    }

    @Test
    void limits_areRfc5321s() {
        assertThat(EmailAddress.problem("a".repeat(64) + "@example.com")).isEmpty();
        assertThat(EmailAddress.problem("a".repeat(65) + "@example.com")).get().asString().contains("64");
        assertThat(EmailAddress.problem("a@" + "b".repeat(63) + ".com")).isEmpty();
        assertThat(EmailAddress.problem("a@" + "b".repeat(64) + ".com")).isPresent();
        String long255 = "a@" + ("b".repeat(60) + ".").repeat(4) + "c".repeat(9);
        assertThat(long255).hasSize(255);
        assertThat(EmailAddress.problem(long255)).get().asString().contains("254");
    }

    @Test
    void internationalDomain_becomesPunycode_localPartStaysAndIsRefused() {
        assertThat(EmailAddress.ascii("anna@bücher.example")).isEqualTo("anna@xn--bcher-kva.example");
        assertThat(EmailAddress.problem(EmailAddress.ascii("anna@bücher.example"))).isEmpty();
        assertThat(EmailAddress.ascii("jürgen@example.de")).isEqualTo("jürgen@example.de");
        assertThat(EmailAddress.problem(EmailAddress.ascii("jürgen@example.de"))).isPresent();
    }
}
