package awards.entrant;

import static awards.entrant.Components.row;

import awards.cycle.Cycle;
import awards.nomination.Nomination;
import awards.nomination.NominationService;
import awards.nomination.Status;
import awards.nomination.Submission;
import awards.pages.Page;
import awards.platform.ApiResponse;
import awards.platform.Problem;
import awards.platform.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The entrants' pages: what each shows, built from a cycle, a form's answers or a nomination. */
final class NominationPages {
    private NominationPages() {}

    static ApiResponse home(List<Cycle> cycles, Instant now) {
        List<Map<String, Object>> shown = new ArrayList<>();
        for (Cycle c : cycles) {
            if (!now.isBefore(c.milestones().ceremonyAt())) {
                continue; // a past year's cycle: nothing an entrant can do
            }
            Map<String, Object> v = new HashMap<>();
            v.put("cycleName", c.name());
            v.put("state", c.isOpenAt(now) ? "Nominations are open until " + when(c.milestones().closesAt(), c) + "."
                    : now.isBefore(c.milestones().opensAt()) ? "Nominations open on " + when(c.milestones().opensAt(), c) + "."
                    : "Nominations closed on " + when(c.milestones().closesAt(), c) + ".");
            v.put("categories", c.categories().stream()
                    .map(cat -> Map.of("name", cat.name(), "description", cat.description() == null ? "" : cat.description())).toList());
            v.put("dates", dates(c));
            v.put("startButton", c.isOpenAt(now)
                    ? Components.linkButton("Start a nomination for the " + c.name(), "/cycles/" + c.id() + "/nominate", null, true) : false);
            shown.add(v);
        }
        return Page.response(200, "entrant/home", Map.of("title", "Nominate a colleague for an award", "cycles", shown));
    }

    /** The form, empty, with the answers given, or with the validator's problems beside them. */
    static ApiResponse form(int status, Cycle cycle, NominationForm answers, List<Problem.FieldError> problems, Correction correction) {
        Map<String, String> errors = NominationForm.errorsByField(problems);
        Map<String, Object> v = new HashMap<>();
        v.put("cycleName", cycle.name());
        v.put("hasErrors", !errors.isEmpty());
        if (!errors.isEmpty()) {
            List<Map<String, Object>> list = new ArrayList<>();
            errors.forEach((field, message) -> list.add(Map.of("href", NominationForm.id(field), "text", message)));
            v.put("errorSummary", Map.of("errorList", list));
        } else {
            v.put("errorSummary", false);
        }
        if (correction == null) {
            v.put("title", "Nominate for the " + cycle.name());
            v.put("intro", "Nominations close on " + when(cycle.milestones().closesAt(), cycle)
                    + ". You will check your answers before you send them. Every question is required unless it says it is optional.");
            v.put("action", "/cycles/" + cycle.id() + "/nominate");
            v.put("nonce", "");
            v.put("categoryRadios", Components.radios("category", "category", "Which category are you nominating for?",
                    "govuk-fieldset__legend--m", null, errors.get("category"),
                    cycle.categories().stream().map(c -> new Components.Option(c.id(), c.name(), c.description())).toList(),
                    answers.value("category")));
            v.put("categoryFixed", "");
            v.put("button", Components.button("Continue", null));
            v.put("backHref", "/");
        } else {
            v.put("title", "Change your nomination");
            v.put("intro", "Correct anything that needs it, then save. The category cannot change: to nominate in another, withdraw this nomination and make a new one.");
            v.put("action", correction.action());
            v.put("nonce", correction.nonce());
            v.put("categoryRadios", false);
            v.put("categoryFixed", categoryName(cycle, answers.value("category")));
            v.put("button", Components.button("Save changes", null));
            v.put("backHref", correction.statusHref());
        }
        v.put("nomineeName", input("nominee.name", "Their name", "The person's name, or the name of the team, network or programme.", errors, answers, "text", "off", null));
        v.put("nomineeKind", Components.radios("nominee-kind", "nominee.kind", "Who are you nominating?", "govuk-fieldset__legend--s", null,
                errors.get("nominee.kind"), List.of(
                        new Components.Option("individual", "A person", null),
                        new Components.Option("team", "A team", null),
                        new Components.Option("network", "A staff network", null),
                        new Components.Option("programme", "A programme", null)), answers.value("nominee.kind")));
        v.put("nomineeOrganisation", input("nominee.organisation", "Their organisation", "For example, the department or agency.", errors, answers, "text", "off", null));
        v.put("citation", Components.wordCount("citation", "citation", "Citation",
                "What did they do, for whom, and what changed because of it? The judges read this first.",
                errors.get("citation"), answers.value("citation"), 10, cycle.wordLimit()));
        v.put("links", Components.textarea("links", "links", "Supporting links (optional)",
                "Up to 5 web addresses, one on each line, such as a blog post, an evaluation or a news story. Start each with https://.",
                errors.get("links"), answers.value("links"), 3));
        v.put("nominatorName", input("nominator.name", "Your name", null, errors, answers, "text", "name", null));
        v.put("nominatorEmail", input("nominator.email", "Your email address", "We send your receipt and any news of this nomination here.",
                errors, answers, "email", "email", null));
        v.put("nominatorOrganisation", input("nominator.organisation", "Your organisation", null, errors, answers, "text", "organization", null));
        v.put("nomineeAware", Components.checkbox("confirmations-nomineeAware", NominationForm.NOMINEE_AWARE,
                "The nominee knows I am nominating them", errors.get(NominationForm.NOMINEE_AWARE), answers.checked(NominationForm.NOMINEE_AWARE)));
        v.put("dataConsent", Components.checkbox("confirmations-dataConsent", NominationForm.DATA_CONSENT,
                "I agree that these details are held to run the awards, and deleted " + cycle.retentionDays() + " days after the ceremony",
                errors.get(NominationForm.DATA_CONSENT), answers.checked(NominationForm.DATA_CONSENT)));
        return Page.response(status, "entrant/nominate", v);
    }

