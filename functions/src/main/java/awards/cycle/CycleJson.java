package awards.cycle;

import awards.platform.Json;
import awards.platform.Problem.FieldError;
import awards.platform.Text;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads a cycle from an admin's JSON, listing every problem at once, and writes it back. */
public final class CycleJson {
    public static final Pattern CYCLE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    /** The route's {@code {cycleId}}, or the 404 every unknown cycle gets if it could not be one. */
    public static String cycleIdOf(awards.platform.ApiRequest request) {
        String id = request.pathParam("cycleId");
        if (id == null || !CYCLE_ID.matcher(id).matches()) {
            throw awards.platform.Problem.notFound().exception();
        }
        return id;
    }
    public static final Pattern CATEGORY_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final Pattern PREFIX = Pattern.compile("[A-Z]{2,6}");
    static final java.time.Duration MAX_SPAN = java.time.Duration.ofDays(364);
    private static final String[] MILESTONES = {"opensAt", "closesAt", "shortlistAt", "ceremonyAt"};

    private CycleJson() {}

    /** Parses {@code body}; adds to {@code errors} and returns null when anything is wrong. */
    public static Cycle parse(String id, JsonNode body, List<FieldError> errors) {
        String name = Text.singleLine(body, "name", 200, errors);
        String prefix = body.path("referencePrefix").asText("");
        if (!PREFIX.matcher(prefix).matches()) {
            errors.add(new FieldError("referencePrefix", "must be 2 to 6 capital letters, e.g. DIA"));
        }
        ZoneId zone = ZoneId.of("Europe/London");
        if (body.hasNonNull("timeZone")) {
            try {
                zone = ZoneId.of(body.get("timeZone").asText());
            } catch (DateTimeException e) {
                errors.add(new FieldError("timeZone", "is not a time zone id such as Europe/London"));
            }
        }
        Instant[] at = new Instant[MILESTONES.length];
        for (int i = 0; i < MILESTONES.length; i++) {
            at[i] = dateTime(body.path("milestones").path(MILESTONES[i]), zone, "milestones." + MILESTONES[i], errors);
        }
        for (int i = 1; i < at.length; i++) {
            if (at[i - 1] != null && at[i] != null && !at[i].isAfter(at[i - 1])) {
                errors.add(new FieldError("milestones." + MILESTONES[i], "must be after " + MILESTONES[i - 1]));
            }
        }
        // Each nomination is one Standard execution, from its submission to just after the ceremony;
        // AWS stops a Standard execution after one year
        // (https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html). A day's margin
        // covers the spread of wake-ups and the last steps.
        if (at[0] != null && at[3] != null && at[3].isAfter(at[0].plus(MAX_SPAN))) {
            errors.add(new FieldError("milestones.ceremonyAt", "must be at most " + MAX_SPAN.toDays() + " days after opensAt: "
                    + "each nomination is one Step Functions execution, and AWS stops those after a year"));
        }
        // A category's majority is bounded by its judges per nomination: its own, or else the cycle's.
        List<Cycle.Category> categories = categories(body.path("categories"), body.path("judging").path("judgesPerNomination").asInt(JUDGES_PER_NOMINATION), errors);
        Instant judgingClosesAt = judgingClosesAt(body.path("milestones").path("judgingClosesAt"), zone, at[1], at[2],
                categories.stream().anyMatch(c -> c != null && c.scored()), errors);
        int wordLimit = body.path("wordLimit").asInt(-1);
        if (!body.path("wordLimit").isIntegralNumber() || wordLimit < 50 || wordLimit > 5000) {
            errors.add(new FieldError("wordLimit", "must be a whole number of words from 50 to 5000"));
        }
        String sender = Text.email(body, "sender", errors);
        Cycle.Judging judging = judging(body.path("judging"), sender, errors);
        // UK GDPR's storage limitation: personal data goes this many days after the ceremony (a year unless set).
        int retention = body.path("retentionDaysAfterCeremony").asInt(Cycle.DEFAULT_RETENTION_DAYS);
        if (body.has("retentionDaysAfterCeremony")
                && (!body.get("retentionDaysAfterCeremony").isIntegralNumber() || retention < 1 || retention > 3650)) {
            errors.add(new FieldError("retentionDaysAfterCeremony", "must be a whole number of days from 1 to 3650"));
        }
        if (!errors.isEmpty()) {
            return null;
        }
        return new Cycle(id, name, prefix, zone, new Cycle.Milestones(at[0], at[1], judgingClosesAt, at[2], at[3]), categories,
                wordLimit, sender, judging, retention, 0);
    }

    /** How long the chair of a scored category has to confirm its shortlist when the cycle does not set the round's end. */
    static final java.time.Duration CHAIR_WINDOW = java.time.Duration.ofDays(7);

