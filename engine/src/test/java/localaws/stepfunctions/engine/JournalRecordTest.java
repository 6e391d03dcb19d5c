package localaws.stepfunctions.engine;

import static org.assertj.core.api.Assertions.assertThat;

import localaws.stepfunctions.json.JsonPaths;
import org.junit.jupiter.api.Test;

/**
 * The journal's typed records read the lines the engine wrote before they were typed (a data
 * folder from an earlier version restarts on this one), and write the same shape back.
 */
class JournalRecordTest {
    @Test
    void linesWrittenBeforeTheTypes_readAsTheirRecords_andWriteBackTheSame() throws Exception {
        String[] lines = {
            "{\"k\":\"sm\",\"arn\":\"arn:aws:states:us-east-1:123456789012:stateMachine:m\",\"name\":\"m\",\"def\":\"{}\",\"role\":\"r\",\"created\":1,\"updated\":2}",
            "{\"k\":\"smdel\",\"arn\":\"arn:aws:states:us-east-1:123456789012:stateMachine:m\"}",
            "{\"k\":\"ex\",\"x\":7,\"arn\":\"a\",\"name\":\"n\",\"sm\":\"s\",\"input\":\"{}\",\"start\":10}",
            "{\"k\":\"ev\",\"x\":7,\"id\":3,\"p\":2,\"t\":11,\"ty\":\"TaskScheduled\",\"d\":\"{}\",\"dp\":1,\"n\":\"token\"}",
            "{\"k\":\"ev\",\"x\":7,\"id\":4,\"p\":3,\"t\":12,\"ty\":\"TaskStarted\",\"d\":\"\",\"dp\":1}",
            "{\"k\":\"rt\",\"x\":7,\"e\":4,\"due\":99}",
            "{\"k\":\"end\",\"x\":7,\"st\":\"FAILED\",\"t\":13,\"o\":null,\"e\":\"E\",\"c\":\"C\"}",
            "{\"k\":\"arc\",\"x\":7,\"arn\":\"a\",\"name\":\"n\",\"sm\":\"s\",\"input\":\"{}\",\"start\":10,\"off\":0,\"len\":20,\"n\":4,"
                    + "\"st\":\"FAILED\",\"t\":13,\"o\":null,\"e\":\"E\",\"c\":\"C\",\"cur\":\"Send\"}",
            "{\"k\":\"rd\",\"x\":7,\"t\":20,\"rc\":1}"};
        for (String line : lines) {
            JournalRecord r = JournalRecord.read(line);
            assertThat(r).as(line).isNotNull();
            assertThat(JsonPaths.MAPPER.readTree(r.line())).as(line).isEqualTo(JsonPaths.MAPPER.readTree(line));
        }
        assertThat(JournalRecord.read("{\"k\":\"ev\",\"x\":7,\"id\":3,\"p\"")).as("a torn line").isNull();
        assertThat(JournalRecord.read("{\"k\":\"later\",\"x\":7}")).as("a kind from a later version").isNull();
        JournalRecord.Event e = (JournalRecord.Event) JournalRecord.read(lines[3]);
        assertThat(e.note()).isEqualTo("token");
        assertThat(e.depth()).isEqualTo(1);
    }

    /** An event with a state's input or output keeps it in parts, escaped once, and reads back the same event. */
    @Test
    void anEventsPayload_isEscapedOnceInItsLine_andReadsBackAsTheSameEvent() {
        String input = "{\"nominee\":\"Ada Lovelace\",\"n\":[1,2]}";
        HistoryEvent entered = new HistoryEvent(5, 4, 1000, "PassStateEntered", EventDetails.payload(null, "input", input, "Prepare"), 0, "Prepare");
        HistoryEvent exited = new HistoryEvent(6, 5, 1001, "PassStateExited",
                EventDetails.payload("{\"assignedVariables\":{\"a\":\"1\"}}", "output", input, "Prepare"), 0, "Next");
        for (HistoryEvent event : new HistoryEvent[] {entered, exited}) {
            String line = JournalRecord.Event.of(7, event).line();
            assertThat(line).as("the payload escaped once").contains("\\\"nominee\\\"").doesNotContain("\\\\");
            HistoryEvent back = ((JournalRecord.Event) JournalRecord.read(line)).event();
            assertThat(back).isEqualTo(event);
            assertThat(back.details()).isEqualTo(event.details());
        }
        HistoryEvent quoted = new HistoryEvent(8, 7, 1002, "TaskSucceeded",
                EventDetails.payload("{}", "output", "{\"s\":\"a \\\"quoted\\\" \\u0001 word\"}", null), 0, null);
        assertThat(((JournalRecord.Event) JournalRecord.read(JournalRecord.Event.of(7, quoted).line())).event()).isEqualTo(quoted);
    }
}
