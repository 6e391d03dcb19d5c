package localaws.stepfunctions.json.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/** {@code States.Hash(data, algorithm)}: the hex digest of the data (text as is, anything else as JSON text). */
final class Hash extends AbstractIntrinsic {
    private static final Set<String> ALGORITHMS = Set.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512");

    Hash() {
        super("States.Hash", 2, 2);
    }

    @Override
    public JsonNode apply(Args a) {
        String algorithm = a.text(1);
        if (!ALGORITHMS.contains(algorithm)) {
            throw new IllegalArgumentException("the hash algorithm must be one of " + ALGORITHMS);
        }
        JsonNode data = a.get(0);
        String text = data.isTextual() ? data.asText() : data.toString();
        try {
            return Args.NODES.textNode(HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8))));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
