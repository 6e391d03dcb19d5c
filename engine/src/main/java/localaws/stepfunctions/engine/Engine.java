package localaws.stepfunctions.engine;

import localaws.VirtualClock;
import localaws.LambdaFunctions;

import localaws.stepfunctions.asl.DefinitionParser;
import localaws.stepfunctions.asl.InvalidDefinitionException;
import localaws.stepfunctions.asl.StateMachineDefinition;
import localaws.stepfunctions.json.JsonPaths;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The Step Functions engine: state machines, executions, task tokens and time, behind the
 * operations of the Step Functions API. With a data folder every change is journalled and a restart
 * carries on every running execution; without one it keeps everything in memory.
 */
public final class Engine implements AutoCloseable {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");

    /** How to build an engine; the defaults are Step Functions Local's. */
    /**
     * {@code jitter}: where a retrier's full jitter draws from, uniform in [0, 1) (a test gives a
     * fixed one and asserts the exact delay).
     */
    public record Options(String region, String account, VirtualClock clock, LambdaFunctions functions,
                          MockConfig mockConfig, Path dataDir, int threads, int lambdaThreads, double waitTimeScale,
                          java.util.function.DoubleSupplier jitter) {
        public static Options inMemory(VirtualClock clock) {
            return new Options("us-east-1", "123456789012", clock, LambdaFunctions.NONE, MockConfig.empty(), null,
                    Math.max(2, Runtime.getRuntime().availableProcessors()), 64, 1.0, () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble());
        }

        public Options withJitter(java.util.function.DoubleSupplier j) {
            return new Options(region, account, clock, functions, mockConfig, dataDir, threads, lambdaThreads, waitTimeScale, j);
        }

        public Options withFunctions(LambdaFunctions f) {
            return new Options(region, account, clock, f, mockConfig, dataDir, threads, lambdaThreads, waitTimeScale, jitter);
        }

        public Options withDataDir(Path dir) {
            return new Options(region, account, clock, functions, mockConfig, dir, threads, lambdaThreads, waitTimeScale, jitter);
        }

        public Options withMockConfig(MockConfig m) {
            return new Options(region, account, clock, functions, m, dataDir, threads, lambdaThreads, waitTimeScale, jitter);
        }

        public Options withRegion(String r, String a) {
            return new Options(r, a, clock, functions, mockConfig, dataDir, threads, lambdaThreads, waitTimeScale, jitter);
        }

        public Options withWaitTimeScale(double scale) {
            return new Options(region, account, clock, functions, mockConfig, dataDir, threads, lambdaThreads, scale, jitter);
        }
    }

    private final Options options;
    private final ExecutorService executor;
    private final ExecutorService lambdaExecutor;
    private final Timers timers;
    private final TaskTokens tokens = new TaskTokens();
    private final Interpreter interpreter = new Interpreter(this);
    private final Map<String, StateMachine> machines = new ConcurrentHashMap<>();
    private final Map<String, Execution> executions = new ConcurrentHashMap<>();
    private final AtomicLong nextJournalId = new AtomicLong();
    private final AtomicLong transitions = new AtomicLong();
    private final List<Consumer<Execution>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Journal journal;
    private final HistoryArchive archive;

    private final java.util.concurrent.atomic.AtomicBoolean resumed = new java.util.concurrent.atomic.AtomicBoolean();

    public Engine(Options options) {
        this(options, true);
    }

