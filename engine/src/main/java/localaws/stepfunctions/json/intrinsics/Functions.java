package localaws.stepfunctions.json.intrinsics;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every intrinsic function AWS documents for JSONPath states, by name
 * (https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html). A new function
 * is one class here and one line below.
 */
public final class Functions {
    private static final Map<String, Intrinsic> BY_NAME = Stream.of(
                    new Format(), new StringToJson(), new JsonToString(),
                    new ArrayOf(), new ArrayPartition(), new ArrayContains(), new ArrayRange(), new ArrayGetItem(), new ArrayLength(), new ArrayUnique(),
                    new Base64Encode(), new Base64Decode(), new Hash(), new JsonMerge(),
                    new MathRandom(), new MathAdd(), new StringSplit(), new Uuid())
            .collect(Collectors.toUnmodifiableMap(Intrinsic::name, Function.identity()));

    private Functions() {}

    /** The function of that name ({@code States.Format}), if there is one. */
    public static Optional<Intrinsic> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }
}