    /** Where a correction's form posts, its nonce, and the way back to the status page. */
    record Correction(String action, String nonce, String statusHref) {}

    private static Map<String, Object> input(String field, String label, String hint, Map<String, String> errors, NominationForm answers,
                                             String type, String autocomplete, String classes) {
        return Components.input(NominationForm.id(field), field, label, hint, errors.get(field), answers.value(field), type, autocomplete, classes);
    }

    /**
     * Every answer with a "Change" that posts the answers back to the form at that question, the
     * answers again as hidden fields, and the Idempotency-Key this submission will be sent with.
     */
    static ApiResponse check(Cycle cycle, Submission s, NominationForm answers, String idempotencyKey, String problem) {
        String action = "/cycles/" + cycle.id() + "/nominate";
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.add(change(row("Category", categoryName(cycle, s.category()), false), "category", action, "category"));
        rows.add(change(row("Nominee", s.nominee().name(), false), "nominee.name", action, "nominee's name"));
        rows.add(change(row("Who they are", kind(s.nominee().kind()), false), "nominee.kind", action, "who they are"));
        rows.add(change(row("Their organisation", s.nominee().organisation(), false), "nominee.organisation", action, "nominee's organisation"));
        rows.add(change(row("Citation", s.citation(), true), "citation", action, "citation"));
        rows.add(change(row("Supporting links", s.links().isEmpty() ? "None" : String.join("\n", s.links()), true), "links", action, "supporting links"));
        rows.add(change(row("Your name", s.nominator().name(), false), "nominator.name", action, "your name"));
        rows.add(change(row("Your email address", s.nominator().email(), false), "nominator.email", action, "your email address"));
        rows.add(change(row("Your organisation", s.nominator().organisation(), false), "nominator.organisation", action, "your organisation"));
        List<Map<String, Object>> hidden = new ArrayList<>();
        answers.values().forEach((name, value) -> hidden.add(Map.of("name", name, "value", value)));
        hidden.add(Map.of("name", "idempotencyKey", "value", idempotencyKey));
        Map<String, Object> button = Components.button("Send nomination", null);
        button.put("name", "step");
        button.put("value", "submit");
        button.put("preventDoubleClick", true);
        Map<String, Object> v = new HashMap<>();
        v.put("title", "Check your answers before sending your nomination");
        v.put("cycleName", cycle.name());
        v.put("action", action);
        v.put("hidden", hidden);
        v.put("summary", Components.summaryList(rows));
        v.put("email", s.nominator().email());
        v.put("closes", when(cycle.milestones().closesAt(), cycle));
        v.put("button", button);
        v.put("problem", problem == null ? false : Components.text(problem));
        return Page.response(200, "entrant/check", v);
    }

    private static Map<String, Object> change(Map<String, Object> row, String field, String action, String hidden) {
        row.put("hasAction", true);
        row.put("change", field);
        row.put("formaction", action + "#" + NominationForm.id(field));
        row.put("actionText", "Change");
        row.put("actionHidden", hidden);
        return row;
    }

    static ApiResponse submitted(Cycle cycle, String reference, Submission s, Instant now) {
        Map<String, Object> v = new HashMap<>();
        v.put("title", "Nomination sent");
        v.put("panel", Components.panel("Nomination sent", "Your reference is " + reference));
        v.put("email", s.nominator().email());
        v.put("next", "Nominations close on " + when(cycle.milestones().closesAt(), cycle) + ". The judges then read every entry in "
                + categoryName(cycle, s.category()) + ", and the shortlist is announced on " + when(cycle.milestones().shortlistAt(), cycle) + ".");
        v.put("dates", dates(cycle));
        v.put("againHref", "/cycles/" + cycle.id() + "/nominate");
        return Page.response(200, "entrant/submitted", v);
    }

