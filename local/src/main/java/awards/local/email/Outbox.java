package awards.local.email;

import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The folder where sent email lands, one real MIME {@code .eml} file per message (open it in any mail
 * client), written atomically and forced to disk before the send is acknowledged; and its index:
 * recipients, subject and the links in each message.
 */
public final class Outbox {
    private static final Pattern LINK = Pattern.compile("https?://[^\\s<>\"')]+");
    static final Session SESSION = Session.getInstance(new Properties());

    /** One sent message, as the outbox lists it. */
    public record Sent(String id, Instant sentAt, String from, List<String> to, List<String> cc, String subject, List<String> links,
                       String tags, Path file) {}

    private final Path folder;
    private final List<Sent> messages = new CopyOnWriteArrayList<>();

    public Outbox(Path folder) {
        this.folder = folder;
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("the outbox folder " + folder + " cannot be created: " + e.getMessage(), e);
        }
        if (!Files.isWritable(folder)) {
            throw new IllegalArgumentException("the outbox folder " + folder + " is not writable");
        }
        // A message half-written when the process died never reached the sender as accepted: drop it.
        try (Stream<Path> torn = Files.list(folder)) {
            for (Path f : torn.filter(f -> f.getFileName().toString().startsWith(".") && f.toString().endsWith(".tmp")).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The index keeps what listing a message needs, so a start reads one file, not every message
        // (6,300 messages took seconds to parse). A message stored after the index line was lost
        // (a crash between the two) is parsed and indexed again.
        Map<String, Sent> indexed = readIndex();
        endTornIndexLine();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".eml")).sorted().toList()) {
                Sent known = indexed.get(f.getFileName().toString());
                if (known != null) {
                    messages.add(known);
                    continue;
                }
                try {
                    Sent sent = index(f, Files.readAllBytes(f));
                    messages.add(sent);
                    appendIndex(sent);
                } catch (IOException | MessagingException e) {
                    System.err.println("outbox: skipping unreadable " + f + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final String INDEX = ".index";

    private Map<String, Sent> readIndex() {
        Map<String, Sent> out = new java.util.HashMap<>();
        Path file = folder.resolve(INDEX);
        if (!Files.exists(file)) {
            return out;
        }
        try (java.io.BufferedReader in = Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                try {
                    var n = JSON.readTree(line);
                    Path message = folder.resolve(Path.of(n.get("file").asText()).getFileName());
                    out.put(message.getFileName().toString(), new Sent(n.get("id").asText(), Instant.parse(n.get("sentAt").asText()),
                            n.get("from").asText(), strings(n.get("to")), strings(n.get("cc")), n.path("subject").textValue(), strings(n.get("links")),
                            n.path("tags").textValue(), message));
                } catch (IOException | RuntimeException torn) {
                    // a line cut short by a crash: its message is indexed again from its file
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the outbox index " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** A line cut short by a crash is left behind a line break, so what comes next is a line of its own. */
    private void endTornIndexLine() {
        Path file = folder.resolve(INDEX);
        try {
            if (Files.exists(file) && Files.size(file) > 0) {
                try (var ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
                    ch.read(last, ch.size() - 1);
                    if (last.get(0) != '\n') {
                        ch.write(java.nio.ByteBuffer.wrap(new byte[] {'\n'}), ch.size());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot mend the outbox index " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<String> strings(com.fasterxml.jackson.databind.JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(a -> out.add(a.asText()));
        return List.copyOf(out);
    }

    private synchronized void appendIndex(Sent sent) throws IOException {
        Files.writeString(folder.resolve(INDEX), summary(sent) + "\n", java.nio.charset.StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** What the outbox lists of a message (and keeps in its index). */
    public static com.fasterxml.jackson.databind.node.ObjectNode summary(Sent s) {
        var m = JSON.createObjectNode();
        m.put("id", s.id());
        m.put("sentAt", s.sentAt().toString());
        m.put("from", s.from());
        var to = m.putArray("to");
        s.to().forEach(to::add);
        var cc = m.putArray("cc");
        s.cc().forEach(cc::add);
        m.put("subject", s.subject());
        var links = m.putArray("links");
        s.links().forEach(links::add);
        if (s.tags() != null) {
            m.put("tags", s.tags());
        }
        m.put("file", s.file().toString());
        return m;
    }

    public Path folder() {
        return folder;
    }

    /** Stores a message durably; returns what the outbox lists for it. */
    public Sent store(String id, Instant sentAt, byte[] mime) {
        Path file = folder.resolve(sentAt.toEpochMilli() + "-" + id + ".eml");
        Path temp = folder.resolve("." + id + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(mime));
                ch.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            Sent sent = index(file, mime);
            messages.add(sent);
            appendIndex(sent);
            return sent;
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes the messages {@code which} picks, files and index lines both; answers how many. The
     * index is rewritten whole and renamed over the old one, so a crash leaves the old or the new.
     */
    public synchronized int remove(java.util.function.Predicate<Sent> which) {
        List<Sent> going = messages.stream().filter(which).toList();
        if (going.isEmpty()) {
            return 0;
        }
        try {
            for (Sent s : going) {
                Files.deleteIfExists(s.file());
            }
            messages.removeAll(going);
            Path tmp = folder.resolve(".index.tmp");
            StringBuilder b = new StringBuilder();
            messages.forEach(m -> b.append(summary(m)).append('\n'));
            Files.writeString(tmp, b, java.nio.charset.StandardCharsets.UTF_8);
            Files.move(tmp, folder.resolve(INDEX), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove messages from the outbox " + folder + ": " + e.getMessage(), e);
        }
        return going.size();
    }

    /** Every message, newest first. */
    public List<Sent> list() {
        List<Sent> out = new ArrayList<>(messages);
        out.sort(Comparator.comparing(Sent::sentAt).thenComparing(Sent::id).reversed());
        return out;
    }

    public java.util.Optional<Sent> find(String id) {
        return messages.stream().filter(m -> m.id().equals(id)).findFirst();
    }

    private static Sent index(Path file, byte[] mime) throws MessagingException, IOException {
        MimeMessage m = new MimeMessage(SESSION, new ByteArrayInputStream(mime));
        String name = file.getFileName().toString();
        String id = name.substring(name.indexOf('-') + 1, name.length() - 4);
        Instant sentAt = Instant.ofEpochMilli(Long.parseLong(name.substring(0, name.indexOf('-'))));
        List<String> links = new ArrayList<>();
        String text = text(m);
        if (text != null) {
            Matcher lm = LINK.matcher(text);
            while (lm.find()) {
                if (!links.contains(lm.group())) {
                    links.add(lm.group());
                }
            }
        }
        return new Sent(id, sentAt, addresses(m.getFrom()).stream().findFirst().orElse(""), addresses(m.getRecipients(Message.RecipientType.TO)),
                addresses(m.getRecipients(Message.RecipientType.CC)), m.getSubject(), List.copyOf(links),
                m.getHeader("X-SES-Message-Tags", null), file);
    }

    private static List<String> addresses(jakarta.mail.Address[] list) {
        return list == null ? List.of() : Arrays.stream(list).map(a -> ((InternetAddress) a).getAddress()).toList();
    }

    /** The plain-text part of a message (or its only part). */
    public static String text(MimeMessage m) throws MessagingException, IOException {
        return part(m.getContent(), "text/plain");
    }

    public static String html(MimeMessage m) throws MessagingException, IOException {
        return part(m.getContent(), "text/html");
    }

    private static String part(Object content, String type) throws MessagingException, IOException {
        if (content instanceof String s) {
            return type.equals("text/plain") ? s : null;
        }
        if (content instanceof Multipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart p = mp.getBodyPart(i);
                if (p.isMimeType(type)) {
                    return (String) p.getContent();
                }
                if (p.getContent() instanceof Multipart nested) {
                    String found = part(nested, type);
                    if (found != null) {
                        return found;
                    }
                }
            }
        }
        return null;
    }

    public MimeMessage read(Sent sent) {
        try {
            return new MimeMessage(SESSION, new ByteArrayInputStream(Files.readAllBytes(sent.file())));
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException("cannot read " + sent.file() + ": " + e.getMessage(), e);
        }
    }
}
