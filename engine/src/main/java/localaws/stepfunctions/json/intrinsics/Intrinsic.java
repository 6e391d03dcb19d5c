package localaws.stepfunctions.json.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One intrinsic function of the States Language ({@code States.Format} and the rest): its name, how
 * many arguments it takes, and what it makes of their values. A function refuses a bad argument
 * with an {@link IllegalArgumentException} naming it; the caller reports it as AWS does
 * ({@code States.Runtime}). The functions are listed in {@link Functions}.
 */
public interface Intrinsic {
    /** As written in a definition, e.g. {@code States.Format}. */
    String name();

    int minArgs();

    /** {@link Integer#MAX_VALUE} for a function that takes any number. */
    int maxArgs();

    JsonNode apply(Args args);
}
