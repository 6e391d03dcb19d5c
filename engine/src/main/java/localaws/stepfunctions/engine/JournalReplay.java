package localaws.stepfunctions.engine;

import localaws.stepfunctions.asl.DefinitionParser;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The journal at start: replayed into the engine's registry (its state machines and executions),
 * then compacted, before the engine appends to it again. What each record holds is
 * {@link JournalRecord}'s; carrying the running executions on from their histories is
 * {@link Recovery}'s.
 */
final class JournalReplay {
    private final Path file;
    private final HistoryArchive archive;
    private final Map<String, StateMachine> machines;
    private final Map<String, Execution> executions;
    private final AtomicLong nextJournalId;

    JournalReplay(Path file, HistoryArchive archive, Map<String, StateMachine> machines, Map<String, Execution> executions, AtomicLong nextJournalId) {
        this.file = file;
        this.archive = archive;
        this.machines = machines;
        this.executions = executions;
        this.nextJournalId = nextJournalId;
    }

    /** Reads the journal into the registry: state machines, executions with their histories, retry instants, ends. */
    void replay() {
        Map<Long, Execution> byId = new HashMap<>();
        Journal.read(file, line -> {
            switch (JournalRecord.read(line)) {
                case null -> { } // a torn line
                case JournalRecord.Machine m -> machines.put(m.arn(), new StateMachine(m.arn(), m.name(), DefinitionParser.parse(m.definition()),
                        m.roleArn(), "STANDARD", m.created(), m.updated()));
                case JournalRecord.MachineDeleted d -> machines.remove(d.arn());
                case JournalRecord.Started r -> {
                    // The journal is in order: the machine read so far is the one this execution started with.
                    Execution ex = restoreExecution(r.id(), r.arn(), r.name(), r.stateMachineArn(), r.input(), r.startMillis(), r.testCase(),
                            r.redriveCount(), r.redriveMillis());
                    if (ex != null) {
                        byId.put(ex.journalId, ex);
                    }
                }
                case JournalRecord.Archived r -> {
                    Execution ex = restoreExecution(r.id(), r.arn(), r.name(), r.stateMachineArn(), r.input(), r.startMillis(), r.testCase(),
                            r.redriveCount(), r.redriveMillis());
                    if (ex != null) {
                        ex.end(Execution.Status.valueOf(r.status()), r.stopMillis(), r.output(), r.error(), r.cause());
                        ex.currentState(r.currentState());
                        ex.archived(archive, new HistoryArchive.Ref(r.offset(), r.length(), r.events()));
                        byId.put(ex.journalId, ex); // a redrive may reopen it
                    }
                }
                case JournalRecord.Redriven r -> {
                    Execution ex = byId.get(r.execution());
                    if (ex != null) {
                        ex.unarchive();
                        ex.reopen(r.when(), r.redriveCount(), null);
                    }
                }
                case JournalRecord.Event r -> {
                    Execution ex = byId.get(r.execution());
                    if (ex != null) {
                        ex.restore(r.event());
                    }
                }
                case JournalRecord.RetryDue r -> {
                    Execution ex = byId.get(r.execution());
                    if (ex != null) {
                        ex.retryDue(r.afterEvent(), r.due());
                    }
                }
                case JournalRecord.Ended r -> {
                    Execution ex = byId.get(r.execution());
                    if (ex != null) {
                        ex.end(Execution.Status.valueOf(r.status()), r.stopMillis(), r.output(), r.error(), r.cause());
                    }
                }
            }
        });
    }

