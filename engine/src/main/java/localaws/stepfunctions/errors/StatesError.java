package localaws.stepfunctions.errors;

/**
 * A failure with a States Language error name, as Retry and Catch match it. Built without a stack
 * trace: it is control flow, raised and caught many times a second under load.
 */
public final class StatesError extends RuntimeException {
    public static final String ALL = "States.ALL";
    public static final String RUNTIME = "States.Runtime";
    /** A JSONata expression failed, or gave a value the field cannot take: retriable and catchable, as a task's failure is. */
    public static final String QUERY_EVALUATION = "States.QueryEvaluationError";
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
    private final boolean located;
    private final boolean taskFailure;

    public StatesError(String error, String cause) {
        this(error, cause, false, false);
    }

    private StatesError(String error, String cause, boolean located, boolean taskFailure) {
        super(error + ": " + cause, null, false, false);
        this.error = error;
        this.cause = cause;
        this.located = located;
        this.taskFailure = taskFailure;
    }

    /**
     * A task's failure under a name that is terminal elsewhere: a task result over the payload
     * limit is {@code States.DataLimitExceeded}, yet the task's Retry and Catch handle it.
     */
    public static StatesError taskFailure(String error, String cause) {
        return new StatesError(error, cause, false, true);
    }

    /**
     * A {@code States.Runtime} (or JSONata {@code States.QueryEvaluationError}) error as the execution reports it: AWS prefixes its cause with the
     * state it happened in and the id of that state's entered event ("An error occurred while
     * executing the state 'A' (entered at the event id #2). Invalid path …"). Once: an enclosing
     * Parallel or Map that fails with it keeps the innermost state's words. Other errors are
     * reported as they were raised.
     */
    public StatesError locatedAt(String state, long enteredEventId) {
        if (located || !(error.equals(RUNTIME) || error.equals(QUERY_EVALUATION))) {
            return this;
        }
        return new StatesError(error, "An error occurred while executing the state '" + state + "' (entered at the event id #"
                + enteredEventId + "). " + cause, true, taskFailure);
    }

    /**
     * Whether a retrier's or catcher's {@code ErrorEquals} takes this error: its name,
     * {@code States.ALL}, or {@code States.TaskFailed} (anything but {@code States.Timeout}).
     * {@code States.Runtime} and {@code States.DataLimitExceeded} end the execution: nothing takes them.
     */
    public boolean isMatchedBy(java.util.List<String> errorEquals) {
        if (isTerminal()) {
            return false;
        }
        for (String n : errorEquals) {
            if (n.equals(error) || n.equals(ALL) || (n.equals(TASK_FAILED) && !error.equals(TIMEOUT))) {
                return true;
            }
        }
        return false;
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
        return !taskFailure && (error.equals(RUNTIME) || error.equals(DATA_LIMIT));
    }
}
