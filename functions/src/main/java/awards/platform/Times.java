package awards.platform;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Date-times as people read them: "3 May 2027 at 17:00 BST". */
public final class Times {
    private static final DateTimeFormatter HUMAN = DateTimeFormatter.ofPattern("d MMMM uuuu 'at' HH:mm zzz", Locale.UK);

    private Times() {}

    public static String human(Instant instant, ZoneId zone) {
        return HUMAN.format(instant.atZone(zone));
    }

    /**
     * The time a schedule's run was due, from the input EventBridge Scheduler sends
     * ({@code {"time": "<aws.scheduler.scheduled-time>", ...}}): "now" for the work it starts.
     */
    public static Instant scheduled(com.fasterxml.jackson.databind.JsonNode event) {
        if (!event.path("time").isTextual()) {
            throw new IllegalArgumentException("expected a scheduled event with a time");
        }
        return Instant.parse(event.get("time").asText());
    }
}