    /**
     * Rewrites the journal with only what a restart needs: the state machines, each running
     * execution with its history and kept retry instants, and a short record of each ended one,
     * whose history moves to the archive. The archive is written and forced first, then the new
     * journal replaces the old in one rename: a crash at any point leaves one whole journal (a
     * history archived twice is harmless; the record in force points at one copy).
     */
    void compact() {
        List<Execution> ending = executions.values().stream().filter(ex -> !ex.isRunning() && !ex.isArchived())
                .sorted(Comparator.comparingLong(ex -> ex.journalId)).toList();
        if (ending.isEmpty()) {
            return; // nothing ended since the last compaction: the journal is as small as it gets
        }
        List<HistoryArchive.Ref> refs = archive.append(ending.stream().map(Execution::history).toList());
        for (int i = 0; i < ending.size(); i++) {
            ending.get(i).archived(archive, refs.get(i));
        }
        List<Execution> all = executions.values().stream().sorted(Comparator.comparingLong(ex -> ex.journalId)).toList();
        Path next = file.resolveSibling(file.getFileName() + ".compacting");
        try (java.io.BufferedWriter out = java.nio.file.Files.newBufferedWriter(next, java.nio.charset.StandardCharsets.UTF_8)) {
            // Running executions that started on a definition since replaced keep it: it comes first, then they.
            java.util.function.Predicate<Execution> onOld = ex -> machines.get(ex.stateMachine().arn()) != ex.stateMachine();
            java.util.Set<StateMachine> written = new java.util.HashSet<>();
            for (Execution ex : all) {
                if (ex.isRunning() && onOld.test(ex)) {
                    if (written.add(ex.stateMachine())) {
                        line(out, JournalRecord.Machine.of(ex.stateMachine()));
                    }
                    writeRunning(out, ex);
                }
            }
            for (StateMachine sm : machines.values()) {
                line(out, JournalRecord.Machine.of(sm));
            }
            for (Execution ex : all) {
                if (ex.isRunning() && !onOld.test(ex)) {
                    writeRunning(out, ex);
                } else if (!ex.isRunning()) {
                    JournalRecord.Started r = JournalRecord.Started.of(ex);
                    HistoryArchive.Ref ref = ex.archiveRef();
                    line(out, new JournalRecord.Archived(r.id(), r.arn(), r.name(), r.stateMachineArn(), r.input(), r.startMillis(), r.testCase(),
                            r.redriveCount(), r.redriveMillis(), ref.offset(), ref.length(), ref.events(),
                            ex.status().name(), ex.stopMillis(), ex.output(), ex.error(), ex.cause(), ex.currentState()));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot compact the engine journal " + file + ": " + e.getMessage(), e);
        }
        try {
            try (var channel = java.nio.channels.FileChannel.open(next, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            java.nio.file.Files.move(next, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            try (var dir = java.nio.channels.FileChannel.open(file.getParent(), java.nio.file.StandardOpenOption.READ)) {
                dir.force(true);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot compact the engine journal " + file + ": " + e.getMessage(), e);
        }
    }

    private static void line(java.io.Writer out, JournalRecord record) throws java.io.IOException {
        out.write(record.line());
        out.write('\n');
    }

    private void writeRunning(java.io.Writer out, Execution ex) throws java.io.IOException {
        line(out, JournalRecord.Started.of(ex));
        for (HistoryEvent e : ex.history()) {
            line(out, JournalRecord.Event.of(ex.journalId, e));
        }
        for (var due : ex.retriesDue().entrySet()) {
            line(out, new JournalRecord.RetryDue(ex.journalId, due.getKey(), due.getValue()));
        }
    }

    /** The execution a started or archived record holds, registered; null if its state machine is gone. */
    private Execution restoreExecution(long id, String arn, String name, String stateMachineArn, String input, long start, String testCase,
                                       Integer redriveCount, Long redriveMillis) {
        StateMachine sm = machines.get(stateMachineArn);
        if (sm == null) {
            return null;
        }
        Execution ex = new Execution(arn, name, sm, input, start, testCase);
        ex.journalId = id;
        if (redriveCount != null) {
            ex.redriven(redriveCount, redriveMillis == null ? 0 : redriveMillis);
        }
        executions.put(ex.arn(), ex);
        nextJournalId.set(Math.max(nextJournalId.get(), ex.journalId));
        return ex;
    }
}
