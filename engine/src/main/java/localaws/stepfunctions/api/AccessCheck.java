package localaws.stepfunctions.api;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Authorises a call as IAM would: given the access key the request was signed with, the IAM
 * action ({@code states:StartExecution}) and the resource's ARN, why it is refused, or empty. The
 * engine knows no policies of its own; whoever embeds it may supply them.
 */
@FunctionalInterface
public interface AccessCheck {
    AccessCheck ALLOW_ALL = (key, action, resource) -> Optional.empty();
    Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/");

    Optional<String> deny(String accessKey, String action, String resource);

    /** The access key id of a SigV4 {@code Authorization} header ({@code Credential=<key>/<date>/...}). */
    static String accessKey(String authorization) {
        if (authorization == null) {
            return null;
        }
        Matcher m = CREDENTIAL.matcher(authorization);
        return m.find() ? m.group(1) : null;
    }
}
