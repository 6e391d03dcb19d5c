package awards.local.email;

import localaws.VirtualClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import localaws.LoopbackServer;
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
 * SES v2 on loopback (default 8005), as strict as SES: {@code SendEmail} (simple and raw content
 * become real MIME messages in the outbox) and the email identities ({@code CreateEmailIdentity},
 * {@code GetEmailIdentity}, {@code ListEmailIdentities}, {@code DeleteEmailIdentity}), plus
 * {@code GetAccount} for the quotas. A message is refused as SES refuses it: an address SES cannot
 * send to, a sender that is not a verified identity (in the sandbox, a recipient too), a message
 * tag outside SES's character set, more than 50 recipients, over 40 MB, or over the sending rate.
 * {@code GET /_local/outbox} lists the outbox (newest first, {@code ?to=} filters),
 * {@code GET /_local/outbox/{id}} returns one message as {@code message/rfc822}.
 */
public final class SesServer extends LoopbackServer {
    public static final int DEFAULT_PORT = 8005;
    /** https://docs.aws.amazon.com/ses/latest/dg/quotas.html: 50 recipients, 40 MB a message (v2 API). */
    static final int MAX_RECIPIENTS = 50;
    static final int MAX_MESSAGE_BYTES = 40 * 1024 * 1024;
    /** https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_MessageTag.html */
    private static final java.util.regex.Pattern TAG = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,256}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Outbox outbox;
    private final VirtualClock clock;
    private final SesIdentities identities;
    private final SendingLimits limits;
    private final boolean sandbox;
    private final String region;
    private final boolean verifyAll;
    private final awards.local.iam.LocalIam access;
    private final awards.local.lambda.Faults faults;
    private final String account;

    /** A request SES refuses: its HTTP status, SES's error code and message. */
    static final class Refused extends RuntimeException {
        final int status;
        final String code;

        Refused(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }

        static Refused badRequest(String message) {
            return new Refused(400, "BadRequestException", message);
        }
    }

    /** Every identity verified, no sandbox, no rate limit: for tests of MIME alone. */
    public SesServer(Outbox outbox, VirtualClock clock, int port) throws IOException {
        this(outbox, clock, port, null, new SendingLimits(0, 0, System::nanoTime), false, "us-east-1");
    }

    public SesServer(Outbox outbox, VirtualClock clock, int port, SesIdentities identities, SendingLimits limits, boolean sandbox,
                     String region) throws IOException {
        this(outbox, clock, port, identities, limits, sandbox, region, null, null, awards.local.lambda.Faults.NONE);
    }

    /**
     * {@code identities} null: every identity counts as verified. {@code access} null: no IAM;
     * else each call is authorised for its signer ({@code ses:SendEmail} on the sending identity's
     * ARN, with {@code ses:FromAddress}), against {@code account}'s ARNs.
     */
    public SesServer(Outbox outbox, VirtualClock clock, int port, SesIdentities identities, SendingLimits limits, boolean sandbox,
                     String region, awards.local.iam.LocalIam access, String account, awards.local.lambda.Faults faults) throws IOException {
        super(port, 256);
        this.faults = faults;
        this.access = access;
        this.account = account;
        this.verifyAll = identities == null;
        this.outbox = outbox;
        this.clock = clock;
        this.identities = identities == null ? new SesIdentities(null) : identities;
        this.limits = limits;
        this.sandbox = sandbox;
        this.region = region;
        route("/v2/email/outbound-emails", this::sendEmail);
        route("/v2/email/identities", this::identities);
        route("/v2/email/account", this::account);
        route("/_local/outbox", this::outbox);
        route("/", ex -> {
            try (ex) {
                error(ex, 404, "NotFoundException", "not served here: SendEmail, the email identities, GetAccount and /_local/outbox are");
            }
        });
        start();
    }

    /** Only requests signed as the AWS SDKs and CLI sign them: a web page on another origin cannot. */
    @Override
    protected java.util.Optional<Refusal> authorize(HttpExchange exchange) {
        return requireSignature(exchange);
    }

    public SesIdentities identities() {
        return identities;
    }

    private void sendEmail(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                error(exchange, 405, "BadRequestException", "SendEmail is a POST");
                return;
            }
            byte[] body = exchange.getRequestBody().readNBytes(MAX_MESSAGE_BYTES * 2 + 1);
            JsonNode in;
            try {
                in = JSON.readTree(body);
            } catch (IOException e) {
                error(exchange, 400, "BadRequestException", "the body is not JSON");
                return;
            }
            try {
                String id = UUID.randomUUID().toString();
                Instant now = clock.now();
                checkTags(in.path("EmailTags"));
                byte[] mime = mime(in, id, now);
                if (mime.length > MAX_MESSAGE_BYTES) {
                    throw new Refused(400, "MessageRejected", "Message length is more than " + MAX_MESSAGE_BYTES + " bytes long.");
                }
                MimeMessage message = read(mime);
                authorize(exchange, message);
                checkVerified(in, message);
                if (faults.sesThrottle()) {
                    throw new Refused(429, "TooManyRequestsException", "Maximum sending rate exceeded.");
                }
                switch (limits.take(now)) {
                    case RATE_EXCEEDED -> throw new Refused(429, "TooManyRequestsException", "Maximum sending rate exceeded.");
                    case DAILY_QUOTA_EXCEEDED -> throw new Refused(429, "TooManyRequestsException", "Daily message quota exceeded.");
                    case SEND -> { }
                }
                outbox.store(id, now, mime);
                send(exchange, 200, JSON.createObjectNode().put("MessageId", id).toString(), "application/json");
            } catch (Refused e) {
                error(exchange, e.status, e.code, e.getMessage());
            } catch (IllegalArgumentException e) {
                error(exchange, 400, "BadRequestException", e.getMessage());
            }
        }
    }

    /**
     * IAM for {@code SendEmail}: the action on the identity that covers the sender (the address,
     * else its domain), with the {@code ses:FromAddress} condition key
     * (https://docs.aws.amazon.com/ses/latest/dg/control-user-access.html).
     */
    private void authorize(HttpExchange exchange, MimeMessage m) {
        if (access == null) {
            return;
        }
        String key = localaws.stepfunctions.api.AccessCheck.accessKey(exchange.getRequestHeaders().getFirst("Authorization"));
        if (!access.restricts(key)) {
            return;
        }
        String from;
        try {
            from = m.getFrom() == null ? "" : ((InternetAddress) m.getFrom()[0]).getAddress();
        } catch (MessagingException e) {
            throw Refused.badRequest("the message cannot be read: " + e.getMessage());
        }
        String identity = identities.covering(from).orElse(from);
        access.deny(key, "ses:SendEmail", identityArn(identity), java.util.Map.of("ses:FromAddress", from)).ifPresent(denied -> {
            throw new Refused(403, "AccessDeniedException", denied);
        });
    }

    /** The message as built, read back once for the checks that need its headers. */
    private static MimeMessage read(byte[] mime) {
        try {
            return new MimeMessage(Outbox.SESSION, new java.io.ByteArrayInputStream(mime));
        } catch (MessagingException e) {
            throw Refused.badRequest("the message cannot be read: " + e.getMessage());
        }
    }

    private String identityArn(String identity) {
        return "arn:aws:ses:" + region + ":" + account + ":identity/" + identity;
    }

    private void authorize(HttpExchange exchange, String action, String identity) {
        if (access == null) {
            return;
        }
        String key = localaws.stepfunctions.api.AccessCheck.accessKey(exchange.getRequestHeaders().getFirst("Authorization"));
        access.deny(key, action, identity.isEmpty() ? "*" : identityArn(identity)).ifPresent(denied -> {
            throw new Refused(403, "AccessDeniedException", denied);
        });
    }

    private static void checkTags(JsonNode tags) {
        for (JsonNode t : tags) {
            String name = t.path("Name").asText("");
            String value = t.path("Value").asText("");
            if (!TAG.matcher(name).matches()) {
                throw Refused.badRequest("Invalid tag name <" + name + ">: only ASCII letters, numbers, underscores and dashes, at most 256 characters.");
            }
            if (!TAG.matcher(value).matches()) {
                throw Refused.badRequest("Invalid tag value <" + value + ">: only ASCII letters, numbers, underscores and dashes, at most 256 characters.");
            }
        }
    }

    /**
     * SES sends only from a verified identity (the address or its domain), and in the sandbox only
     * to verified identities too; either failure is {@code MessageRejected} naming the identities
     * (https://docs.aws.amazon.com/ses/latest/dg/request-production-access.html).
     */
    private void checkVerified(JsonNode in, MimeMessage m) {
        if (verifyAll) {
            return;
        }
        List<String> failed = new ArrayList<>();
        try {
            for (jakarta.mail.Address a : m.getFrom() == null ? new jakarta.mail.Address[0] : m.getFrom()) {
                String from = ((InternetAddress) a).getAddress();
                if (identities.covering(from).isEmpty()) {
                    failed.add(from);
                }
            }
            if (m.getFrom() == null) {
                throw Refused.badRequest("Missing required header 'From'.");
            }
            if (sandbox) {
                List<String> recipients = new ArrayList<>();
                if (m.getAllRecipients() != null) {
                    for (jakarta.mail.Address a : m.getAllRecipients()) {
                        recipients.add(((InternetAddress) a).getAddress());
                    }
                }
                for (String kind : List.of("ToAddresses", "CcAddresses", "BccAddresses")) {
                    in.path("Destination").path(kind).forEach(a -> recipients.add(parse(a.asText()).getAddress()));
                }
                recipients.stream().distinct().filter(r -> identities.covering(r).isEmpty()).forEach(failed::add);
            }
        } catch (MessagingException e) {
            throw Refused.badRequest("the message cannot be read: " + e.getMessage());
        }
        if (!failed.isEmpty()) {
            throw new Refused(400, "MessageRejected", "Email address is not verified. The following identities failed the check in region "
                    + region.toUpperCase(java.util.Locale.ROOT) + ": " + String.join(", ", failed));
        }
    }

    private void identities(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            String name = path.length() > "/v2/email/identities/".length() ? path.substring("/v2/email/identities/".length()) : "";
            try {
                String action = name.isEmpty() ? (method.equals("POST") ? "ses:CreateEmailIdentity" : "ses:ListEmailIdentities")
                        : method.equals("DELETE") ? "ses:DeleteEmailIdentity" : "ses:GetEmailIdentity";
                if (name.isEmpty() && method.equals("POST")) {
                    JsonNode in = JSON.readTree(exchange.getRequestBody().readAllBytes());
                    String identity = in.path("EmailIdentity").asText("");
                    authorize(exchange, action, identity);
                    checkIdentityName(identity);
                    if (!identities.create(identity)) {
                        throw new Refused(400, "AlreadyExistsException", "Email identity " + identity + " already exist.");
                    }
                    ObjectNode out = JSON.createObjectNode();
                    out.put("IdentityType", SesIdentities.isDomain(identity) ? "DOMAIN" : "EMAIL_ADDRESS");
                    out.put("VerifiedForSendingStatus", true);
                    send(exchange, 200, out.toString(), "application/json");
                } else if (name.isEmpty() && method.equals("GET")) {
                    authorize(exchange, action, "");
                    ObjectNode out = JSON.createObjectNode();
                    ArrayNode list = out.putArray("EmailIdentities");
                    identities.list().forEach(i -> list.addObject().put("IdentityType", SesIdentities.isDomain(i) ? "DOMAIN" : "EMAIL_ADDRESS")
                            .put("IdentityName", i).put("SendingEnabled", true).put("VerificationStatus", "SUCCESS"));
                    send(exchange, 200, out.toString(), "application/json");
                } else if (!name.isEmpty() && method.equals("GET")) {
                    authorize(exchange, action, name);
                    if (!verifyAll && !identities.exists(name)) {
                        throw new Refused(404, "NotFoundException", "Email identity " + name + " does not exist.");
                    }
                    ObjectNode out = JSON.createObjectNode();
                    out.put("IdentityType", SesIdentities.isDomain(name) ? "DOMAIN" : "EMAIL_ADDRESS");
                    out.put("FeedbackForwardingStatus", true);
                    out.put("VerifiedForSendingStatus", true);
                    out.put("VerificationStatus", "SUCCESS");
                    out.putObject("DkimAttributes").put("SigningEnabled", false).put("Status", "NOT_STARTED");
                    send(exchange, 200, out.toString(), "application/json");
                } else if (!name.isEmpty() && method.equals("DELETE")) {
                    authorize(exchange, action, name);
                    if (!identities.delete(name)) {
                        throw new Refused(404, "NotFoundException", "Email identity " + name + " does not exist.");
                    }
                    send(exchange, 200, "{}", "application/json");
                } else {
                    throw new Refused(405, "BadRequestException", method + " is not an operation on email identities");
                }
            } catch (Refused e) {
                error(exchange, e.status, e.code, e.getMessage());
            } catch (IOException e) {
                error(exchange, 400, "BadRequestException", "the body is not JSON");
            }
        }
    }

    private static void checkIdentityName(String identity) {
        if (identity.isEmpty()) {
            throw Refused.badRequest("EmailIdentity is required");
        }
        String probe = SesIdentities.isDomain(identity) ? "postmaster@" + identity : identity;
        awards.platform.EmailAddress.problem(probe).ifPresent(p -> {
            throw Refused.badRequest("Invalid email identity <" + identity + ">: " + p);
        });
    }

    private void account(HttpExchange exchange) throws IOException {
        try (exchange) {
            ObjectNode out = JSON.createObjectNode();
            out.put("ProductionAccessEnabled", !sandbox);
            out.put("SendingEnabled", true);
            out.put("EnforcementStatus", "HEALTHY");
            out.putObject("SendQuota").put("Max24HourSend", limits.dailyQuota() > 0 ? limits.dailyQuota() : 50000)
                    .put("MaxSendRate", limits.rate() > 0 ? limits.rate() : 1000).put("SentLast24Hours", limits.sentLast24Hours(clock.now()));
            send(exchange, 200, out.toString(), "application/json");
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
                for (String header : List.of("From", "To", "Cc", "Bcc", "Reply-To")) {
                    String value = parsed.getHeader(header, ",");
                    if (value != null) {
                        try {
                            for (InternetAddress one : InternetAddress.parseHeader(value, true)) {
                                parse(one.toString());
                            }
                        } catch (AddressException e) {
                            throw Refused.badRequest("Illegal address");
                        }
                    }
                }
                for (String kind : List.of("ToAddresses", "CcAddresses", "BccAddresses")) {
                    addresses(in.path("Destination").path(kind));
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
            InternetAddress sender = parse(from);
            List<InternetAddress> to = addresses(in.path("Destination").path("ToAddresses"));
            List<InternetAddress> cc = addresses(in.path("Destination").path("CcAddresses"));
            List<InternetAddress> bcc = addresses(in.path("Destination").path("BccAddresses"));
            if (to.isEmpty() && cc.isEmpty() && bcc.isEmpty()) {
                throw new IllegalArgumentException("Destination needs at least one address");
            }
            if (to.size() + cc.size() + bcc.size() > MAX_RECIPIENTS) {
                throw new Refused(400, "MessageRejected", "Recipient count exceeds " + MAX_RECIPIENTS + ".");
            }
            MimeMessage m = new MimeMessage(Outbox.SESSION) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", "<" + id + "@email.local>");
                }
            };
            m.setFrom(sender);
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
            out.add(parse(a.asText()));
        }
        return out;
    }

    /**
     * An address as SES reads it: an optional display name, then an addr-spec SES can send to
     * ({@link awards.platform.EmailAddress}); anything else is "Illegal address", as SES answers.
     */
    static InternetAddress parse(String text) {
        if (!text.chars().allMatch(c -> c < 0x80)) {
            // SES has no SMTPUTF8: a display name must be MIME-encoded, a domain Punycode.
            throw Refused.badRequest("Illegal address");
        }
        try {
            InternetAddress parsed = new InternetAddress(text, true);
            if (awards.platform.EmailAddress.problem(parsed.getAddress()).isPresent()) {
                throw Refused.badRequest("Illegal address");
            }
            return parsed;
        } catch (AddressException e) {
            throw Refused.badRequest("Illegal address");
        }
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
                    list.add(Outbox.summary(s));
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
