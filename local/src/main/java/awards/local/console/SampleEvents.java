package awards.local.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The request bodies of the sample API events under {@code events/api}. */
public final class SampleEvents {
    public static final String SOCIAL_MOBILITY = "submit-nomination-social-mobility-network";
    public static final String MUTUAL_MENTORING = "submit-nomination-mutual-mentoring";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SampleEvents() {}

    public static String body(Path root, String sample) throws IOException {
        return JSON.readTree(Files.readString(root.resolve("events/api/" + sample + ".json"))).path("body").asText();
    }
}
