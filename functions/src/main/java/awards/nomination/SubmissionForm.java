package awards.nomination;

import awards.cycle.Cycle;
import awards.platform.Problem.FieldError;
import awards.platform.Text;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Validates a submission against its cycle, collecting every problem before answering. */
public final class SubmissionForm {
    public static final int MAX_LINKS = 5;
    static final int MAX_CITATION_CODE_POINTS = 30_000;

    private SubmissionForm() {}

    /** The cycle id the body names, or null; read first, because the rest is checked against the cycle. */
    public static String cycleId(JsonNode body) {
        JsonNode node = body.path("cycleId");
        return node.isTextual() ? node.asText() : null;
    }

    /** Checks every field; {@code cycle} is null when the body named no known cycle. */
    public static Submission validate(JsonNode body, Cycle cycle, List<FieldError> errors) {
        String cycleId = Text.singleLine(body, "cycleId", 40, errors);
        if (cycleId != null && cycle == null && errors.stream().noneMatch(e -> e.field().equals("cycleId"))) {
            errors.add(new FieldError("cycleId", "is not a known awards cycle"));
        }
        String category = Text.singleLine(body, "category", 40, errors);
        if (category != null && cycle != null && cycle.category(category).isEmpty()) {
            errors.add(new FieldError("category", "is not a category of this cycle; choose one of "
                    + String.join(", ", cycle.categories().stream().map(Cycle.Category::id).toList())));
        }
        JsonNode nomineeNode = object(body, "nominee", errors);
        String nomineeName = Text.singleLine(nomineeNode, "name", 200, errors, "nominee.");
        Submission.Kind kind = kind(nomineeNode, errors);
        String nomineeOrg = Text.singleLine(nomineeNode, "organisation", 200, errors, "nominee.");
        JsonNode nominatorNode = object(body, "nominator", errors);
        String nominatorName = Text.singleLine(nominatorNode, "name", 200, errors, "nominator.");
        String nominatorEmail = Text.email(nominatorNode, "email", errors, "nominator.");
        String nominatorOrg = Text.singleLine(nominatorNode, "organisation", 200, errors, "nominator.");
        String citation = Text.multiLine(body, "citation", MAX_CITATION_CODE_POINTS, errors);
        if (citation != null && cycle != null) {
            int words = Text.words(citation);
            if (words > cycle.wordLimit()) {
                errors.add(new FieldError("citation", "has " + words + " words; the limit is " + cycle.wordLimit()));
            }
        }
        List<String> links = links(body.path("links"), errors);
        JsonNode confirmations = body.path("confirmations");
        confirmed(confirmations, "nomineeAware", "the nominee must know they are nominated", errors);
        confirmed(confirmations, "dataConsent", "we need consent to hold these details", errors);
        if (!errors.isEmpty()) {
            return null;
        }
        return new Submission(cycleId, category,
                new Submission.Nominee(nomineeName, kind, nomineeOrg),
                new Submission.Nominator(nominatorName, nominatorEmail, nominatorOrg),
                citation, links);
    }

    /** A confirmation is the JSON boolean {@code true}: not the string "true", not 1. */
    private static void confirmed(JsonNode confirmations, String field, String why, List<FieldError> errors) {
        JsonNode node = confirmations.path(field);
        if (!node.isBoolean() && !node.isMissingNode() && !node.isNull()) {
            errors.add(new FieldError("confirmations." + field, "must be the JSON boolean true, not " + node.getNodeType().name().toLowerCase(Locale.ROOT)));
        } else if (!node.asBoolean(false)) {
            errors.add(new FieldError("confirmations." + field, "is required: " + why));
        }
    }

    private static JsonNode object(JsonNode body, String field, List<FieldError> errors) {
        JsonNode node = body.path(field);
        if (!node.isObject()) {
            errors.add(new FieldError(field, "is required: an object"));
        }
        return node;
    }

    private static Submission.Kind kind(JsonNode nominee, List<FieldError> errors) {
        String text = nominee.path("kind").asText("");
        try {
            return Submission.Kind.valueOf(text.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("nominee.kind", "must be one of individual, team, network, programme"));
            return null;
        }
    }

    private static List<String> links(JsonNode node, List<FieldError> errors) {
        List<String> out = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            errors.add(new FieldError("links", "must be a list of up to " + MAX_LINKS + " web addresses"));
            return out;
        }
        if (node.size() > MAX_LINKS) {
            errors.add(new FieldError("links", "has " + node.size() + " links; the limit is " + MAX_LINKS));
        }
        for (int i = 0; i < node.size(); i++) {
            String field = "links[" + i + "]";
            JsonNode link = node.get(i);
            if (!link.isTextual() || !isWebAddress(link.asText())) {
                errors.add(new FieldError(field, "must be an http or https address of at most 2000 characters"));
            } else {
                out.add(link.asText());
            }
        }
        return List.copyOf(out);
    }

    private static boolean isWebAddress(String text) {
        if (text.length() > 2000 || text.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))) {
            return false;
        }
        try {
            URI uri = new URI(text);
            return ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
