package awards.nomination;

import awards.cycle.Cycle;
import awards.cycle.CycleJson;
import awards.notify.EmailTemplates;
import awards.platform.Json;
import awards.platform.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What every function's first request runs, done before the SnapStart snapshot
 * ({@link awards.platform.Priming}): a cycle read back, a submission validated and bound, every
 * email rendered. Synthetic data only; nothing stored, sent or drawn at random.
 */
public final class NominationPriming {
    /** The work, as one object, so that registering it from every handler keeps it once. */
    public static final Runnable WORK = NominationPriming::prime;

    private NominationPriming() {}

    public static void prime() {
        Cycle cycle = CycleJson.read(Json.read(SAMPLE_CYCLE));
        List<Problem.FieldError> errors = new ArrayList<>();
        Submission submission = SubmissionForm.validate(Json.read(SAMPLE_NOMINATION), cycle, errors);
        if (submission == null) {
            throw new IllegalStateException("the priming sample is invalid: " + errors);
        }
        Json.read(Json.write(submission), Submission.class);
        EmailTemplates templates = new EmailTemplates();
        for (String kind : List.of("RECEIPT", "CLOSED", "JUDGE_QUEUE", "JUDGE_REMINDER", "SHORTLISTED", "NOT_SHORTLISTED", "UNDECIDED",
                "CHAIR_INVITE", "CHAIR_SHORTLIST", "DEFAULT_SHORTLIST", "RESULT", "EMAIL_REFUSED")) {
            templates.render(kind, Map.of("cycleName", cycle.name(), "reference", "PRI-2027-0000", "nominee", "Primed"));
        }
    }

    private static final String SAMPLE_CYCLE = """
            {"id": "prime", "name": "Priming", "referencePrefix": "PRI", "timeZone": "Europe/London",
             "milestones": {"opensAt": "2027-04-01T09:00", "closesAt": "2027-05-03T17:00", "shortlistAt": "2027-07-31T10:00", "ceremonyAt": "2027-10-04T19:00"},
             "wordLimit": 500, "sender": "prime@example.org",
             "categories": [{"id": "c", "name": "C", "panel": {"chair": {"name": "A", "email": "a@example.org", "organisation": "O"},
               "judges": [{"name": "B", "email": "b@example.org", "organisation": "P"}]}}], "version": 1}""";

    private static final String SAMPLE_NOMINATION = """
            {"cycleId": "prime", "category": "c", "nominee": {"name": "N", "kind": "team", "organisation": "O"},
             "nominator": {"name": "M", "email": "m@example.org", "organisation": "P"}, "citation": "Primed before the snapshot.",
             "links": ["https://example.org/"], "confirmations": {"nomineeAware": true, "dataConsent": true}}""";
}
