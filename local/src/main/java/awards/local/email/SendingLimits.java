package awards.local.email;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * An SES account's sending quotas: the maximum send rate (messages per second, real time) and the
 * 24-hour quota (on the runtime's clock, so a test can move past it). Out of the sandbox the rate
 * is settable (SES's default for a new production account is 14/s) and the daily quota is not
 * enforced locally; in the sandbox SES allows 1 message per second and 200 per 24 hours
 * (https://docs.aws.amazon.com/ses/latest/dg/manage-sending-quotas.html).
 */
public final class SendingLimits {
    public static final double DEFAULT_RATE = 14;
    public static final double SANDBOX_RATE = 1;
    public static final int SANDBOX_DAILY_QUOTA = 200;

    /** What the limits say of one more message. */
    public enum Verdict { SEND, RATE_EXCEEDED, DAILY_QUOTA_EXCEEDED }

    private final double rate;
    private final int dailyQuota;
    private final LongSupplier nanos;
    private double tokens;
    private long refilledAt;
    private final Deque<Instant> lastDay = new ArrayDeque<>();

    /** {@code rate} 0 or less: no rate limit; {@code dailyQuota} 0 or less: no daily quota. */
    public SendingLimits(double rate, int dailyQuota, LongSupplier nanos) {
        this.rate = rate;
        this.dailyQuota = dailyQuota;
        this.nanos = nanos;
        this.tokens = Math.max(1, rate);
        this.refilledAt = nanos.getAsLong();
    }

    public static SendingLimits of(boolean sandbox, double rate) {
        return sandbox ? new SendingLimits(Math.min(rate, SANDBOX_RATE), SANDBOX_DAILY_QUOTA, System::nanoTime)
                : new SendingLimits(rate, 0, System::nanoTime);
    }

    public double rate() {
        return rate;
    }

    public int dailyQuota() {
        return dailyQuota;
    }

    /** Takes one message's share, or says which limit it would break (and takes nothing). */
    public synchronized Verdict take(Instant now) {
        if (dailyQuota > 0) {
            while (!lastDay.isEmpty() && !lastDay.peekFirst().isAfter(now.minus(Duration.ofHours(24)))) {
                lastDay.removeFirst();
            }
            if (lastDay.size() >= dailyQuota) {
                return Verdict.DAILY_QUOTA_EXCEEDED;
            }
        }
        if (rate > 0) {
            long t = nanos.getAsLong();
            tokens = Math.min(Math.max(1, rate), tokens + (t - refilledAt) / 1e9 * rate);
            refilledAt = t;
            if (tokens < 1) {
                return Verdict.RATE_EXCEEDED;
            }
            tokens -= 1;
        }
        if (dailyQuota > 0) {
            lastDay.addLast(now);
        }
        return Verdict.SEND;
    }

    public synchronized int sentLast24Hours(Instant now) {
        return (int) lastDay.stream().filter(i -> i.isAfter(now.minus(Duration.ofHours(24)))).count();
    }
}
