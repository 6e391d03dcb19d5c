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
}
