package localaws.stepfunctions.engine;

import java.util.Map;

/**
 * One event of an execution's history, as GetExecutionHistory returns it. {@link #details()} is the
 * JSON of the type's details object (kept in {@code parts} until read); {@code depth} and
 * {@code note} are the engine's own (0 is the top level of the state machine; a note keeps what a
 * restart needs) and never leave it.
 */
public record HistoryEvent(long id, long previousEventId, long timestamp, String type, EventDetails parts, int depth, String note) {

    /** An event whose details are JSON text already (read back from the journal or the archive). */
    public HistoryEvent(long id, long previousEventId, long timestamp, String type, String details, int depth, String note) {
        this(id, previousEventId, timestamp, type, EventDetails.text(details), depth, note);
    }

    /** The details object as JSON text; empty if the event has none. */
    public String details() {
        return parts.json();
    }

    /** Events are equal when they read the same: details kept in parts equal the same details read back as text. */
    @Override
    public boolean equals(Object o) {
        return o instanceof HistoryEvent e && id == e.id && previousEventId == e.previousEventId && timestamp == e.timestamp
                && depth == e.depth && type.equals(e.type) && java.util.Objects.equals(note, e.note) && details().equals(e.details());
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(id, type, details());
    }

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
