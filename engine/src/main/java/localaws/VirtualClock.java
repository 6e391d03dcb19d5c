package localaws;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The engine's time. Running, it follows the system clock plus an offset; frozen (for tests), it
 * stands still until moved. Either way it can be moved forward, never back, and whoever waits on it
 * is told when it moves.
 */
public final class VirtualClock {
    private final boolean frozen;
    private long virtualMillis; // frozen: the time; running: the offset from the system clock
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    private VirtualClock(boolean frozen, long virtualMillis) {
        this.frozen = frozen;
        this.virtualMillis = virtualMillis;
    }

    /** A clock that follows real time, starting at {@code start}. */
    public static VirtualClock running(Instant start) {
        return new VirtualClock(false, start.toEpochMilli() - System.currentTimeMillis());
    }

    /** A clock that stands still at {@code start} until advanced. */
    public static VirtualClock frozen(Instant start) {
        return new VirtualClock(true, start.toEpochMilli());
    }

    public boolean isFrozen() {
        return frozen;
    }

    public synchronized long millis() {
        return frozen ? virtualMillis : System.currentTimeMillis() + virtualMillis;
    }

    public Instant now() {
        return Instant.ofEpochMilli(millis());
    }

    /** Moves the clock to {@code target} if that is later than now; returns the time after. */
    public Instant advanceTo(Instant target) {
        synchronized (this) {
            long delta = target.toEpochMilli() - millis();
            if (delta > 0) {
                virtualMillis += delta;
            }
        }
        listeners.forEach(Runnable::run);
        return now();
    }

    public Instant advanceBy(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("the clock never moves back");
        }
        return advanceTo(now().plus(duration));
    }

    /** Tells {@code listener} each time the clock is moved forward. */
    public void onMoved(Runnable listener) {
        listeners.add(listener);
    }
}
