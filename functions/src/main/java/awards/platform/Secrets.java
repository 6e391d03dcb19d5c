package awards.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random ids and secrets, and the one-way hashes the table stores in their place. */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] BASE32 = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

    private Secrets() {}

    /** A 256-bit secret, URL-safe. */
    public static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A 130-bit opaque id in unambiguous lower-case letters and digits. */
    public static String id() {
        StringBuilder out = new StringBuilder(26);
        for (int i = 0; i < 26; i++) {
            out.append(BASE32[RANDOM.nextInt(BASE32.length)]);
        }
        return out.toString();
    }

    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code text} has the form of an id this system gives out; anything else is known to no one. */
    public static boolean isId(String text) {
        if (text == null || text.length() != 26) {
            return false;
        }
        for (int i = 0; i < 26; i++) {
            char c = text.charAt(i);
            if (!((c >= 'a' && c <= 'z' && c != 'l' && c != 'o') || (c >= '2' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    /** Stands in for the hash of an unknown id's secret, so that an unknown id costs what a wrong secret costs. */
    private static final String NO_SUCH_HASH = "0".repeat(64);

    /**
     * Compares a presented secret with a stored hash in time independent of where they differ; a
     * missing stored hash (the id is unknown) is compared all the same, against a hash nothing
     * matches, so an unknown id and a wrong secret cost the same.
     */
    public static boolean matches(String presented, String storedHash) {
        if (presented == null) {
            return false;
        }
        boolean equal = MessageDigest.isEqual(sha256(presented).getBytes(StandardCharsets.US_ASCII),
                (storedHash == null ? NO_SUCH_HASH : storedHash).getBytes(StandardCharsets.US_ASCII));
        return equal && storedHash != null;
    }
}
