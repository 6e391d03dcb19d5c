package awards.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import awards.local.LocalRuntime;
import awards.local.RuntimeOptions;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Each function is held to its own policies in the template, at the wire (issue 9): a call signed
 * with a function's access key (its logical id) outside its policy gets the service's own
 * AccessDeniedException; inside it, the call goes through; any other key is unrestricted.
 */
class IamIT {
    private static final Path CLI = Path.of("/usr/bin/aws");
    static LocalRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = LocalRuntime.start(RuntimeOptions.anyPorts(Path.of(".."), null).withDemo(true), new PrintStream(OutputStream.nullOutputStream()));
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    private static <B extends AwsClientBuilder<B, ?>> B as(B builder, String service, String key) {
        return builder.endpointOverride(URI.create(runtime.endpoint(service))).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, "local")));
    }

    private static String code(Throwable e) {
        return ((AwsServiceException) e).awsErrorDetails().errorCode();
    }

    @Test
    void dynamoDb_holdsAFunctionToItsPolicy_andLeavesOtherKeysAlone() {
        Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS("IAM#test"), "sk", AttributeValue.fromS("x"));
        try (DynamoDbClient get = as(DynamoDbClient.builder(), "DynamoDB Local", "GetNominationFunction").httpClientBuilder(UrlConnectionHttpClient.builder()).build();
             DynamoDbClient admin = as(DynamoDbClient.builder(), "DynamoDB Local", "NominationAdminFunction").httpClientBuilder(UrlConnectionHttpClient.builder()).build();
             DynamoDbClient developer = as(DynamoDbClient.builder(), "DynamoDB Local", "developer").httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            // GetNominationFunction may only GetItem.
            assertThat(get.getItem(b -> b.tableName("NominationsTable").key(item)).hasItem()).isFalse();
            assertThatThrownBy(() -> get.putItem(b -> b.tableName("NominationsTable").item(item)))
                    .satisfies(e -> assertThat(code(e)).isEqualTo("AccessDeniedException"))
                    .hasMessageContaining("User: arn:aws:sts::123456789012:assumed-role/GetNominationFunctionRole/GetNominationFunction "
                            + "is not authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:us-east-1:123456789012:table/NominationsTable");
            assertThatThrownBy(() -> get.scan(b -> b.tableName("NominationsTable"))).satisfies(e -> assertThat(code(e)).isEqualTo("AccessDeniedException"));
            // NominationAdminFunction may Query gsi1, and nothing on the table itself.
            assertThat(admin.query(b -> b.tableName("NominationsTable").indexName("gsi1").keyConditionExpression("gsi1pk = :p")
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("CYCLE#dia-2027")))).count()).isEqualTo(2);
            assertThatThrownBy(() -> admin.query(b -> b.tableName("NominationsTable").keyConditionExpression("pk = :p")
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("x"))))).satisfies(e -> assertThat(code(e)).isEqualTo("AccessDeniedException"));
            // Transactions are authorised per item.
            assertThatThrownBy(() -> get.transactWriteItems(b -> b.transactItems(t -> t.put(p -> p.tableName("NominationsTable").item(item)))))
                    .satisfies(e -> assertThat(code(e)).isEqualTo("AccessDeniedException"));
            // A key that is not a function's is unrestricted.
            developer.putItem(b -> b.tableName("NominationsTable").item(item));
            developer.deleteItem(b -> b.tableName("NominationsTable").key(item));
        }
        assertThat(runtime.iam().denials()).extracting(d -> d.principal() + " " + d.action()).contains(
                "GetNominationFunction dynamodb:PutItem", "GetNominationFunction dynamodb:Scan", "NominationAdminFunction dynamodb:Query",
                "GetNominationFunction dynamodb:PutItem");
    }

    @Test
    void stepFunctionsAndSes_holdAFunctionToItsPolicy() {
        try (SfnClient get = as(SfnClient.builder(), "Step Functions", "GetNominationFunction").httpClientBuilder(UrlConnectionHttpClient.builder()).build();
             SesV2Client submit = as(SesV2Client.builder(), "SES v2", "SubmitNominationFunction").httpClientBuilder(UrlConnectionHttpClient.builder()).build();
             SesV2Client get2 = as(SesV2Client.builder(), "SES v2", "GetNominationFunction").httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            assertThatThrownBy(() -> get.startExecution(b -> b.stateMachineArn(runtime.stateMachineArn()).name("nope").input("{}")))
                    .satisfies(e -> assertThat(code(e)).isEqualTo("AccessDeniedException"))
                    .hasMessageContaining("states:StartExecution on resource: " + runtime.stateMachineArn());
            // The submit function may send, but only as the template's SenderAddress (ses:FromAddress).
            assertThat(submit.sendEmail(b -> b.fromEmailAddress("awards@example.gov.uk").destination(d -> d.toAddresses("x@example.gov.uk"))
                    .content(c -> c.simple(m -> m.subject(s -> s.data("s")).body(x -> x.text(t -> t.data("b")))))).messageId()).isNotBlank();
            // Verified, by a key that may; the function still may not send as it.
            try (SesV2Client developer = as(SesV2Client.builder(), "SES v2", "developer").httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
                developer.createEmailIdentity(b -> b.emailIdentity("other@example.gov.uk"));
            }
            assertThatThrownBy(() -> submit.createEmailIdentity(b -> b.emailIdentity("another@example.gov.uk")))
                    .satisfies(e -> assertThat(code(e)).isEqualTo("AccessDeniedException"));
            assertThatThrownBy(() -> submit.sendEmail(b -> b.fromEmailAddress("other@example.gov.uk").destination(d -> d.toAddresses("x@example.gov.uk"))
                    .content(c -> c.simple(m -> m.subject(s -> s.data("s")).body(x -> x.text(t -> t.data("b")))))))
                    .satisfies(e -> assertThat(code(e)).isEqualTo("AccessDeniedException"));
            assertThatThrownBy(() -> get2.sendEmail(b -> b.fromEmailAddress("awards@example.gov.uk").destination(d -> d.toAddresses("x@example.gov.uk"))
                    .content(c -> c.simple(m -> m.subject(s -> s.data("s")).body(x -> x.text(t -> t.data("b")))))))
                    .satisfies(e -> assertThat(code(e)).isEqualTo("AccessDeniedException"));
        }
    }

    @Test
    void fromTheAwsCli_aFunctionsKey_isDeniedOutsideItsPolicy() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(CLI), "AWS CLI v2 not installed at /usr/bin/aws");
        List<String> command = new ArrayList<>(List.of(CLI.toString(), "dynamodb", "put-item", "--table-name", "NominationsTable",
                "--item", "{\"pk\":{\"S\":\"cli\"},\"sk\":{\"S\":\"cli\"}}", "--endpoint-url", runtime.endpoint("DynamoDB Local"),
                "--region", "us-east-1"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("AWS_ACCESS_KEY_ID", "GetNominationFunction");
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "local");
        pb.environment().put("AWS_PAGER", "");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isNotZero();
        assertThat(out).contains("AccessDeniedException", "is not authorized to perform: dynamodb:PutItem");
    }
}