    /**
     * The end of the judges' round: as given (after the close, at the latest the shortlist date);
     * when not given, the shortlist date, or a week before it when a category is scored, so that its
     * chair has time to confirm the shortlist.
     */
    private static Instant judgingClosesAt(JsonNode node, ZoneId zone, Instant closesAt, Instant shortlistAt, boolean scored, List<FieldError> errors) {
        String field = "milestones.judgingClosesAt";
        if (node.isMissingNode() || node.isNull()) {
            if (closesAt == null || shortlistAt == null) {
                return null;
            }
            if (!scored) {
                return shortlistAt;
            }
            Instant weekBefore = shortlistAt.minus(CHAIR_WINDOW);
            if (!weekBefore.isAfter(closesAt)) {
                errors.add(new FieldError(field, "is required when a category is scored and the shortlist date is within a week of closesAt: "
                        + "the judges' round must end before shortlistAt, so that the chair can confirm the shortlist"));
                return null;
            }
            return weekBefore;
        }
        Instant at = dateTime(node, zone, field, errors);
        if (at == null || closesAt == null || shortlistAt == null) {
            return at;
        }
        if (!at.isAfter(closesAt)) {
            errors.add(new FieldError(field, "must be after closesAt"));
        } else if (at.isAfter(shortlistAt)) {
            errors.add(new FieldError(field, "must be at the latest shortlistAt"));
        } else if (scored && !at.isBefore(shortlistAt)) {
            errors.add(new FieldError(field, "must be before shortlistAt when a category is scored, so that the chair can confirm the shortlist"));
        }
        return at;
    }

    /** A cycle's judges per nomination and reminder lead (days before judging closes) unless it sets its own. */
    static final int JUDGES_PER_NOMINATION = 3;
    static final int REMINDER_DAYS = 7;

    /** Optional: {@code {"judgesPerNomination": 3, "majority": 2, "reminderDaysBeforeShortlist": 7, "adminEmail": "..."}}. */
    private static Cycle.Judging judging(JsonNode node, String sender, List<FieldError> errors) {
        Cycle.Panelling p = panelling(node, "judging.", JUDGES_PER_NOMINATION, errors);
        String admin = node.has("adminEmail") ? Text.email(node, "adminEmail", errors, "judging.") : sender;
        int perNomination = p.judgesPerNomination() == null ? JUDGES_PER_NOMINATION : p.judgesPerNomination();
        return new Cycle.Judging(perNomination, p.majority() == null ? perNomination / 2 + 1 : p.majority(),
                p.reminderDaysBeforeShortlist() == null ? REMINDER_DAYS : p.reminderDaysBeforeShortlist(), admin);
    }

    /**
     * The panel settings a cycle's {@code judging}, or a category's, may hold: {@code judgesPerNomination}
     * (1 to 15), {@code majority} (1 to the judges per nomination: those given here, or else
     * {@code perNominationElsewhere}) and {@code reminderDaysBeforeShortlist} (0 to 60); each null if absent.
     */
    private static Cycle.Panelling panelling(JsonNode node, String at, int perNominationElsewhere, List<FieldError> errors) {
        Integer perNomination = whole(node, "judgesPerNomination", 1, 15, at, "must be a whole number from 1 to 15", errors);
        int limit = perNomination != null ? perNomination : perNominationElsewhere;
        Integer majority = whole(node, "majority", 1, limit, at, "must be a whole number from 1 to judgesPerNomination", errors);
        Integer reminder = whole(node, "reminderDaysBeforeShortlist", 0, 60, at, "must be a whole number of days from 0 to 60", errors);
        return new Cycle.Panelling(perNomination, majority, reminder);
    }

