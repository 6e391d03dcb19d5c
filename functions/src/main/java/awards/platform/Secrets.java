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

    /**
     * The id for {@code purpose}, the same each time (one judge's invitation to one entry, say), in
     * the form of {@link #id()}: a retried step finds the item it made before instead of making another.
     */
    public static String idFor(String purpose) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(("id|" + purpose).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder out = new StringBuilder(26);
        for (int i = 0; i < 26; i++) {
            out.append(BASE32[digest[i] & 31]);
        }
        return out.toString();
    }

    /**
     * Encrypts {@code text} (AES-256-GCM, a fresh 96-bit nonce) under a key derived from
     * {@code keyMaterial}, which the caller must not store: the sealed text is safe at rest.
     */
    public static String seal(String text, String keyMaterial) {
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
            c.init(javax.crypto.Cipher.ENCRYPT_MODE, aesKey(keyMaterial), new javax.crypto.spec.GCMParameterSpec(128, nonce));
            byte[] sealed = c.doFinal(text.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return "sealed:" + Base64.getEncoder().encodeToString(out);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text {@link #seal} sealed with the same key material; empty if the material differs or the text was changed. */
    public static java.util.Optional<String> open(String sealed, String keyMaterial) {
        if (sealed == null || !sealed.startsWith("sealed:")) {
            return java.util.Optional.empty();
        }
        try {
            byte[] all = Base64.getDecoder().decode(sealed.substring(7));
            javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
            c.init(javax.crypto.Cipher.DECRYPT_MODE, aesKey(keyMaterial), new javax.crypto.spec.GCMParameterSpec(128, all, 0, 12));
            return java.util.Optional.of(new String(c.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    private static javax.crypto.spec.SecretKeySpec aesKey(String keyMaterial) throws NoSuchAlgorithmException {
        return new javax.crypto.spec.SecretKeySpec(MessageDigest.getInstance("SHA-256").digest(("seal|" + keyMaterial).getBytes(StandardCharsets.UTF_8)), "AES");
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
