package localaws.stepfunctions.engine;

/** An API error with the Step Functions error code the SDK maps to its exception type. */
public final class EngineException extends RuntimeException {
    private final String code;

    public EngineException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