    /** An optional whole number from {@code min} to {@code max}: null if absent, and an error with {@code problem} if out of range. */
    private static Integer whole(JsonNode node, String name, int min, int max, String at, String problem, List<FieldError> errors) {
        if (!node.has(name)) {
            return null;
        }
        JsonNode v = node.get(name);
        if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
            errors.add(new FieldError(at + name, problem));
            return null;
        }
        return v.asInt();
    }

    private static Instant dateTime(JsonNode node, ZoneId zone, String field, List<FieldError> errors) {
        if (!node.isTextual()) {
            errors.add(new FieldError(field, "is required: a date-time such as 2027-04-01T09:00 (in the cycle's time zone) or with an offset"));
            return null;
        }
        String text = node.asText();
        try {
            return ZonedDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notZoned) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException notOffset) {
                try {
                    return LocalDateTime.parse(text).atZone(zone).toInstant();
                } catch (DateTimeParseException notLocal) {
                    errors.add(new FieldError(field, "is not a date-time such as 2027-04-01T09:00"));
                    return null;
                }
            }
        }
    }

    private static List<Cycle.Category> categories(JsonNode node, int perNominationOfCycle, List<FieldError> errors) {
        List<Cycle.Category> out = new ArrayList<>();
        if (!node.isArray() || node.isEmpty()) {
            errors.add(new FieldError("categories", "is required: at least one category"));
            return out;
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String at = "categories[" + i + "]";
            JsonNode c = node.get(i);
            String id = c.path("id").asText("");
            if (!CATEGORY_ID.matcher(id).matches()) {
                errors.add(new FieldError(at + ".id", "must be lower-case letters, digits and dashes"));
            } else if (!ids.add(id)) {
                errors.add(new FieldError(at + ".id", "repeats category " + id));
            }
            String name = Text.singleLine(c, "name", 200, errors, at + ".");
            String description = c.path("description").isMissingNode() || c.path("description").isNull()
                    ? "" : Text.singleLine(c, "description", 300, errors, at + ".");
            Cycle.Person chair = person(c.path("panel").path("chair"), at + ".panel.chair", errors);
            List<Cycle.Person> judges = new ArrayList<>();
            JsonNode js = c.path("panel").path("judges");
            if (!js.isArray() || js.isEmpty()) {
                errors.add(new FieldError(at + ".panel.judges", "is required: at least one judge"));
            } else {
                for (int j = 0; j < js.size(); j++) {
                    judges.add(person(js.get(j), at + ".panel.judges[" + j + "]", errors));
                }
            }
            JsonNode j = c.path("judging");
            Cycle.Panelling panelling = j.isObject() ? panelling(j, at + ".judging.", perNominationOfCycle, errors) : Cycle.Panelling.NONE;
            out.add(new Cycle.Category(id, name, description, new Cycle.Panel(chair, List.copyOf(judges)), scoring(j, at + ".judging.", errors), panelling));
        }
        return out;
    }

    /**
     * A category's optional {@code judging}: {@code {"mode": "approve"}} (the default: judges approve
     * or decline, a majority decides) or {@code {"mode": "score", "criteria": [{"name", "description",
     * "weight"}], "scale": 5, "commentRequired": false, "shortlistSize": 5}}. Null for approve.
     */
    private static Cycle.Scoring scoring(JsonNode node, String at, List<FieldError> errors) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            errors.add(new FieldError(at.substring(0, at.length() - 1), "must be an object such as {\"mode\": \"score\", \"criteria\": [...]}"));
            return null;
        }
        String mode = node.path("mode").asText("approve");
        if (mode.equals("approve")) {
            for (String scoreOnly : List.of("criteria", "scale", "commentRequired", "shortlistSize")) {
                if (node.has(scoreOnly)) {
                    errors.add(new FieldError(at + scoreOnly, "applies only when mode is score"));
                }
            }
            return null;
        }
        if (!mode.equals("score")) {
            errors.add(new FieldError(at + "mode", "must be approve or score"));
            return null;
        }
        List<Cycle.Criterion> criteria = new ArrayList<>();
        JsonNode cs = node.path("criteria");
        if (!cs.isArray() || cs.isEmpty() || cs.size() > MAX_CRITERIA) {
            errors.add(new FieldError(at + "criteria", "is required when mode is score: 1 to " + MAX_CRITERIA + " criteria, each with a name and a weight"));
        } else {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < cs.size(); i++) {
                String ci = at + "criteria[" + i + "].";
                JsonNode c = cs.get(i);
                String name = Text.singleLine(c, "name", 80, errors, ci);
                if (name != null && !names.add(name.toLowerCase(java.util.Locale.ROOT))) {
                    errors.add(new FieldError(ci + "name", "repeats criterion " + name));
                }
                String description = c.path("description").isMissingNode() || c.path("description").isNull()
                        ? "" : Text.singleLine(c, "description", 300, errors, ci);
                int weight = c.path("weight").asInt(1);
                if (c.has("weight") && (!c.get("weight").isIntegralNumber() || weight < 1 || weight > 100)) {
                    errors.add(new FieldError(ci + "weight", "must be a whole number from 1 to 100"));
                }
                criteria.add(new Cycle.Criterion(name, description, weight));
            }
        }
        int scale = node.path("scale").asInt(5);
        if (node.has("scale") && (!node.get("scale").isIntegralNumber() || scale < 2 || scale > 10)) {
            errors.add(new FieldError(at + "scale", "must be a whole number from 2 to 10: judges score each criterion from 1 to it"));
        }
        if (node.has("commentRequired") && !node.get("commentRequired").isBoolean()) {
            errors.add(new FieldError(at + "commentRequired", "must be true or false"));
        }
        int size = node.path("shortlistSize").asInt(5);
        if (node.has("shortlistSize") && (!node.get("shortlistSize").isIntegralNumber() || size < 1 || size > 100)) {
            errors.add(new FieldError(at + "shortlistSize", "must be a whole number from 1 to 100"));
        }
        return new Cycle.Scoring(List.copyOf(criteria), scale, node.path("commentRequired").asBoolean(false), size);
    }

    static final int MAX_CRITERIA = 10;

    private static Cycle.Person person(JsonNode node, String at, List<FieldError> errors) {
        if (!node.isObject()) {
            errors.add(new FieldError(at, "is required: name, email and organisation"));
            return null;
        }
        return new Cycle.Person(
                Text.singleLine(node, "name", 200, errors, at + "."),
                Text.email(node, "email", errors, at + "."),
                Text.singleLine(node, "organisation", 200, errors, at + "."));
    }

    public static ObjectNode write(Cycle cycle) {
        ObjectNode out = Json.object();
        out.put("id", cycle.id());
        out.put("name", cycle.name());
        out.put("referencePrefix", cycle.referencePrefix());
        out.put("timeZone", cycle.zone().getId());
        ObjectNode m = out.putObject("milestones");
        m.put("opensAt", zoned(cycle.milestones().opensAt(), cycle.zone()));
        m.put("closesAt", zoned(cycle.milestones().closesAt(), cycle.zone()));
        m.put("judgingClosesAt", zoned(cycle.milestones().judgingClosesAt(), cycle.zone()));
        m.put("shortlistAt", zoned(cycle.milestones().shortlistAt(), cycle.zone()));
        m.put("ceremonyAt", zoned(cycle.milestones().ceremonyAt(), cycle.zone()));
        out.put("wordLimit", cycle.wordLimit());
        out.put("sender", cycle.sender());
        ArrayNode cs = out.putArray("categories");
        for (Cycle.Category c : cycle.categories()) {
            ObjectNode cn = cs.addObject().put("id", c.id()).put("name", c.name());
            if (c.description() != null && !c.description().isEmpty()) {
                cn.put("description", c.description());
            }
            if (c.panelling().any() && !c.scored()) {
                cn.putObject("judging").put("mode", "approve");
            }
            if (c.scored()) {
                ObjectNode j = cn.putObject("judging").put("mode", "score");
                ArrayNode criteria = j.putArray("criteria");
                c.scoring().criteria().forEach(k -> {
                    ObjectNode cn2 = criteria.addObject().put("name", k.name());
                    if (!k.description().isEmpty()) {
                        cn2.put("description", k.description());
                    }
                    cn2.put("weight", k.weight());
                });
                j.put("scale", c.scoring().scale()).put("commentRequired", c.scoring().commentRequired()).put("shortlistSize", c.scoring().shortlistSize());
            }
            if (c.panelling().any()) {
                ObjectNode j = (ObjectNode) cn.get("judging");
                Cycle.Panelling own = c.panelling();
                if (own.judgesPerNomination() != null) {
                    j.put("judgesPerNomination", own.judgesPerNomination());
                }
                if (own.majority() != null) {
                    j.put("majority", own.majority());
                }
                if (own.reminderDaysBeforeShortlist() != null) {
                    j.put("reminderDaysBeforeShortlist", own.reminderDaysBeforeShortlist());
                }
            }
            ObjectNode panel = cn.putObject("panel");
            writePerson(panel.putObject("chair"), c.panel().chair());
            ArrayNode judges = panel.putArray("judges");
            c.panel().judges().forEach(j -> writePerson(judges.addObject(), j));
        }
        ObjectNode j = out.putObject("judging");
        j.put("judgesPerNomination", cycle.judging().judgesPerNomination());
        j.put("majority", cycle.judging().majority());
        j.put("reminderDaysBeforeShortlist", cycle.judging().reminderDaysBeforeShortlist());
        j.put("adminEmail", cycle.judging().adminEmail());
        out.put("retentionDaysAfterCeremony", cycle.retentionDays());
        out.put("version", cycle.version());
        return out;
    }

    private static void writePerson(ObjectNode node, Cycle.Person p) {
        node.put("name", p.name()).put("email", p.email()).put("organisation", p.organisation());
    }

    private static String zoned(Instant instant, ZoneId zone) {
        return instant.atZone(zone).toOffsetDateTime().toString();
    }

    /** Reads back what {@link #write} stored; stored cycles are valid by construction. */
    public static Cycle read(JsonNode stored) {
        List<FieldError> errors = new ArrayList<>();
        Cycle cycle = parse(stored.path("id").asText(), stored, errors);
        if (cycle == null) {
            throw new IllegalStateException("stored cycle " + stored.path("id").asText() + " is invalid: " + errors);
        }
        return cycle.withVersion(stored.path("version").asLong());
    }
}
