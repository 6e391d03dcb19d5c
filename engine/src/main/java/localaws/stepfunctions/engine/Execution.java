package localaws.stepfunctions.engine;

import localaws.stepfunctions.asl.StateMachineDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** One execution: what it was started with, where it stands, and its history. */
public final class Execution {
    public enum Status { RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED }

    private final String arn;
    private final String name;
    private final StateMachine stateMachine;
    private final StateMachineDefinition definition;
    private final String input;
    private final long startMillis;
    private final String testCase;
    private final List<HistoryEvent> events = new ArrayList<>(8);
    private Map<String, AtomicInteger> mockInvocations; // only for mock test cases
    long journalId;
    private volatile Status status = Status.RUNNING;
    private volatile long stopMillis;
    private volatile String output;
    private volatile String error;
    private volatile String cause;
    private volatile String currentState;
    /** {@code $$.Execution}, built on first use. */
    volatile com.fasterxml.jackson.databind.JsonNode contextExecution;

    Execution(String arn, String name, StateMachine stateMachine, String input, long startMillis, String testCase) {
        this.arn = arn;
        this.name = name;
        this.stateMachine = stateMachine;
        this.definition = stateMachine.definition();
        this.input = input;
        this.startMillis = startMillis;
        this.testCase = testCase;
    }

    public String arn() { return arn; }
    public String name() { return name; }
    public StateMachine stateMachine() { return stateMachine; }
    public StateMachineDefinition definition() { return definition; }
    public String input() { return input; }
    public long startMillis() { return startMillis; }
    public String testCase() { return testCase; }
    public Status status() { return status; }
    public long stopMillis() { return stopMillis; }
    public String output() { return output; }
    public String error() { return error; }
    public String cause() { return cause; }
    /** The top-level state it is in, or was in last. */
    public String currentState() { return currentState; }

    void currentState(String state) {
        this.currentState = state;
    }

    synchronized int nextMockInvocation(String state) {
        if (mockInvocations == null) {
            mockInvocations = new java.util.HashMap<>();
        }
        return mockInvocations.computeIfAbsent(state, k -> new AtomicInteger()).getAndIncrement();
    }

    public boolean isRunning() {
        return status == Status.RUNNING;
    }

    /** Adds an event; the caller holds this execution's lock (every writer of its history does, to number events in order). */
    HistoryEvent append(long previousEventId, long timestamp, String type, EventDetails details, int depth, String note) {
        assert Thread.holdsLock(this) : "append without the execution's lock";
        HistoryEvent e = new HistoryEvent(events.size() + 1, previousEventId, timestamp, type, details, depth, note);
        events.add(e);
        if (depth == 0 && type.endsWith("StateEntered")) {
            currentState = note;
        }
        return e;
    }

    /** Puts back an event read from the journal. */
    synchronized void restore(HistoryEvent e) {
        if (archived != null) {
            return;
        }
        events.add(e);
        if (e.depth() == 0 && e.type().endsWith("StateEntered")) {
            currentState = e.note();
        }
    }

    /** Made on the first retry (most executions never retry; many thousands may be parked at once). */
    private volatile Map<Long, Long> retryDue = Map.of();

    /** The instant a retry was armed for, after the failure event {@code eventId}; 0 if none was kept. */
    long retryDue(long eventId) {
        return retryDue.getOrDefault(eventId, 0L);
    }

    synchronized void retryDue(long eventId, long due) {
        if (retryDue.isEmpty()) {
            retryDue = new java.util.concurrent.ConcurrentHashMap<>();
        }
        retryDue.put(eventId, due);
    }

    /** Set when an ended execution's history was moved to the archive: read from there when asked for. */
    private HistoryArchive archive;
    private HistoryArchive.Ref archived;

    public synchronized List<HistoryEvent> history() {
        return archived != null ? archive.read(archived) : List.copyOf(events);
    }

    public synchronized int historySize() {
        return archived != null ? archived.events() : events.size();
    }

    /** Its history now lies in {@code archive}: the copy in memory goes. */
    synchronized void archived(HistoryArchive archive, HistoryArchive.Ref ref) {
        this.archive = archive;
        this.archived = ref;
        events.clear();
        retryDue = Map.of();
    }

    synchronized boolean isArchived() {
        return archived != null;
    }

    synchronized HistoryArchive.Ref archiveRef() {
        return archived;
    }

    /** The retries armed and kept, by failure event: for a compacted journal. */
    Map<Long, Long> retriesDue() {
        return Map.copyOf(retryDue);
    }

    private volatile int redriveCount;
    private volatile long redriveMillis;
    /** The client token of the last redrive, so the same request again changes nothing. */
    private volatile String redriveToken;

    /** How many times it was redriven (RedriveExecution). */
    public int redriveCount() {
        return redriveCount;
    }

    /** When it was last redriven; 0 if never. */
    public long redriveMillis() {
        return redriveMillis;
    }

    String redriveToken() {
        return redriveToken;
    }

    /** When this attempt started: the start, or the last redrive. */
    long attemptStartMillis() {
        return redriveMillis > 0 ? redriveMillis : startMillis();
    }

    /**
     * Runs an ended execution again (RedriveExecution): running, with no stop, output or error, one
     * more redrive counted. Returns false if it was running already.
     */
    synchronized boolean reopen(long when, int count, String token) {
        if (status == Status.RUNNING) {
            return false;
        }
        this.stopMillis = 0;
        this.output = null;
        this.error = null;
        this.cause = null;
        this.redriveCount = count;
        this.redriveMillis = when;
        this.redriveToken = token;
        this.contextExecution = null;
        this.status = Status.RUNNING;
        return true;
    }

    /** Restored from the journal: redriven {@code count} times, last at {@code when}. */
    void redriven(int count, long when) {
        this.redriveCount = count;
        this.redriveMillis = when;
    }

    /** Its history back in memory from the archive (an archived execution redriven). */
    synchronized void unarchive() {
        if (archived == null) {
            return;
        }
        List<HistoryEvent> back = archive.read(archived);
        archived = null;
        archive = null;
        events.clear();
        events.addAll(back);
    }

    /** Ends the execution if it is still running; returns false if it had already ended. */
    synchronized boolean end(Status finalStatus, long when, String output, String error, String cause) {
        if (status != Status.RUNNING) {
            return false;
        }
        // Status last: a reader that sees the execution ended (the fields are read without the lock)
        // must see its output, error and cause too; status first let one see SUCCEEDED with no output.
        this.stopMillis = when;
        this.output = output;
        this.error = error;
        this.cause = cause;
        this.status = finalStatus;
        return true;
    }
}
