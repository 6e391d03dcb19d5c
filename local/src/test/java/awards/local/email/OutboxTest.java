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
}
