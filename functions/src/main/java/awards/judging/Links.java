package awards.judging;

import awards.platform.Secrets;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Judging links: {@code /judging/{id}/{secret}}, an opaque id and a 256-bit secret. The table
 * keeps only the secret's hash. The form's CSRF nonce is derived from the secret, so the page needs
 * no state and only someone who holds the link can produce it.
 */
public final class Links {
    private Links() {}

    public record Issued(String id, String secret) {
        public String url(String baseUrl) {
            return baseUrl + "/judging/" + id + "/" + secret;
        }
    }

    /**
     * A new secret for the link of {@code purpose}: its id is the same each time, so a step that
     * runs again replaces the secret its unsent link had rather than leaving a second link.
     */
    public static Issued issueFor(String purpose) {
        return new Issued(Secrets.idFor(purpose), Secrets.token());
    }

    public static String nonce(String secret) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(("csrf|" + secret).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean nonceMatches(String secret, String presented) {
        return presented != null && MessageDigest.isEqual(nonce(secret).getBytes(StandardCharsets.US_ASCII), presented.getBytes(StandardCharsets.US_ASCII));
    }
}
