package awards.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PatienceTest {
    @Test
    void asksAfterEachPause_untilItIsSettled() {
        AtomicInteger asked = new AtomicInteger();
        Optional<String> answer = Patience.await(Duration.ofSeconds(10), () -> asked.incrementAndGet() == 3 ? Optional.of("sent") : Optional.empty());
        assertThat(answer).hasValue("sent");
        assertThat(asked.get()).isEqualTo(3);
    }

    @Test
    void givesUp_onceItsTimeHasPassed_havingAskedAfterPausesThatGrow() {
        AtomicInteger asked = new AtomicInteger();
        long start = System.nanoTime();
        Optional<String> answer = Patience.await(Duration.ofMillis(300), () -> {
            asked.incrementAndGet();
            return Optional.empty();
        });
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(answer).isEmpty();
        assertThat(tookMs).isGreaterThanOrEqualTo(300);
        // Pauses of 25, 50, 100, then what is left of 300 ms: four asks (a slow machine may fit fewer).
        assertThat(asked.get()).isBetween(1, 4);
    }

    @Test
    void zero_asksNothing() {
        AtomicInteger asked = new AtomicInteger();
        assertThat(Patience.await(Duration.ZERO, () -> Optional.of(asked.incrementAndGet()))).isEmpty();
        assertThat(asked.get()).isZero();
    }

    @Test
    void anInterrupt_endsTheWait_andIsKept() {
        Thread.currentThread().interrupt();
        assertThat(Patience.await(Duration.ofSeconds(10), Optional::empty)).isEmpty();
        assertThat(Thread.interrupted()).isTrue();
    }
}
