package awards.platform;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Builds the AWS clients a handler needs from its environment map: the light URL-connection HTTP
 * client, the region from {@code AWS_REGION}, and the SDK's standard endpoint settings
 * ({@code AWS_ENDPOINT_URL_<SERVICE>}, then {@code AWS_ENDPOINT_URL}). Nothing here knows whether
 * it runs in AWS or on a laptop.
 */
public final class AwsClients {
    private final Env env;

    public AwsClients(Env env) {
        this.env = env;
    }

    public DynamoDbClient dynamoDb() {
        return configure(DynamoDbClient.builder(), "DYNAMODB").build();
    }

    public SfnClient stepFunctions() {
        return configure(SfnClient.builder(), "SFN").build();
    }

    public software.amazon.awssdk.services.sesv2.SesV2Client email() {
        return configure(software.amazon.awssdk.services.sesv2.SesV2Client.builder(), "SESV2").build();
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String service) {
        builder.region(Region.of(env.require("AWS_REGION")));
        builder.credentialsProvider(credentials());
        endpoint(service).ifPresent(url -> builder.endpointOverride(URI.create(url)));
        if (builder instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
            sync.httpClientBuilder(UrlConnectionHttpClient.builder());
        }
        return builder;
    }

    private Optional<String> endpoint(String service) {
        return env.optional("AWS_ENDPOINT_URL_" + service).or(() -> env.optional("AWS_ENDPOINT_URL"));
    }

    private AwsCredentialsProvider credentials() {
        Optional<String> key = env.optional("AWS_ACCESS_KEY_ID");
        Optional<String> secret = env.optional("AWS_SECRET_ACCESS_KEY");
        if (key.isEmpty() || secret.isEmpty()) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(env.optional("AWS_SESSION_TOKEN")
                .<software.amazon.awssdk.auth.credentials.AwsCredentials>map(
                        token -> AwsSessionCredentials.create(key.get(), secret.get(), token))
                .orElseGet(() -> AwsBasicCredentials.create(key.get(), secret.get())));
    }
}
