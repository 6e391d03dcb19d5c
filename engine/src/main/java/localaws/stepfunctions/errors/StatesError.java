package localaws.stepfunctions.errors;

/**
 * A failure with a States Language error name, as Retry and Catch match it. Built without a stack
 * trace: it is control flow, raised and caught many times a second under load.
 */
public final class StatesError extends RuntimeException {
    public static final String ALL = "States.ALL";
    public static final String RUNTIME = "States.Runtime";
    public static final String TASK_FAILED = "States.TaskFailed";
    public static final String TIMEOUT = "States.Timeout";
    public static final String HEARTBEAT_TIMEOUT = "States.HeartbeatTimeout";
    public static final String DATA_LIMIT = "States.DataLimitExceeded";
    public static final String NO_CHOICE = "States.NoChoiceMatched";
    public static final String INTRINSIC = "States.IntrinsicFailure";
    public static final String PARAMETER_PATH = "States.ParameterPathFailure";
    public static final String RESULT_PATH = "States.ResultPathMatchFailure";
    public static final String BRANCH_FAILED = "States.BranchFailed";
    public static final String TOLERATED_FAILURE = "States.ExceedToleratedFailureThreshold";

    private final String error;
    private final String cause;

    public StatesError(String error, String cause) {
        super(error + ": " + cause, null, false, false);
        this.error = error;
        this.cause = cause;
    }

    public static StatesError runtime(String cause) {
        return new StatesError(RUNTIME, cause);
    }

    public String error() {
        return error;
    }

    public String cause() {
        return cause;
    }

    /** Terminal errors end the execution: no Retry or Catch, not even States.ALL, handles them. */
    public boolean isTerminal() {
        return error.equals(RUNTIME) || error.equals(DATA_LIMIT);
    }
}
