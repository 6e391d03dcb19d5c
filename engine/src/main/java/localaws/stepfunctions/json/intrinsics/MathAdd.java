package localaws.stepfunctions.json.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code States.MathAdd(a, b)}: the sum of the two numbers, each first rounded as AWS rounds. */
final class MathAdd extends AbstractIntrinsic {
    MathAdd() {
        super("States.MathAdd", 2, 2);
    }

    @Override
    public JsonNode apply(Args a) {
        return Args.whole(a.rounded(0) + a.rounded(1));
    }
}
