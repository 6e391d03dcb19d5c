package awards.notify;

import awards.cycle.Cycle;
import awards.nomination.Nomination;
import awards.platform.Times;
import java.util.HashMap;
import java.util.Map;

/** The values every email about a nomination can use. */
public final class Letters {
    private Letters() {}

    public static Map<String, Object> about(Cycle cycle, Nomination n) {
        Map<String, Object> v = new HashMap<>(about(cycle));
        v.put("reference", n.reference());
        v.put("nominee", n.submission().nominee().name());
        v.put("nominator", n.submission().nominator().name());
        v.put("category", cycle.category(n.submission().category()).map(Cycle.Category::name).orElse(n.submission().category()));
        return v;
    }

    public static Map<String, Object> about(Cycle cycle) {
        Map<String, Object> v = new HashMap<>();
        v.put("cycleName", cycle.name());
        v.put("closes", Times.human(cycle.milestones().closesAt(), cycle.zone()));
        v.put("shortlist", Times.human(cycle.milestones().shortlistAt(), cycle.zone()));
        v.put("ceremony", Times.human(cycle.milestones().ceremonyAt(), cycle.zone()));
        v.put("reference", "");
        return v;
    }
}
