package localaws.stepfunctions.engine;

import localaws.stepfunctions.json.JsonPaths;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The histories of ended executions, moved out of the journal when it is compacted: one JSON line
 * per execution, appended, never rewritten. The journal keeps a short record of each ended
 * execution with where its history lies here, so a restart reads none of it; a history is read
 * back only when asked for (GetExecutionHistory, the console).
 */
final class HistoryArchive implements AutoCloseable {
    /** Where one execution's history lies in the archive. */
    record Ref(long offset, int length, int events) { }

    private final Path file;
    private FileChannel channel;

    HistoryArchive(Path file) {
        this.file = file;
    }

    /** Appends each history; returns where each went, in order. Durable when it returns. */
    synchronized List<Ref> append(List<List<HistoryEvent>> histories) {
        List<Ref> refs = new ArrayList<>(histories.size());
        try {
            FileChannel out = channel();
            long offset = out.size();
            java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
            for (List<HistoryEvent> h : histories) {
                ArrayNode events = JsonPaths.MAPPER.createArrayNode();
                for (HistoryEvent e : h) {
                    events.addArray().add(e.id()).add(e.previousEventId()).add(e.timestamp()).add(e.type()).add(e.details()).add(e.depth()).add(e.note());
                }
                byte[] line = (events + "\n").getBytes(StandardCharsets.UTF_8);
                refs.add(new Ref(offset, line.length - 1, h.size()));
                offset += line.length;
                text.writeBytes(line);
            }
            ByteBuffer bytes = ByteBuffer.wrap(text.toByteArray());
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(false);
            return refs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the history archive " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads back one history. */
    List<HistoryEvent> read(Ref ref) {
        byte[] bytes = new byte[ref.length()];
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            in.seek(ref.offset());
            in.readFully(bytes);
            JsonNode events = JsonPaths.MAPPER.readTree(bytes);
            List<HistoryEvent> out = new ArrayList<>(events.size());
            for (JsonNode e : events) {
                out.add(new HistoryEvent(e.get(0).asLong(), e.get(1).asLong(), e.get(2).asLong(), e.get(3).asText(), e.get(4).asText(),
                        e.get(5).asInt(), e.get(6).isNull() ? null : e.get(6).asText()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the history archive " + file + ": " + e.getMessage(), e);
        }
    }

    private FileChannel channel() throws IOException {
        if (channel == null) {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }
        return channel;
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing more to write
            }
        }
    }
}
