package awards.local.email;

import awards.local.stepfunctions.engine.EngineClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import awards.local.stepfunctions.api.LoopbackServer;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * SES v2's {@code SendEmail} on loopback (default 8005): simple and raw content become real MIME
 * messages in the outbox. {@code GET /_local/outbox} lists them (newest first, {@code ?to=} filters),
 * {@code GET /_local/outbox/{id}} returns one as {@code message/rfc822}.
 */
public final class SesServer extends LoopbackServer {
    public static final int DEFAULT_PORT = 8005;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Outbox outbox;
    private final EngineClock clock;

    public SesServer(Outbox outbox, EngineClock clock, int port) throws IOException {
        super(port, 256);
        this.outbox = outbox;
        this.clock = clock;
        server.createContext("/v2/email/outbound-emails", this::sendEmail);
        server.createContext("/_local/outbox", this::outbox);
        server.createContext("/", ex -> {
            try (ex) {
                error(ex, 404, "NotFoundException", "only SendEmail (POST /v2/email/outbound-emails) is served here");
            }
        });
        start();
    }



    private void sendEmail(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                error(exchange, 405, "BadRequestException", "SendEmail is a POST");
                return;
            }
            JsonNode in;
            try {
                in = JSON.readTree(exchange.getRequestBody().readAllBytes());
            } catch (IOException e) {
                error(exchange, 400, "BadRequestException", "the body is not JSON");
                return;
            }
            try {
                String id = UUID.randomUUID().toString();
                Instant now = clock.now();
                byte[] mime = mime(in, id, now);
                outbox.store(id, now, mime);
                send(exchange, 200, JSON.createObjectNode().put("MessageId", id).toString(), "application/json");
            } catch (IllegalArgumentException e) {
                error(exchange, 400, "BadRequestException", e.getMessage());
            }
        }
    }

    /** Builds the MIME message SES would send: multipart/alternative for simple content, as is for raw. */
    static byte[] mime(JsonNode in, String id, Instant now) {
        JsonNode content = in.path("Content");
        try {
            if (content.has("Raw")) {
                byte[] raw = Base64.getDecoder().decode(content.path("Raw").path("Data").asText(""));
                MimeMessage parsed = new MimeMessage(Outbox.SESSION, new java.io.ByteArrayInputStream(raw));
                if (parsed.getAllRecipients() == null && !in.path("Destination").isObject()) {
                    throw new IllegalArgumentException("a raw message needs recipients: in its headers or in Destination");
                }
                return raw;
            }
            JsonNode simple = content.path("Simple");
            if (!simple.isObject()) {
                throw new IllegalArgumentException("Content must have Simple or Raw (Template is not supported locally)");
            }
            String from = in.path("FromEmailAddress").asText(null);
            if (from == null) {
                throw new IllegalArgumentException("FromEmailAddress is required");
            }
            List<InternetAddress> to = addresses(in.path("Destination").path("ToAddresses"));
            List<InternetAddress> cc = addresses(in.path("Destination").path("CcAddresses"));
            List<InternetAddress> bcc = addresses(in.path("Destination").path("BccAddresses"));
            if (to.isEmpty() && cc.isEmpty() && bcc.isEmpty()) {
                throw new IllegalArgumentException("Destination needs at least one address");
            }
            MimeMessage m = new MimeMessage(Outbox.SESSION) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", "<" + id + "@email.local>");
                }
            };
            m.setFrom(new InternetAddress(from, true));
            m.setRecipients(Message.RecipientType.TO, to.toArray(InternetAddress[]::new));
            if (!cc.isEmpty()) {
                m.setRecipients(Message.RecipientType.CC, cc.toArray(InternetAddress[]::new));
            }
            if (!bcc.isEmpty()) {
                m.setRecipients(Message.RecipientType.BCC, bcc.toArray(InternetAddress[]::new));
            }
            List<InternetAddress> replyTo = addresses(in.path("ReplyToAddresses"));
            if (!replyTo.isEmpty()) {
                m.setReplyTo(replyTo.toArray(InternetAddress[]::new));
            }
            m.setSubject(simple.path("Subject").path("Data").asText(""), "UTF-8");
            m.setSentDate(Date.from(now));
            for (JsonNode h : simple.path("Headers")) {
                m.addHeader(h.path("Name").asText(), h.path("Value").asText());
            }
            List<String> tags = new ArrayList<>();
            in.path("EmailTags").forEach(t -> tags.add(t.path("Name").asText() + "=" + t.path("Value").asText()));
            if (!tags.isEmpty()) {
                m.setHeader("X-SES-Message-Tags", String.join("; ", tags));
            }
            String text = simple.path("Body").path("Text").path("Data").asText(null);
            String html = simple.path("Body").path("Html").path("Data").asText(null);
            if (text == null && html == null) {
                throw new IllegalArgumentException("Body needs Text or Html");
            }
            if (text != null && html != null) {
                MimeMultipart alternative = new MimeMultipart("alternative");
                MimeBodyPart textPart = new MimeBodyPart();
                textPart.setText(text, "UTF-8", "plain");
                MimeBodyPart htmlPart = new MimeBodyPart();
                htmlPart.setText(html, "UTF-8", "html");
                alternative.addBodyPart(textPart);
                alternative.addBodyPart(htmlPart);
                m.setContent(alternative);
            } else if (text != null) {
                m.setText(text, "UTF-8", "plain");
            } else {
                m.setText(html, "UTF-8", "html");
            }
            m.saveChanges();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            m.writeTo(out);
            return out.toByteArray();
        } catch (MessagingException | IOException e) {
            throw new IllegalArgumentException("the message cannot be built: " + e.getMessage(), e);
        }
    }

    private static List<InternetAddress> addresses(JsonNode list) {
        List<InternetAddress> out = new ArrayList<>();
        for (JsonNode a : list) {
            try {
                out.add(new InternetAddress(a.asText(), true));
            } catch (AddressException e) {
                throw new IllegalArgumentException("Illegal address: " + a.asText());
            }
        }
        return out;
    }

    private void outbox(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/_local/outbox") || path.equals("/_local/outbox/")) {
                String query = exchange.getRequestURI().getQuery();
                String to = query != null && query.startsWith("to=") ? java.net.URLDecoder.decode(query.substring(3), StandardCharsets.UTF_8) : null;
                ObjectNode out = JSON.createObjectNode();
                ArrayNode list = out.putArray("messages");
                for (Outbox.Sent s : outbox.list()) {
                    if (to != null && !s.to().contains(to) && !s.cc().contains(to)) {
                        continue;
                    }
                    list.add(summary(s));
                }
                send(exchange, 200, out.toString(), "application/json");
                return;
            }
            String id = path.substring("/_local/outbox/".length());
            var sent = outbox.find(id);
            if (sent.isEmpty()) {
                error(exchange, 404, "NotFoundException", "no message " + id);
                return;
            }
            send(exchange, 200, Files.readString(sent.get().file(), StandardCharsets.ISO_8859_1), "message/rfc822");
        }
    }

    public static ObjectNode summary(Outbox.Sent s) {
        ObjectNode m = JSON.createObjectNode();
        m.put("id", s.id());
        m.put("sentAt", s.sentAt().toString());
        m.put("from", s.from());
        ArrayNode to = m.putArray("to");
        s.to().forEach(to::add);
        ArrayNode cc = m.putArray("cc");
        s.cc().forEach(cc::add);
        m.put("subject", s.subject());
        ArrayNode links = m.putArray("links");
        s.links().forEach(links::add);
        if (s.tags() != null) {
            m.put("tags", s.tags());
        }
        m.put("file", s.file().toString());
        return m;
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        exchange.getResponseHeaders().add("x-amzn-ErrorType", type);
        send(exchange, status, JSON.createObjectNode().put("message", message).toString(), "application/json");
    }

    private static void send(HttpExchange exchange, int status, String body, String type) throws IOException {
        byte[] bytes = body.getBytes(type.startsWith("message/") ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream o = exchange.getResponseBody()) {
            o.write(bytes);
        }
    }

}
