package localaws;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Plain HTTP requests to the local AWS endpoints, signed as the AWS SDKs sign them (SigV4, by the
 * SDK's own signer): those endpoints answer nothing else, as AWS answers nothing else.
 */
public final class Signed {
    private Signed() {}

    /** A request to {@code uri} for {@code service} ("ses", "states", "lambda", "dynamodb"), signed with test credentials. */
    public static HttpRequest.Builder request(String method, String uri, String service, String body) {
        SdkHttpRequest unsigned = SdkHttpRequest.builder().uri(URI.create(uri)).method(SdkHttpMethod.fromValue(method)).build();
        var signed = AwsV4HttpSigner.create().sign(r -> r.identity(AwsCredentialsIdentity.create("test", "test"))
                .request(unsigned)
                .payload(body == null ? null : ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (Map.Entry<String, List<String>> h : signed.request().headers().entrySet()) {
            if (!h.getKey().equalsIgnoreCase("host")) {
                h.getValue().forEach(v -> b.header(h.getKey(), v));
            }
        }
        return b;
    }

    public static HttpRequest get(String uri, String service) {
        return request("GET", uri, service, null).build();
    }
}
