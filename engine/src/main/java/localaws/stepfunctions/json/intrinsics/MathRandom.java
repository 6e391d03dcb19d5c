package localaws.stepfunctions.json.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/** {@code States.MathRandom(start, end[, seed])}: a whole number from start up to, not including, end. */
final class MathRandom extends AbstractIntrinsic {
    MathRandom() {
        super("States.MathRandom", 2, 3);
    }

    @Override
    public JsonNode apply(Args a) {
        int start = a.integer(0);
        int end = a.integer(1);
        if (end <= start) {
            throw new IllegalArgumentException("the end must be greater than the start");
        }
        Random random = a.size() == 3 ? new Random(a.integer(2)) : ThreadLocalRandom.current();
        return Args.NODES.numberNode(start + random.nextInt(end - start));
    }
}
