package localaws.stepfunctions.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The engine's durability: an append-only file of JSON lines with group commit. Appends only queue
 * a line; one writer thread writes whatever has queued and forces it to disk in one go, then tells
 * everyone who asked for that point to be durable. A torn last line (a crash mid-write) is dropped
 * on reading.
 */
final class Journal implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Journal.class.getName());
    private final Path file;
    private final FileChannel channel;
    private final List<String> queue = new ArrayList<>();
    private final List<CompletableFuture<Void>> waiters = new ArrayList<>();
    private final Thread writer;
    private volatile boolean open = true;

    Journal(Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.getParent());
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the engine journal " + file + ": " + e.getMessage(), e);
        }
        writer = Thread.ofPlatform().daemon().name("sfn-journal").start(this::loop);
    }

    /** Reads every complete line, in order. */
    static void read(Path file, Consumer<String> line) {
        if (!Files.exists(file)) {
            return;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String previous = null;
            for (String l = in.readLine(); l != null; l = in.readLine()) {
                if (previous != null) {
                    line.accept(previous);
                }
                previous = l;
            }
            if (previous != null && previous.endsWith("}")) {
                line.accept(previous);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the engine journal " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Characters queued and not yet taken by the writer, at most about {@link #QUEUED_AT_MOST}: an
     * appender waits for the writer beyond that. A million executions woken at one instant queue
     * their events faster than a disk takes them; unbounded, the queue filled the heap.
     */
    private long queuedChars;
    static final long QUEUED_AT_MOST = 32L << 20;
    /** The writer hands the file at most about this much at a time (a batch is forced to disk once, at its end). */
    private static final int CHUNK_CHARS = 1 << 20;

    void append(String line) {
        synchronized (queue) {
            while (queuedChars > QUEUED_AT_MOST && open) {
                try {
                    queue.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            queue.add(line);
            queuedChars += line.length() + 1;
            queue.notifyAll();
        }
    }

    /** Completes when everything appended before this call is on disk. */
    CompletableFuture<Void> sync() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        synchronized (queue) {
            if (queue.isEmpty() && waiters.isEmpty()) {
                f.complete(null);
                return f;
            }
            waiters.add(f);
            queue.notifyAll();
        }
        return f;
    }

    private void loop() {
        while (open || !queue.isEmpty()) {
            List<String> batch;
            List<CompletableFuture<Void>> done;
            synchronized (queue) {
                while (queue.isEmpty() && waiters.isEmpty() && open) {
                    try {
                        queue.wait(1000);
                    } catch (InterruptedException e) {
                        open = false;
                    }
                }
                batch = new ArrayList<>(queue);
                queue.clear();
                queuedChars = 0;
                queue.notifyAll();
                done = new ArrayList<>(waiters);
                waiters.clear();
            }
            try {
                if (!batch.isEmpty()) {
                    StringBuilder text = new StringBuilder(Math.min(CHUNK_CHARS, 64 * batch.size()));
                    for (String l : batch) {
                        text.append(l).append('\n');
                        if (text.length() >= CHUNK_CHARS) {
                            write(text);
                        }
                    }
                    write(text);
                    channel.force(false);
                }
                done.forEach(f -> f.complete(null));
            } catch (IOException e) {
                LOG.log(Level.SEVERE, "cannot write the engine journal " + file, e);
                done.forEach(f -> f.completeExceptionally(e));
            }
        }
    }

    /** Writes {@code text} to the file (not yet forced to disk) and empties it. */
    private void write(StringBuilder text) throws IOException {
        // String.getBytes is the JDK's fast path (an ASCII line is copied, not encoded char by char).
        ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        text.setLength(0);
    }

    @Override
    public void close() {
        sync().join();
        open = false;
        synchronized (queue) {
            queue.notifyAll();
        }
        try {
            writer.join(5000);
            channel.close();
        } catch (InterruptedException | IOException e) {
            LOG.log(Level.WARNING, "closing the engine journal", e);
        }
    }
}