    /**
     * {@code resumeNow} false: the journal is read, but the executions it holds as running wait
     * for {@link #resumeRecovered()}; a host that starts other services first (and would have them
     * compete with the resumed work for the processor) resumes them once those are up. True: they
     * are resumed before the constructor returns.
     */
    public Engine(Options options, boolean resumeNow) {
        this.options = options;
        this.executor = new java.util.concurrent.ForkJoinPool(options.threads(), pool -> {
            java.util.concurrent.ForkJoinWorkerThread t = java.util.concurrent.ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            t.setName("sfn-step-" + t.getPoolIndex());
            return t;
        }, null, true);
        this.lambdaExecutor = Executors.newFixedThreadPool(options.lambdaThreads(), Thread.ofPlatform().daemon().name("sfn-lambda-", 0).factory());
        this.steps = counted(executor);
        this.calls = counted(lambdaExecutor);
        this.timers = new Timers(options.clock(), steps);
        if (options.dataDir() != null) {
            Path file = options.dataDir().resolve("stepfunctions.journal");
            this.archive = new HistoryArchive(options.dataDir().resolve("stepfunctions.archive"));
            long t0 = System.nanoTime();
            long size = file.toFile().length();
            JournalReplay replay = new JournalReplay(file, archive, machines, executions, nextJournalId);
            replay.replay();
            long t1 = System.nanoTime();
            replay.compact();
            this.start = new StartFigures(size, (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9,
                    (int) executions.values().stream().filter(Execution::isRunning).count(), -1);
            this.journal = new Journal(file);
            if (resumeNow) {
                resumeRecovered();
                recovered.join();
            }
        } else {
            this.journal = null;
            this.archive = null;
            this.start = new StartFigures(0, 0, 0, 0, 0);
            this.recovered.complete(start);
        }
    }

    /**
     * What this engine's start read from its journal and how long reading and compacting it took;
     * {@code resumeSeconds} is how long resuming the running executions took, -1 until they are.
     */
    public record StartFigures(long journalBytes, double readSeconds, double compactSeconds, int running, double resumeSeconds) {
        StartFigures resumed(int count, double seconds) {
            return new StartFigures(journalBytes, readSeconds, compactSeconds, count, seconds);
        }

        @Override
        public String toString() {
            return String.format("journal %.1f MB read in %.1f s, compacted in %.1f s, %d running", journalBytes / 1e6, readSeconds, compactSeconds, running)
                    + (resumeSeconds < 0 ? "" : String.format(", resumed in %.1f s", resumeSeconds));
        }
    }

    private volatile StartFigures start;

    public StartFigures startFigures() {
        return start;
    }

    /** Complete once every execution the journal held as running has been resumed (at once without a journal). */
    private final CompletableFuture<StartFigures> recovered = new CompletableFuture<>();

    /**
     * Resumes every execution the journal held as running, once (see the constructor), on a thread
     * of its own: a thousand executions take about a second, and a host need not wait for them to
     * serve. What needs a resumed execution (a task token's answer, a stop, a redrive) waits until
     * they all are, so no call finds a token that has not come back yet; {@link #awaitIdle} counts
     * the resuming as work.
     */
    public void resumeRecovered() {
        if (journal == null || !resumed.compareAndSet(false, true)) {
            return;
        }
        List<Execution> running = executions.values().stream().filter(Execution::isRunning)
                .sorted(Comparator.comparingLong(ex -> ex.journalId)).toList();
        inFlight.incrementAndGet();
        Thread.ofPlatform().daemon().name("sfn-resume").start(() -> {
            long t0 = System.nanoTime();
            try {
                for (Execution ex : running) {
                    try {
                        interpreter.resume(ex);
                    } catch (RuntimeException e) {
                        if (executor.isShutdown()) {
                            break; // the engine is closing
                        }
                        System.err.println("Step Functions engine: could not resume " + ex.arn() + ": " + e);
                    }
                }
            } finally {
                start = start.resumed(running.size(), (System.nanoTime() - t0) / 1e9);
                recovered.complete(start);
                done();
            }
        });
    }

    /** Completes with this start's figures once every recovered execution has been resumed. */
    public CompletableFuture<StartFigures> recovered() {
        return recovered;
    }

    /** Waits until the recovered executions are resumed (resuming them now if the host has not yet). */
    private void awaitResumed() {
        if (!recovered.isDone()) {
            resumeRecovered();
            recovered.join();
        }
    }

    // ---- wiring for the interpreter --------------------------------------------------------------

    VirtualClock clock() { return options.clock(); }
    public VirtualClock engineClock() { return options.clock(); }
    /** Where steps run: counted, so {@link #awaitIdle} knows when nothing is left to do. */
    java.util.concurrent.Executor executor() { return steps; }

    /** Whether the calling thread is one of this engine's step threads. */
    boolean onStepThread() {
        return Thread.currentThread() instanceof java.util.concurrent.ForkJoinWorkerThread w && w.getPool() == executor;
    }
    java.util.concurrent.Executor lambdaExecutor() { return calls; }

    private final Object idleLock = new Object();
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.Executor steps;
    private final java.util.concurrent.Executor calls;

    /** An executor that counts what it was given until it has run (a rejected task, at shutdown, is not counted). */
    private java.util.concurrent.Executor counted(ExecutorService pool) {
        return task -> {
            inFlight.incrementAndGet();
            try {
                pool.execute(() -> {
                    try {
                        task.run();
                    } finally {
                        done();
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                done();
                throw e;
            }
        };
    }

    private void done() {
        if (inFlight.decrementAndGet() == 0) {
            synchronized (idleLock) {
                idleLock.notifyAll();
            }
        }
    }

    /**
     * Waits until the engine has nothing to do now: no step or task call running or queued, and no
     * timer due on its clock (a frozen clock's timers wait until it is moved). Returns false if it
     * was still busy at {@code timeout}. Tests use it in place of sleeping and polling.
     */
    public boolean awaitIdle(java.time.Duration timeout) {
        long until = System.nanoTime() + timeout.toNanos();
        synchronized (idleLock) {
            while (inFlight.get() > 0 || timers.hasDue()) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    // A due timer is handed to the executor by the timer thread: look again shortly.
                    idleLock.wait(Math.max(1, Math.min(java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(left), 5)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }
    Timers timers() { return timers; }
    TaskTokens tokens() { return tokens; }
    LambdaFunctions functions() { return options.functions(); }
    MockConfig mockConfig() { return options.mockConfig(); }
    /** A draw for a retrier's full jitter, uniform in [0, 1). */
    double jitter() { return options.jitter().getAsDouble(); }
    String region() { return options.region(); }
    String account() { return options.account(); }

    long scaledDue(long enteredMillis, long dueMillis) {
        if (options.waitTimeScale() == 1.0 || dueMillis <= enteredMillis) {
            return dueMillis;
        }
        return enteredMillis + Math.round((dueMillis - enteredMillis) * options.waitTimeScale());
    }

    void appended(Execution ex, HistoryEvent e) {
        if (e.type().endsWith("StateEntered")) {
            transitions.incrementAndGet();
        }
        if (journal != null) {
            journal.append(JournalRecord.Event.of(ex.journalId, e).line());
        }
        if (e.depth() == 0 && !listeners.isEmpty()) {
            listeners.forEach(l -> l.accept(ex));
        }
    }

    /** A retry armed for {@code due}, after the event {@code afterEventId}: journalled, so a restart keeps the instant. */
    void retryArmed(Execution ex, long afterEventId, long due) {
        ex.retryDue(afterEventId, due);
        if (journal != null) {
            journal.append(new JournalRecord.RetryDue(ex.journalId, afterEventId, due).line());
        }
    }

    void ended(Execution ex) {
        if (journal != null) {
            journal.append(new JournalRecord.Ended(ex.journalId, ex.status().name(), ex.stopMillis(), ex.output(), ex.error(), ex.cause()).line());
        }
    }

    /** Called after each top-level event of any execution: the console's live view. */
    public void onChange(Consumer<Execution> listener) {
        listeners.add(listener);
    }

    private void durable() {
        if (journal != null) {
            journal.sync().join();
        }
    }

    // ---- state machines ------------------------------------------------------------------------

    public String stateMachineArn(String name) {
        return "arn:aws:states:" + options.region() + ":" + options.account() + ":stateMachine:" + name;
    }

    public synchronized StateMachine createStateMachine(String name, String definition, String roleArn, String type) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new EngineException("InvalidName", "Invalid Name: '" + name + "'");
        }
        if (type != null && !type.equals("STANDARD")) {
            throw new EngineException("ValidationException", "this engine runs STANDARD state machines; EXPRESS is not supported");
        }
        StateMachineDefinition parsed = parse(definition);
        requireMocks(name, parsed.graph());
        String arn = stateMachineArn(name);
        StateMachine existing = machines.get(arn);
        if (existing != null) {
            if (existing.definition().json().equals(definition) && java.util.Objects.equals(existing.roleArn(), roleArn)) {
                return existing;
            }
            throw new EngineException("StateMachineAlreadyExists", "State Machine Already Exists: '" + arn + "'");
        }
        long now = options.clock().millis();
        StateMachine sm = new StateMachine(arn, name, parsed, roleArn == null ? "arn:aws:iam::" + options.account() + ":role/DummyRole" : roleArn,
                "STANDARD", now, now);
        machines.put(arn, sm);
        journalMachine(sm);
        durable();
        return sm;
    }

    /**
     * An SQS or SNS task runs only on mocked responses: without a test case of the mock config that
     * mocks it, the definition is refused, as one with a resource this engine cannot call.
     */
    private void requireMocks(String name, localaws.stepfunctions.asl.Graph graph) {
        java.util.List<String> unmocked = new java.util.ArrayList<>();
        unmocked(name, graph, unmocked);
        if (!unmocked.isEmpty()) {
            java.util.Collections.sort(unmocked);
            throw new EngineException("InvalidDefinition", "Invalid State Machine Definition: 'INVALID_RESOURCE: this engine calls no SQS or SNS, "
                    + "and no test case of the mock config (--mock-config) for state machine '" + name + "' mocks " + String.join(", ", unmocked) + "'");
        }
    }

    private void unmocked(String name, localaws.stepfunctions.asl.Graph graph, java.util.List<String> out) {
        for (var e : graph.states().entrySet()) {
            switch (e.getValue()) {
                case localaws.stepfunctions.asl.State.Task t when t.kind().mockedOnly() && !options.mockConfig().mocksState(name, e.getKey()) ->
                        out.add("state '" + e.getKey() + "' (The resource provided " + t.resource() + " is not supported by this engine)");
                case localaws.stepfunctions.asl.State.Parallel p -> p.branches().forEach(b -> unmocked(name, b, out));
                case localaws.stepfunctions.asl.State.MapState m -> unmocked(name, m.processor(), out);
                default -> { }
            }
        }
    }

    public synchronized StateMachine updateStateMachine(String arn, String definition, String roleArn) {
        StateMachine sm = stateMachine(arn);
        StateMachineDefinition parsed = definition == null ? sm.definition() : parse(definition);
        requireMocks(sm.name(), parsed.graph());
        StateMachine updated = new StateMachine(arn, sm.name(), parsed, roleArn == null ? sm.roleArn() : roleArn, sm.type(),
                sm.createdMillis(), options.clock().millis());
        machines.put(arn, updated);
        journalMachine(updated);
        durable();
        return updated;
    }

    public synchronized void deleteStateMachine(String arn) {
        stateMachine(arn);
        machines.remove(arn);
        if (journal != null) {
            journal.append(new JournalRecord.MachineDeleted(arn).line());
        }
        durable();
    }

    private void journalMachine(StateMachine sm) {
        if (journal != null) {
            journal.append(JournalRecord.Machine.of(sm).line());
        }
    }

    private static StateMachineDefinition parse(String definition) {
        if (definition == null) {
            throw new EngineException("InvalidDefinition", "Invalid State Machine Definition: 'a definition is required'");
        }
        try {
            return DefinitionParser.parse(definition);
        } catch (InvalidDefinitionException e) {
            throw new EngineException("InvalidDefinition", e.getMessage());
        }
    }

    public StateMachine stateMachine(String arn) {
        if (arn == null || !arn.startsWith("arn:aws:states:") || !arn.contains(":stateMachine:")) {
            throw new EngineException("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: " + arn + "'");
        }
        StateMachine sm = machines.get(arn);
        if (sm == null) {
            throw new EngineException("StateMachineDoesNotExist", "State Machine Does Not Exist: '" + arn + "'");
        }
        return sm;
    }

    public List<StateMachine> stateMachines() {
        return machines.values().stream().sorted(Comparator.comparing(StateMachine::name)).toList();
    }

    // ---- executions ----------------------------------------------------------------------------

    /**
     * StartExecution. {@code stateMachineArn#TestCase} runs a test case of the mock config. A name
     * already used with the same input while it runs returns that execution (Standard's rule);
     * otherwise it is {@code ExecutionAlreadyExists}.
     */
    public Execution startExecution(String stateMachineArn, String name, String input) {
        String testCase = null;
        if (stateMachineArn != null && stateMachineArn.contains("#")) {
            testCase = stateMachineArn.substring(stateMachineArn.indexOf('#') + 1);
            stateMachineArn = stateMachineArn.substring(0, stateMachineArn.indexOf('#'));
        }
        StateMachine sm = stateMachine(stateMachineArn);
        if (testCase != null && !options.mockConfig().hasTestCase(sm.name(), testCase)) {
            throw new EngineException("ValidationException", "Test case '" + testCase + "' is not in the mock config for state machine " + sm.name());
        }
        String executionName = name == null ? UUID.randomUUID().toString() : name;
        if (!NAME.matcher(executionName).matches()) {
            throw new EngineException("InvalidName", "Invalid Name: '" + executionName + "'");
        }
        String text = input == null ? "{}" : input;
        JsonNode parsed;
        try {
            parsed = JsonPaths.MAPPER.readTree(text);
            if (parsed == null) {
                throw new EngineException("InvalidExecutionInput", "Invalid State Machine Execution Input: 'empty input'");
            }
        } catch (JsonProcessingException e) {
            throw new EngineException("InvalidExecutionInput", "Invalid State Machine Execution Input: '" + e.getOriginalMessage() + "'");
        }
        if (text.length() > Interpreter.MAX_PAYLOAD_BYTES) {
            throw new EngineException("InvalidExecutionInput", "Invalid State Machine Execution Input: 'the input is larger than 256 KiB'");
        }
        String arn = sm.arn().replace(":stateMachine:", ":execution:") + ":" + executionName;
        Execution ex;
        synchronized (this) {
            Execution existing = executions.get(arn);
            if (existing != null) {
                if (existing.isRunning() && existing.input().equals(text)) {
                    return existing;
                }
                throw new EngineException("ExecutionAlreadyExists", "Execution Already Exists: '" + arn + "'");
            }
            ex = new Execution(arn, executionName, sm, text, options.clock().millis(), testCase);
            executions.put(arn, ex);
            long id = nextJournalId.incrementAndGet();
            ex.journalId = id;
            if (journal != null) {
                journal.append(JournalRecord.Started.of(ex).line());
            }
        }
        interpreter.start(ex, parsed);
        durable();
        return ex;
    }

    public Execution execution(String arn) {
        if (arn == null || !arn.startsWith("arn:aws:states:") || !arn.contains(":execution:")) {
            throw new EngineException("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: " + arn + "'");
        }
        Execution ex = executions.get(arn);
        if (ex == null) {
            throw new EngineException("ExecutionDoesNotExist", "Execution Does Not Exist: '" + arn + "'");
        }
        return ex;
    }

    /** Executions of a state machine, newest first, optionally of one status. */
    public List<Execution> executions(String stateMachineArn, Execution.Status status) {
        if (stateMachineArn != null) {
            stateMachine(stateMachineArn);
        }
        return executions.values().stream()
                .filter(e -> stateMachineArn == null || e.stateMachine().arn().equals(stateMachineArn))
                .filter(e -> status == null || e.status() == status)
                .sorted(Comparator.comparingLong(Execution::startMillis).reversed().thenComparing(Execution::name))
                .toList();
    }

    public Execution stopExecution(String arn, String error, String cause) {
        awaitResumed();
        Execution ex = execution(arn);
        long now = options.clock().millis();
        if (ex.end(Execution.Status.ABORTED, now, null, error, cause)) {
            ObjectNode d = JsonPaths.MAPPER.createObjectNode();
            if (error != null) {
                d.put("error", error);
            }
            if (cause != null) {
                d.put("cause", cause);
            }
            HistoryEvent e;
            synchronized (ex) {
                List<HistoryEvent> h = ex.history();
                e = ex.append(h.isEmpty() ? 0 : h.getLast().id(), now, "ExecutionAborted", EventDetails.text(d.toString()), 0, null);
            }
            appended(ex, e);
            ended(ex);
            durable();
        }
        return ex;
    }

    /** How long after it stopped an execution can be redriven (https://docs.aws.amazon.com/step-functions/latest/apireference/API_RedriveExecution.html). */
    static final long REDRIVABLE_FOR_MILLIS = 14L * 24 * 3600 * 1000;
    /** The history AWS keeps for one execution: one that reached it cannot be redriven. */
    static final int MAX_HISTORY_EVENTS = 25_000;

    /**
     * Why an execution cannot be redriven now, in AWS's words (DescribeExecution's
     * {@code redriveStatusReason}), or null if it can.
     */
    public String notRedrivableBecause(Execution ex) {
        if (ex.status() == Execution.Status.RUNNING || ex.status() == Execution.Status.SUCCEEDED) {
            return "Execution is " + ex.status().name() + " and cannot be redriven.";
        }
        if (options.clock().millis() - ex.stopMillis() > REDRIVABLE_FOR_MILLIS) {
            return "Execution redrivable period exceeded.";
        }
        if (ex.historySize() >= MAX_HISTORY_EVENTS) {
            return "Execution history event limit exceeded.";
        }
        return null;
    }

    /**
     * RedriveExecution: an execution that failed, timed out or was aborted in the last 14 days runs
     * again from the state that did not succeed, with the same definition, input and ARN; what
     * succeeded before is not run again, the variables assigned before are kept. The same
     * {@code clientToken} again (while it runs) changes nothing.
     */
    public Execution redriveExecution(String arn, String clientToken) {
        awaitResumed();
        Execution ex = execution(arn);
        long now = options.clock().millis();
        HistoryEvent e;
        synchronized (ex) {
            if (ex.isRunning() && clientToken != null && clientToken.equals(ex.redriveToken())) {
                return ex;
            }
            String why = notRedrivableBecause(ex);
            if (why != null) {
                throw new EngineException("ExecutionNotRedrivable", why);
            }
            ex.unarchive();
            int count = ex.redriveCount() + 1;
            ex.reopen(now, count, clientToken);
            // It continues the top level's chain of events, as the failure it follows did.
            e = ex.append(Recovery.topChainEnd(ex.history()), now, "ExecutionRedriven",
                    EventDetails.text(JsonPaths.MAPPER.createObjectNode().put("redriveCount", count).toString()), 0, null);
            if (journal != null) {
                journal.append(new JournalRecord.Redriven(ex.journalId, now, count).line());
            }
        }
        appended(ex, e);
        interpreter.resume(ex);
        durable();
        return ex;
    }

    /** The state machine whose execution waits on {@code token}, if any does. */
    public java.util.Optional<String> stateMachineOfToken(String token) {
        awaitResumed();
        return tokens.waitingRun(token).map(run -> run.execution().stateMachine().arn());
    }

    public void sendTaskSuccess(String token, String output) {
        awaitResumed();
        TaskRun run = tokens.find(token);
        JsonNode parsed;
        try {
            parsed = output == null ? null : JsonPaths.MAPPER.readTree(output);
        } catch (JsonProcessingException e) {
            parsed = null;
        }
        if (parsed == null) {
            throw new EngineException("InvalidOutput", "Invalid Output: 'the output must be JSON'");
        }
        run.complete(parsed);
        durable();
    }

    public void sendTaskFailure(String token, String error, String cause) {
        awaitResumed();
        tokens.find(token).completeWithFailure(error, cause);
        durable();
    }

    public void sendTaskHeartbeat(String token) {
        awaitResumed();
        tokens.find(token).heartbeat();
    }

    // ---- figures -----------------------------------------------------------------------------------

    public long stateTransitions() {
        return transitions.get();
    }

    public int pendingTimers() {
        return timers.pending();
    }

    public int waitingTaskTokens() {
        return tokens.size();
    }

    /** True when no step and no task call is running or queued: every execution is parked or ended. */
    public boolean isIdle() {
        return inFlight.get() == 0 && !timers.hasDue();
    }

    public Instant now() {
        return options.clock().now();
    }

    public Optional<Path> journalFile() {
        return Optional.ofNullable(options.dataDir()).map(d -> d.resolve("stepfunctions.journal"));
    }

    @Override
    public void close() {
        timers.close();
        executor.shutdownNow();
        lambdaExecutor.shutdownNow();
        if (journal != null) {
            journal.close();
            archive.close();
        }
    }
}
