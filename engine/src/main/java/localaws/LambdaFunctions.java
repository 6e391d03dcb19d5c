package localaws;

import localaws.stepfunctions.errors.StatesError;

/**
 * Where Lambda tasks go. The local runtime resolves names to in-process handlers; a standalone
 * engine has none and answers every call with {@code Lambda.ResourceNotFoundException}.
 */
public interface LambdaFunctions {
    /** What a function returned: its payload, and the function error ("Unhandled") if it failed. */
    record Result(byte[] payload, String functionError) {}

    /**
     * Invokes a function by name or ARN. Throws {@link StatesError} for a failure of the Lambda
     * service itself (no such function, throttling), which AWS reports under Lambda's error names.
     */
    Result invoke(String functionNameOrArn, byte[] payload);

    LambdaFunctions NONE = (name, payload) -> {
        throw new StatesError("Lambda.ResourceNotFoundException", "Function not found: " + name
                + " (this engine runs without Lambda functions; give it some, or a mock config)");
    };
}
