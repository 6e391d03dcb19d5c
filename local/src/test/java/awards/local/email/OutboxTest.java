package awards.local.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {
    @Test
    void aMessageTornByACrash_isCleanedAtStart_andTheRestAreKept(@TempDir Path dir) throws Exception {
        // Issue 10: a kill -9 mid-write left a ".<id>.tmp" behind, never cleaned.
        new Outbox(dir).store("kept", Instant.parse("2027-05-03T16:00:00Z"),
                "From: a@example.gov.uk\r\nTo: b@example.gov.uk\r\nSubject: s\r\n\r\nbody\r\n".getBytes());
        Files.writeString(dir.resolve(".torn.tmp"), "From: a@exa");
        Outbox reopened = new Outbox(dir);
        assertThat(Files.exists(dir.resolve(".torn.tmp"))).isFalse();
        assertThat(reopened.list()).extracting(Outbox.Sent::id).containsExactly("kept");
    }

    private static byte[] message(String subject) {
        return ("From: a@example.gov.uk\r\nTo: b@example.gov.uk\r\nSubject: " + subject + "\r\n\r\nsee https://x.example/" + subject + "\r\n").getBytes();
    }

    @Test
    void aStartReadsTheIndex_andIndexesAgainOnlyWhatItLacks(@TempDir Path dir) throws Exception {
        // Issue 10: each start parsed every message (6,300 of them took seconds); now it reads one index.
        Outbox first = new Outbox(dir);
        first.store("one", Instant.parse("2027-05-03T16:00:00Z"), message("one"));
        first.store("two", Instant.parse("2027-05-03T16:00:01Z"), message("two"));
        Path index = dir.resolve(".index");
        // A crash after the third message reached the disk but before its index line, and a torn line.
        Files.write(dir.resolve(Instant.parse("2027-05-03T16:00:02Z").toEpochMilli() + "-three.eml"), message("three"));
        Files.writeString(index, "{\"id\":\"to", java.nio.file.StandardOpenOption.APPEND);
        Outbox reopened = new Outbox(dir);
        assertThat(reopened.list()).extracting(Outbox.Sent::subject).containsExactly("three", "two", "one");
        assertThat(reopened.list().getFirst().links()).containsExactly("https://x.example/three");
        // The lost line was written again: the next start parses nothing.
        Files.delete(dir.resolve(Instant.parse("2027-05-03T16:00:02Z").toEpochMilli() + "-three.eml"));
        Files.write(dir.resolve(Instant.parse("2027-05-03T16:00:02Z").toEpochMilli() + "-three.eml"), "not a message at all".getBytes());
        assertThat(new Outbox(dir).list()).extracting(Outbox.Sent::subject).as("read from the index, not the file").containsExactly("three", "two", "one");
    }
}
