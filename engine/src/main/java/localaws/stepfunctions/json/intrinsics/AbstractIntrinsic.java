package localaws.stepfunctions.json.intrinsics;

/** A function's name and arity, given once by each function's class. */
abstract class AbstractIntrinsic implements Intrinsic {
    private final String name;
    private final int minArgs;
    private final int maxArgs;

    AbstractIntrinsic(String name, int minArgs, int maxArgs) {
        this.name = name;
        this.minArgs = minArgs;
        this.maxArgs = maxArgs;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int minArgs() {
        return minArgs;
    }

    @Override
    public final int maxArgs() {
        return maxArgs;
    }
}
