package awards.local.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import localaws.VirtualClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.AlreadyExistsException;
import software.amazon.awssdk.services.sesv2.model.BadRequestException;
import software.amazon.awssdk.services.sesv2.model.MessageRejectedException;
import software.amazon.awssdk.services.sesv2.model.NotFoundException;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;

/**
 * The local SES refuses what SES refuses (issue 9), through the real SDK client and the AWS CLI:
 * tag values, addresses, unverified senders and (in the sandbox) recipients, more than 50
 * recipients, the sending rate. Each guards a defect that passed locally and failed in AWS.
 */
class SesParityIT {
    private static final Path CLI = Path.of("/usr/bin/aws");
    @TempDir
    Path dir;
    private SesServer server;
    private SesV2Client ses;

    private void start(boolean sandbox, double rate, String... verified) throws Exception {
        SesIdentities identities = new SesIdentities(dir.resolve("identities.json"));
        for (String v : verified) {
            identities.create(v);
        }
        server = new SesServer(new Outbox(dir.resolve("outbox")), VirtualClock.running(Instant.parse("2027-05-01T09:00:00Z")), 0, identities,
                SendingLimits.of(sandbox, rate), sandbox, "eu-west-2");
        // No SDK retries: each refusal is seen as SES gave it.
        ses = SesV2Client.builder().endpointOverride(URI.create(server.endpoint())).region(Region.EU_WEST_2)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(1)))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @AfterEach
    void stop() {
        if (ses != null) {
            ses.close();
            server.close();
        }
    }

    private static SendEmailRequest mail(String from, List<String> to, String tagValue) {
        return SendEmailRequest.builder().fromEmailAddress(from).destination(d -> d.toAddresses(to))
                .content(c -> c.simple(m -> m.subject(s -> s.data("Subject")).body(b -> b.text(t -> t.data("Body")))))
                .emailTags(t -> t.name("about").value(tagValue)).build();
    }

    @Test
    void aTagValueWithADot_isRefused_asSesRefusesIt() throws Exception {
        // The chair invitation was tagged "cycle.category": SES answers BadRequestException.
        start(false, 0, "example.gov.uk");
        assertThatThrownBy(() -> ses.sendEmail(mail("awards@example.gov.uk", List.of("chair@example.gov.uk"), "dia-2027.mentoring")))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("Invalid tag value");
        assertThatThrownBy(() -> ses.sendEmail(mail("awards@example.gov.uk", List.of("chair@example.gov.uk"), "x".repeat(257))))
                .isInstanceOf(BadRequestException.class);
        assertThat(ses.sendEmail(mail("awards@example.gov.uk", List.of("chair@example.gov.uk"), "dia-2027-mentoring_1")).messageId()).isNotBlank();
    }

    @Test
    void addressesSesCannotSendTo_areIllegal() throws Exception {
        start(false, 0, "example.gov.uk");
        for (String bad : List.of("a..b@example.com", ".a@example.com", "a@example..com", "a\u200b@example.com", "a\u202e@example.com",
                "jos\u00e9@example.com", "a@b\u00fccher.example")) {
            assertThatThrownBy(() -> ses.sendEmail(mail("awards@example.gov.uk", List.of(bad), "t")))
                    .as(bad).isInstanceOf(BadRequestException.class).hasMessageContaining("Illegal address");
        }
        assertThat(ses.sendEmail(mail("Awards team <awards@example.gov.uk>", List.of("a@xn--bcher-kva.example"), "t")).messageId()).isNotBlank();
    }

    @Test
    void anUnverifiedSender_isRejected_namingTheIdentity() throws Exception {
        start(false, 0, "awards@example.gov.uk");
        assertThatThrownBy(() -> ses.sendEmail(mail("someone@example.org", List.of("x@example.gov.uk"), "t")))
                .isInstanceOf(MessageRejectedException.class)
                .hasMessageContaining("Email address is not verified. The following identities failed the check in region EU-WEST-2: someone@example.org");
        // The address itself, or its domain, makes a verified sender.
        assertThat(ses.sendEmail(mail("awards@example.gov.uk", List.of("x@example.gov.uk"), "t")).messageId()).isNotBlank();
        ses.createEmailIdentity(b -> b.emailIdentity("example.org"));
        assertThat(ses.sendEmail(mail("someone@example.org", List.of("x@example.gov.uk"), "t")).messageId()).isNotBlank();
    }

    @Test
    void identities_canBeCreatedReadListedAndDeleted_andPersist() throws Exception {
        start(false, 0);
        assertThat(ses.createEmailIdentity(b -> b.emailIdentity("awards@example.gov.uk")).verifiedForSendingStatus()).isTrue();
        assertThatThrownBy(() -> ses.createEmailIdentity(b -> b.emailIdentity("awards@example.gov.uk"))).isInstanceOf(AlreadyExistsException.class);
        assertThat(ses.getEmailIdentity(b -> b.emailIdentity("awards@example.gov.uk")).verifiedForSendingStatus()).isTrue();
        assertThat(ses.listEmailIdentities(b -> { }).emailIdentities()).extracting(i -> i.identityName()).containsExactly("awards@example.gov.uk");
        assertThat(new SesIdentities(dir.resolve("identities.json")).exists("awards@example.gov.uk")).isTrue();
        ses.deleteEmailIdentity(b -> b.emailIdentity("awards@example.gov.uk"));
        assertThatThrownBy(() -> ses.getEmailIdentity(b -> b.emailIdentity("awards@example.gov.uk"))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> ses.createEmailIdentity(b -> b.emailIdentity("not an identity"))).isInstanceOf(BadRequestException.class);
    }

    @Test
    void inTheSandbox_recipientsMustBeVerifiedToo() throws Exception {
        start(true, 1000, "awards@example.gov.uk", "judge@example.gov.uk");
        assertThatThrownBy(() -> ses.sendEmail(mail("awards@example.gov.uk", List.of("judge@example.gov.uk", "nominator@example.org"), "t")))
                .isInstanceOf(MessageRejectedException.class).hasMessageContaining("in region EU-WEST-2: nominator@example.org (");
        assertThat(ses.sendEmail(mail("awards@example.gov.uk", List.of("judge@example.gov.uk"), "t")).messageId()).isNotBlank();
        assertThat(ses.getAccount(b -> { }).productionAccessEnabled()).isFalse();
        assertThat(ses.getAccount(b -> { }).sendQuota().max24HourSend()).isEqualTo(200.0);
    }

    @Test
    void moreThanFiftyRecipients_areRejected() throws Exception {
        start(false, 0, "example.gov.uk");
        List<String> many = IntStream.range(0, 51).mapToObj(i -> "r" + i + "@example.gov.uk").toList();
        assertThatThrownBy(() -> ses.sendEmail(mail("awards@example.gov.uk", many, "t"))).isInstanceOf(MessageRejectedException.class)
                .hasMessageContaining("Recipient count exceeds 50");
        assertThat(ses.sendEmail(mail("awards@example.gov.uk", many.subList(0, 50), "t")).messageId()).isNotBlank();
    }

    @Test
    void overTheSendingRate_isThrottled_with429() throws Exception {
        start(false, 5, "example.gov.uk");
        int throttled = 0;
        for (int i = 0; i < 20; i++) {
            try {
                ses.sendEmail(mail("awards@example.gov.uk", List.of("x@example.gov.uk"), "t"));
            } catch (SesV2Exception e) {
                assertThat(e.statusCode()).isEqualTo(429);
                assertThat(e.isThrottlingException()).isTrue();
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Maximum sending rate exceeded.");
                throttled++;
            }
        }
        // A burst of 20 at 5/s: the bucket holds 5, and the loop takes well under 3 s.
        assertThat(throttled).isBetween(5, 15);
    }

    @Test
    void fromTheAwsCli_aDotInATag_andAnUnverifiedSender_areRefused() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(CLI), "AWS CLI v2 not installed at /usr/bin/aws");
        start(false, 0, "awards@example.gov.uk");
        String content = "{\"Simple\":{\"Subject\":{\"Data\":\"s\"},\"Body\":{\"Text\":{\"Data\":\"b\"}}}}";
        String tagged = cli("sesv2", "send-email", "--from-email-address", "awards@example.gov.uk", "--destination", "ToAddresses=x@example.gov.uk",
                "--content", content, "--email-tags", "Name=about,Value=dia-2027.mentoring");
        assertThat(tagged).contains("BadRequestException").contains("Invalid tag value");
        String unverified = cli("sesv2", "send-email", "--from-email-address", "someone@example.org", "--destination", "ToAddresses=x@example.gov.uk",
                "--content", content);
        assertThat(unverified).contains("MessageRejected").contains("Email address is not verified");
    }

    private String cli(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(CLI.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint-url", server.endpoint(), "--region", "eu-west-2", "--output", "json"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("AWS_ACCESS_KEY_ID", "local");
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "local");
        pb.environment().put("AWS_PAGER", "");
        pb.environment().put("AWS_MAX_ATTEMPTS", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isNotZero();
        return out;
    }
}
