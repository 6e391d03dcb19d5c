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
}
