package awards.local;

import localaws.VirtualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * The one clock of the local runtime (API requests, the engine, the outbox), kept in the data
 * folder so a restart never moves it back: saved every second and whenever it is moved.
 */
final class RuntimeClock implements AutoCloseable {
    private final VirtualClock clock;
    private final Path file;
    private final Thread saver;

    private RuntimeClock(VirtualClock clock, Path file) {
        this.clock = clock;
        this.file = file;
        this.saver = file == null ? null : Thread.ofPlatform().daemon().name("clock-saver").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                save();
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** Starts at the saved time if there is one, else now. */
    static RuntimeClock open(Path dataDir) {
        Path file = dataDir == null ? null : dataDir.resolve("clock.txt");
        Instant start = Instant.now();
        if (file != null && Files.exists(file)) {
            try {
                Instant saved = Instant.parse(Files.readString(file).trim());
                if (saved.isAfter(start)) {
                    start = saved;
                }
            } catch (IOException | RuntimeException e) {
                System.err.println("clock: ignoring unreadable " + file + " (" + e.getMessage() + ")");
            }
        }
        RuntimeClock c = new RuntimeClock(VirtualClock.running(start), file);
        c.clock.onMoved(c::save);
        return c;
    }

    VirtualClock clock() {
        return clock;
    }

    private synchronized void save() {
        if (file == null) {
            return;
        }
        try {
            Path temp = file.resolveSibling("clock.txt.tmp");
            Files.writeString(temp, clock.now().toString());
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            System.err.println("clock: cannot save " + file + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        if (saver != null) {
            saver.interrupt();
            save();
        }
    }
}
