package awards.platform;

import static org.assertj.core.api.Assertions.assertThatCode;

import awards.nomination.NominationPriming;
import org.junit.jupiter.api.Test;

class PrimingTest {
    @Test
    void priming_runsEveryFirstRequestPath_withoutANetwork() {
        // Its SDK clients point at a closed port; were a call sent, it would fail with a connection
        // error rather than be stopped before transmission.
        Priming.register(NominationPriming.WORK);
        Priming.register(NominationPriming.WORK);
        assertThatCode(Priming::prime).doesNotThrowAnyException();
        assertThatCode(Priming::prime).as("again: nothing kept that a second run trips on").doesNotThrowAnyException();
    }
}
