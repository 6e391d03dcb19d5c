package awards.platform;

import java.util.Map;
import java.util.Optional;

/**
 * A function's configuration, as its environment map. The no-argument handler constructors pass
 * {@code System.getenv()}; the local runtime passes the map it resolved from the template. Every
 * name is read through {@link Map#get}, so a test can watch what the code reads.
 */
public final class Env {
    private final Map<String, String> values;

    public Env(Map<String, String> values) {
        this.values = values;
    }

    public String require(String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return value;
    }

    public Optional<String> optional(String name) {
        return Optional.ofNullable(values.get(name)).filter(v -> !v.isBlank());
    }
}
