package localaws.stepfunctions.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's group commit given twice what it may queue at once (a million executions woken at
 * one instant filled the heap before it was bounded): the appenders wait for the writer, and every
 * line is on disk, whole, each appender's in the order it appended them.
 */
class JournalTest {
    @TempDir
    Path dir;

    @Test
    void twiceWhatItMayQueue_isWrittenWholeAndInOrder() throws Exception {
        Path file = dir.resolve("stepfunctions.journal");
        String padding = "x".repeat(1000);
        int appenders = 4;
        int lines = (int) (Journal.QUEUED_AT_MOST / 1000) * 2;
        try (Journal journal = new Journal(file)) {
            List<Thread> threads = new ArrayList<>();
            for (int a = 0; a < appenders; a++) {
                int first = a;
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int i = first; i < lines; i += appenders) {
                        journal.append("{\"n\":" + i + ",\"p\":\"" + padding + "\"}");
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            journal.sync().join();
        }
        int[] last = {-1, -1, -1, -1};
        int[] count = {0};
        Journal.read(file, line -> {
            assertThat(line).endsWith(padding + "\"}");
            int n = Integer.parseInt(line.substring(5, line.indexOf(',')));
            assertThat(n).isGreaterThan(last[n % appenders]);
            last[n % appenders] = n;
            count[0]++;
        });
        assertThat(count[0]).isEqualTo(lines);
    }
}
