package awards.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTest {
    @Test
    void words_countRunsOfNonSpace_inAnyScript() {
        assertThat(Text.words("")).isZero();
        assertThat(Text.words("  one  two\nthree\t")).isEqualTo(3);
        assertThat(Text.words("naïve café résumé")).isEqualTo(3);
        assertThat(Text.words("社会 流动性")).isEqualTo(2);
        assertThat(Text.words("a\u00a0b")).isEqualTo(2); // a no-break space still separates words
    }

    private static java.util.List<Problem.FieldError> singleLine(String value) {
        java.util.List<Problem.FieldError> errors = new java.util.ArrayList<>();
        Text.singleLine(Json.object().put("name", value), "name", 200, errors);
        return errors;
    }

    @Test
    void aOneLineField_refusesDirectionControls_lineSeparators_andNamesOfNothingVisible() {
        // Issue 11: each of these was accepted and stored.
        for (String bad : new String[] {"Team \u202eevil", "Team \u2066x\u2069", "a\u2028b", "a\u2029b", "\u200b\u200b", "\u3000", "\u2800", " \u00a0 "}) {
            assertThat(singleLine(bad)).as(bad.codePoints().mapToObj(c -> "U+%04X".formatted(c)).toList().toString()).hasSize(1);
        }
        assertThat(singleLine("Équipe de l’Union — مرحبا")).isEmpty();
    }

    @Test
    void jsonIsReadStrictly_oneObjectAndNoKeyTwice() {
        for (String bad : new String[] {"{\"a\":1}garbage", "{\"a\":1}{\"a\":2}", "{\"a\":1,\"a\":2}"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Json.read(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(Json.read("{\"a\":1} \n").path("a").asInt()).isEqualTo(1);
    }
}
