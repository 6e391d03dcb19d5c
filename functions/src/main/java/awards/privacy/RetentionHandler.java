package awards.privacy;

import awards.platform.Env;
import awards.platform.Json;
import awards.platform.Logs;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Map;

/**
 * Run daily by its schedule: erases the personal data of every cycle whose retention (days after
 * its ceremony) has passed. "Now" is the scheduled event's {@code time}, so locally it follows the
 * runtime's clock.
 */
public final class RetentionHandler implements RequestStreamHandler {
    private final PersonalData personalData;

    public RetentionHandler() {
        this(System.getenv());
    }

    public RetentionHandler(Map<String, String> environment) {
        this(PrivacyAdminHandler.wire(new Env(environment)));
    }

    public RetentionHandler(PersonalData personalData) {
        this.personalData = personalData;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Logs.during(context, () -> {
            JsonNode event = Json.MAPPER.readTree(input);
            Json.MAPPER.writeValue(output, personalData.retain(awards.platform.Times.scheduled(event)));
            return null;
        });
    }
}
