package awards.local.email;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The verified SES identities of the local account: email addresses and domains. Locally an
 * identity is verified the moment it is created (there is no inbox to click a link in, and no DNS
 * for DKIM); what is kept is exactly which identities exist, because SES refuses to send from
 * anything else. Kept in a file under the data folder, or only in memory.
 */
public final class SesIdentities {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final Set<String> identities = new TreeSet<>();

    public SesIdentities(Path file) {
        this.file = file;
        if (file != null && Files.exists(file)) {
            try {
                JSON.readTree(file.toFile()).forEach(n -> identities.add(n.asText()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the SES identities in " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** An address or a domain, as SES names it: domains and addresses compare without case. */
    static String normal(String identity) {
        return identity.toLowerCase(Locale.ROOT);
    }

    public static boolean isDomain(String identity) {
        return identity.indexOf('@') < 0;
    }

    /** Adds an identity; false if it existed. */
    public synchronized boolean create(String identity) {
        boolean added = identities.add(normal(identity));
        if (added) {
            save();
        }
        return added;
    }

    public synchronized boolean delete(String identity) {
        boolean removed = identities.remove(normal(identity));
        if (removed) {
            save();
        }
        return removed;
    }

    public synchronized boolean exists(String identity) {
        return identities.contains(normal(identity));
    }

    public synchronized List<String> list() {
        return new ArrayList<>(identities);
    }

    /**
     * The verified identity an address may send as (or be sent to, in the sandbox): the address
     * itself or its domain. SES checks the address first, then the domain
     * (https://docs.aws.amazon.com/ses/latest/dg/creating-identities.html).
     */
    public synchronized Optional<String> covering(String address) {
        String a = normal(address);
        if (identities.contains(a)) {
            return Optional.of(a);
        }
        int at = a.lastIndexOf('@');
        return at >= 0 && identities.contains(a.substring(at + 1)) ? Optional.of(a.substring(at + 1)) : Optional.empty();
    }

    private void save() {
        if (file == null) {
            return;
        }
        try {
            Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.writeString(temp, JSON.writeValueAsString(identities));
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the SES identities to " + file + ": " + e.getMessage(), e);
        }
    }
}
