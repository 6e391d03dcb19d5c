package localaws.stepfunctions.engine;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** The task tokens handed out and not yet answered, and those that timed out. */
final class TaskTokens {
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{16,1024}");
    private final Map<String, TaskRun> waiting = new ConcurrentHashMap<>();
    private final Set<String> timedOut = ConcurrentHashMap.newKeySet();

    void register(String token, TaskRun run) {
        waiting.put(token, run);
    }

    void forget(String token) {
        if (token != null) {
            waiting.remove(token);
        }
    }

    void timedOut(String token) {
        if (token != null && waiting.remove(token) != null) {
            timedOut.add(token);
        }
    }

    java.util.Optional<TaskRun> waitingRun(String token) {
        return java.util.Optional.ofNullable(token == null ? null : waiting.get(token));
    }

    int size() {
        return waiting.size();
    }

    /** The task waiting on {@code token}, or the error AWS gives for it. */
    TaskRun find(String token) {
        if (token == null || !SHAPE.matcher(token).matches()) {
            throw new EngineException("InvalidToken", "Invalid Token: '" + (token == null ? "" : "malformed") + "'");
        }
        if (timedOut.contains(token)) {
            throw new EngineException("TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'");
        }
        TaskRun run = waiting.get(token);
        if (run == null || run.isSettled() || !run.execution().isRunning()) {
            throw new EngineException("TaskDoesNotExist", "Task Does Not Exist: 'Provided task does not exist anymore'");
        }
        return run;
    }
}
