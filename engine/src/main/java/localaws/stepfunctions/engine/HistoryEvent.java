package localaws.stepfunctions.engine;

import java.util.Map;

/**
 * One event of an execution's history, as GetExecutionHistory returns it. {@code details} is the
 * JSON of the type's details object; {@code depth} and {@code note} are the engine's own (0 is the
 * top level of the state machine; a note keeps what a restart needs) and never leave it.
 */
public record HistoryEvent(long id, long previousEventId, long timestamp, String type, String details, int depth, String note) {

    private static final Map<String, String> DETAILS_FIELD = Map.ofEntries(
            Map.entry("ExecutionStarted", "executionStartedEventDetails"),
            Map.entry("EvaluationFailed", "evaluationFailedEventDetails"),
            Map.entry("ExecutionSucceeded", "executionSucceededEventDetails"),
            Map.entry("ExecutionFailed", "executionFailedEventDetails"),
            Map.entry("ExecutionAborted", "executionAbortedEventDetails"),
            Map.entry("ExecutionTimedOut", "executionTimedOutEventDetails"),
            Map.entry("ExecutionRedriven", "executionRedrivenEventDetails"),
            Map.entry("TaskScheduled", "taskScheduledEventDetails"),
            Map.entry("TaskStarted", "taskStartedEventDetails"),
            Map.entry("TaskSubmitted", "taskSubmittedEventDetails"),
            Map.entry("TaskSucceeded", "taskSucceededEventDetails"),
            Map.entry("TaskFailed", "taskFailedEventDetails"),
            Map.entry("TaskTimedOut", "taskTimedOutEventDetails"),
            Map.entry("LambdaFunctionScheduled", "lambdaFunctionScheduledEventDetails"),
            Map.entry("LambdaFunctionStarted", ""),
            Map.entry("LambdaFunctionSucceeded", "lambdaFunctionSucceededEventDetails"),
            Map.entry("LambdaFunctionFailed", "lambdaFunctionFailedEventDetails"),
            Map.entry("LambdaFunctionTimedOut", "lambdaFunctionTimedOutEventDetails"),
            Map.entry("MapStateStarted", "mapStateStartedEventDetails"),
            Map.entry("MapIterationStarted", "mapIterationStartedEventDetails"),
            Map.entry("MapIterationSucceeded", "mapIterationSucceededEventDetails"),
            Map.entry("MapIterationFailed", "mapIterationFailedEventDetails"),
            Map.entry("MapIterationAborted", "mapIterationAbortedEventDetails"));

    /** The name of the details field for this type: {@code stateEnteredEventDetails} and so on. */
    public String detailsField() {
        if (type.endsWith("StateEntered")) {
            return "stateEnteredEventDetails";
        }
        if (type.endsWith("StateExited")) {
            return "stateExitedEventDetails";
        }
        return DETAILS_FIELD.getOrDefault(type, "");
    }
}
