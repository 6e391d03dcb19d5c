package localaws.stepfunctions.engine;

import localaws.stepfunctions.json.JsonPaths;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * One line of the engine's journal, as Jackson writes and reads it: {@code {"k": kind, ...}} with
 * short field names (journals written before these types read the same). Appended as things
 * happen, rewritten whole by compaction.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "k")
@JsonSubTypes({
        @JsonSubTypes.Type(value = JournalRecord.Machine.class, name = "sm"),
        @JsonSubTypes.Type(value = JournalRecord.MachineDeleted.class, name = "smdel"),
        @JsonSubTypes.Type(value = JournalRecord.Started.class, name = "ex"),
        @JsonSubTypes.Type(value = JournalRecord.Archived.class, name = "arc"),
        @JsonSubTypes.Type(value = JournalRecord.Event.class, name = "ev"),
        @JsonSubTypes.Type(value = JournalRecord.RetryDue.class, name = "rt"),
        @JsonSubTypes.Type(value = JournalRecord.Ended.class, name = "end"),
        @JsonSubTypes.Type(value = JournalRecord.Redriven.class, name = "rd")})
sealed interface JournalRecord {
    com.fasterxml.jackson.databind.ObjectWriter WRITER = JsonPaths.MAPPER.writerFor(JournalRecord.class);
    ObjectReader READER = JsonPaths.MAPPER.readerFor(JournalRecord.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).without(DeserializationFeature.FAIL_ON_INVALID_SUBTYPE);

    /** The record as one journal line (without its newline). */
    default String line() {
        try {
            return WRITER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a journal record: " + e.getOriginalMessage(), e);
        }
    }

    /** A line read back; null if it is torn (a crash mid-write) or of a kind this engine does not know. */
    static JournalRecord read(String line) {
        try {
            return READER.readValue(line);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** A state machine created or updated. */
    record Machine(String arn, String name, @JsonProperty("def") String definition, @JsonProperty("role") String roleArn,
                   long created, long updated) implements JournalRecord {
        static Machine of(StateMachine sm) {
            return new Machine(sm.arn(), sm.name(), sm.definition().json(), sm.roleArn(), sm.createdMillis(), sm.updatedMillis());
        }
    }

    record MachineDeleted(String arn) implements JournalRecord {}

    /** An execution started ({@code x}: its number in this journal), with its redrives so far when compaction rewrites it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Started(@JsonProperty("x") long id, String arn, String name, @JsonProperty("sm") String stateMachineArn, String input,
                   @JsonProperty("start") long startMillis, @JsonProperty("tc") String testCase,
                   @JsonProperty("rc") Integer redriveCount, @JsonProperty("rdt") Long redriveMillis) implements JournalRecord {
        /** The execution as it started; its redrives so far (none: left out). */
        static Started of(Execution ex) {
            boolean redriven = ex.redriveCount() > 0;
            return new Started(ex.journalId, ex.arn(), ex.name(), ex.stateMachine().arn(), ex.input(), ex.startMillis(), ex.testCase(),
                    redriven ? ex.redriveCount() : null, redriven ? ex.redriveMillis() : null);
        }
    }

    /** An ended execution whose history is in the archive ({@code off}, {@code len}, {@code n}), as compaction writes it. */
    record Archived(@JsonProperty("x") long id, String arn, String name, @JsonProperty("sm") String stateMachineArn, String input,
                    @JsonProperty("start") long startMillis, @JsonProperty("tc") @JsonInclude(JsonInclude.Include.NON_NULL) String testCase,
                    @JsonProperty("rc") @JsonInclude(JsonInclude.Include.NON_NULL) Integer redriveCount,
                    @JsonProperty("rdt") @JsonInclude(JsonInclude.Include.NON_NULL) Long redriveMillis,
                    @JsonProperty("off") long offset, @JsonProperty("len") int length, @JsonProperty("n") int events,
                    @JsonProperty("st") String status, @JsonProperty("t") long stopMillis, @JsonProperty("o") String output,
                    @JsonProperty("e") String error, @JsonProperty("c") String cause, @JsonProperty("cur") String currentState)
            implements JournalRecord {}

    /**
     * One history event of execution {@code x}; {@code n} is the engine's own note (a token, the next
     * state, a result). Its details are {@code d} (JSON text), or, for an event with a state's input
     * or output, their parts ({@code pl} the payload, {@code pk} its field, {@code pf} the other
     * fields, {@code pn} the name): the payload is then escaped once in the line, not twice.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Event(@JsonProperty("x") long execution, long id, @JsonProperty("p") long previous, @JsonProperty("t") long timestamp,
                 @JsonProperty("ty") String type, @JsonProperty("d") String details, @JsonProperty("dp") int depth,
                 @JsonProperty("n") String note, @JsonProperty("pf") String partFields, @JsonProperty("pk") String partField,
                 @JsonProperty("pl") String partPayload, @JsonProperty("pn") String partName) implements JournalRecord {

        static Event of(long execution, HistoryEvent e) {
            return e.parts() instanceof EventDetails.Parts p
                    ? new Event(execution, e.id(), e.previousEventId(), e.timestamp(), e.type(), null, e.depth(), e.note(),
                            p.fields(), p.field(), p.payload(), p.name())
                    : new Event(execution, e.id(), e.previousEventId(), e.timestamp(), e.type(), e.details(), e.depth(), e.note(),
                            null, null, null, null);
        }

        HistoryEvent event() {
            EventDetails parts = partPayload != null && partField != null ? EventDetails.payload(partFields, partField, partPayload, partName)
                    : EventDetails.text(details);
            return new HistoryEvent(id, previous, timestamp, type, parts, depth, note);
        }
    }

    /** A retry armed for {@code due}, after failure event {@code e}. */
    record RetryDue(@JsonProperty("x") long execution, @JsonProperty("e") long afterEvent, long due) implements JournalRecord {}

    record Ended(@JsonProperty("x") long execution, @JsonProperty("st") String status, @JsonProperty("t") long stopMillis,
                 @JsonProperty("o") String output, @JsonProperty("e") String error, @JsonProperty("c") String cause) implements JournalRecord {}

    /** Redriven at {@code t}, for the {@code rc}-th time. */
    record Redriven(@JsonProperty("x") long execution, @JsonProperty("t") long when, @JsonProperty("rc") int redriveCount)
            implements JournalRecord {}
}
