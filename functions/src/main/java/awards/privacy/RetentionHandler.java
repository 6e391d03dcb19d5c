package awards.privacy;

import awards.platform.Env;
import java.time.Instant;
import java.util.Map;

/**
 * Run daily by its schedule: erases the personal data of every cycle whose retention (days after
 * its ceremony) has passed. "Now" is the scheduled event's {@code time}, so locally it follows the
 * runtime's clock.
 */
public final class RetentionHandler extends awards.platform.ScheduledHandler {
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
    protected Object run(Instant scheduled) {
        return personalData.retain(scheduled);
    }
}