    /** The status page; {@code banner}: a line of success to show above it, or null. */
    static ApiResponse status(Nomination n, Cycle cycle, String token, Instant now, String banner) {
        Submission s = n.submission();
        String base = "/nominations/" + n.id();
        Map<String, Object> v = new HashMap<>();
        v.put("title", "Your nomination of " + s.nominee().name());
        v.put("cycleName", cycle.name());
        v.put("reference", n.reference());
        v.put("banner", banner == null ? false : Map.of("text", banner));
        v.put("tag", Components.tag(statusText(n.status()), statusClass(n.status())));
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.add(row("Reference", n.reference(), false));
        rows.add(row("Category", categoryName(cycle, s.category()), false));
        rows.add(row("Nominee", s.nominee().name() + ", " + s.nominee().organisation(), false));
        rows.add(row("Sent", when(n.submittedAt(), cycle), false));
        rows.add(row("Citation", s.citation(), true));
        v.put("summary", Components.summaryList(rows));
        v.put("next", NominationService.next(n.status(), cycle, now));
        v.put("dates", dates(cycle));
        Optional<String> locked = NominationService.lockedBecause(n, cycle, now);
        v.put("canChange", locked.isEmpty());
        v.put("locked", locked.orElse(""));
        v.put("closes", when(cycle.milestones().closesAt(), cycle));
        String query = tokenQuery(token);
        v.put("changeButton", Components.linkButton("Change your nomination", base + "/edit" + query, "govuk-button--secondary", false));
        v.put("withdrawButton", Components.linkButton("Withdraw your nomination", base + "/withdraw" + query, "govuk-button--warning", false));
        return Page.response(200, "entrant/status", v);
    }

    static ApiResponse confirmWithdrawal(Nomination n, Cycle cycle, String token, String nonce) {
        String query = tokenQuery(token);
        Map<String, Object> v = new HashMap<>();
        v.put("title", "Are you sure you want to withdraw your nomination of " + n.submission().nominee().name() + "?");
        v.put("cycleName", cycle.name());
        v.put("reference", n.reference());
        v.put("warning", Components.text("You cannot undo this. To nominate them again, you would send a new nomination before "
                + when(cycle.milestones().closesAt(), cycle) + "."));
        v.put("action", "/nominations/" + n.id() + "/withdraw" + query);
        v.put("nonce", nonce);
        v.put("button", Components.button("Yes, withdraw it", "govuk-button--warning"));
        v.put("statusHref", "/nominations/" + n.id() + query);
        return Page.response(200, "entrant/withdraw", v);
    }

    static ApiResponse withdrawn(String reference) {
        return Page.response(200, "entrant/withdrawn", Map.of("title", "Nomination withdrawn",
                "panel", Components.panel("Nomination withdrawn", "Reference " + reference)));
    }

    /** A refusal as a page: the problem's title and what it says, with its status. */
    static ApiResponse problem(Problem p) {
        if (p.status() == 404) {
            return Page.message(404, "Page not found",
                    "If you followed a link from an email, check it is complete: copy the whole link into your browser.",
                    "The link to a nomination stops working when its data is deleted.");
        }
        return Page.message(p.status(), p.title(), p.detail());
    }

    private static Map<String, Object> dates(Cycle c) {
        return Components.summaryList(new ArrayList<>(List.of(
                row("Nominations open", when(c.milestones().opensAt(), c), false),
                row("Nominations close", when(c.milestones().closesAt(), c), false),
                row("Shortlist announced", when(c.milestones().shortlistAt(), c), false),
                row("Awards ceremony", when(c.milestones().ceremonyAt(), c), false))));
    }

    /** The query that carries a status token on the nomination's own pages. */
    static String tokenQuery(String token) {
        return "?token=" + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8);
    }

    static String when(Instant at, Cycle cycle) {
        return Times.human(at, cycle.zone());
    }

    private static String categoryName(Cycle cycle, String id) {
        return cycle.category(id).map(Cycle.Category::name).orElse(id);
    }

    private static String kind(Submission.Kind kind) {
        return switch (kind) {
            case individual -> "A person";
            case team -> "A team";
            case network -> "A staff network";
            case programme -> "A programme";
        };
    }

    private static String statusText(Status status) {
        return switch (status) {
            case SUBMITTED -> "Sent";
            case CLOSED -> "With the judges";
            case SHORTLISTED -> "Shortlisted";
            case NOT_SHORTLISTED -> "Not shortlisted";
            case WINNER -> "Winner";
            case HIGHLY_COMMENDED -> "Highly commended";
            case FINALIST -> "Finalist";
            case WITHDRAWN -> "Withdrawn";
        };
    }

    private static String statusClass(Status status) {
        return switch (status) {
            case SUBMITTED, CLOSED -> "govuk-tag--blue";
            case SHORTLISTED, WINNER, HIGHLY_COMMENDED, FINALIST -> "govuk-tag--green";
            case NOT_SHORTLISTED, WITHDRAWN -> "govuk-tag--grey";
        };
    }
}
