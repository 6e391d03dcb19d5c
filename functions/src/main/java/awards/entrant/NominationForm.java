package awards.entrant;

import awards.nomination.Submission;
import awards.pages.FormBody;
import awards.platform.Json;
import awards.platform.Problem.FieldError;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The nomination form's answers, as the page holds them: each field named by its path in the JSON
 * body of {@code POST /nominations}, so the form becomes that body and one validator checks both,
 * and each of the validator's problems goes back to its field with the same words.
 */
record NominationForm(Map<String, String> values) {
    static final String NOMINEE_AWARE = "confirmations.nomineeAware";
    static final String DATA_CONSENT = "confirmations.dataConsent";
    /** The answers in the order the form and the check page ask them. */
    static final List<String> FIELDS = List.of("category", "nominee.name", "nominee.kind", "nominee.organisation", "citation", "links",
            "nominator.name", "nominator.email", "nominator.organisation", NOMINEE_AWARE, DATA_CONSENT);
    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry("category", "The category"),
            Map.entry("nominee.name", "The nominee's name"),
            Map.entry("nominee.kind", "Who you are nominating"),
            Map.entry("nominee.organisation", "The nominee's organisation"),
            Map.entry("nominator.name", "Your name"),
            Map.entry("nominator.email", "Your email address"),
            Map.entry("nominator.organisation", "Your organisation"),
            Map.entry("citation", "The citation"),
            Map.entry("links", "Supporting links"),
            Map.entry(NOMINEE_AWARE, "Confirmation that the nominee knows"),
            Map.entry(DATA_CONSENT, "Your consent"));

    /** The answers a posted form holds (line breaks as {@code \n}, as typed). */
    static NominationForm of(FormBody form) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : FIELDS) {
            String v = form.first(field);
            if (v != null) {
                values.put(field, v.replace("\r\n", "\n").replace('\r', '\n'));
            }
        }
        return new NominationForm(values);
    }

    /** The answers of a stored submission, for correcting it. */
    static NominationForm of(Submission s) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("category", s.category());
        values.put("nominee.name", s.nominee().name());
        values.put("nominee.kind", s.nominee().kind().name());
        values.put("nominee.organisation", s.nominee().organisation());
        values.put("nominator.name", s.nominator().name());
        values.put("nominator.email", s.nominator().email());
        values.put("nominator.organisation", s.nominator().organisation());
        values.put("citation", s.citation());
        values.put("links", String.join("\n", s.links()));
        values.put(NOMINEE_AWARE, "yes");
        values.put(DATA_CONSENT, "yes");
        return new NominationForm(values);
    }

    String value(String field) {
        return values.getOrDefault(field, "");
    }

    boolean checked(String field) {
        return "yes".equals(values.get(field));
    }

    /**
     * The JSON body these answers make, field for field as an API client would send it: an empty
     * answer is an empty string (which the validator calls required), links are the non-blank
     * lines, a ticked box is {@code true}. The same answers always make the same bytes, so a
     * repeated submission is recognised by its Idempotency-Key and body.
     */
    ObjectNode toJson(String cycleId) {
        ObjectNode body = Json.object();
        body.put("cycleId", cycleId);
        body.put("category", value("category"));
        ObjectNode nominee = body.putObject("nominee");
        nominee.put("name", value("nominee.name"));
        nominee.put("kind", value("nominee.kind"));
        nominee.put("organisation", value("nominee.organisation"));
        ObjectNode nominator = body.putObject("nominator");
        nominator.put("name", value("nominator.name"));
        nominator.put("email", value("nominator.email"));
        nominator.put("organisation", value("nominator.organisation"));
        body.put("citation", value("citation"));
        ArrayNode links = body.putArray("links");
        value("links").lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(links::add);
        ObjectNode confirmations = body.putObject("confirmations");
        if (checked(NOMINEE_AWARE)) {
            confirmations.put("nomineeAware", true);
        }
        if (checked(DATA_CONSENT)) {
            confirmations.put("dataConsent", true);
        }
        return body;
    }

    /** The form field a problem of the validator belongs to: {@code links[2]} is the links box's. */
    static String fieldOf(FieldError error) {
        String f = error.field();
        return f.startsWith("links") ? "links" : f;
    }

    /** The HTML id of a field's input (its first option, for radios). */
    static String id(String field) {
        return field.replace('.', '-');
    }

    /**
     * The validator's message as the page says it: the field's name, then the API's own words, so
     * an entrant and an API client are told the same thing.
     */
    static String message(FieldError error) {
        String f = error.field();
        String label = f.startsWith("links[")
                ? "Supporting link " + (Integer.parseInt(f.substring(6, f.indexOf(']'))) + 1)
                : LABELS.getOrDefault(f, f);
        return label + " " + error.message();
    }

    /** Each field's problems, joined, in the form's order. */
    static Map<String, String> errorsByField(List<FieldError> errors) {
        Map<String, List<String>> grouped = new LinkedHashMap<>();
        for (FieldError e : errors) {
            grouped.computeIfAbsent(fieldOf(e), k -> new ArrayList<>()).add(message(e));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String field : FIELDS) {
            if (grouped.containsKey(field)) {
                out.put(field, String.join(". ", grouped.remove(field)));
            }
        }
        grouped.forEach((field, messages) -> out.put(field, String.join(". ", messages)));
        return out;
    }
}
