package awards.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import awards.platform.Json;
import awards.platform.Problem.FieldError;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A category's judging mode, its criteria, and the end of the judges' round, as an admin sets them. */
class CycleScoringTest {
    private static ObjectNode cycle(String categoryJudging, String judgingClosesAt) {
        return (ObjectNode) Json.read("""
                {"name": "Awards", "referencePrefix": "DIA", "timeZone": "Europe/London",
                 "milestones": {"opensAt": "2027-04-01T09:00", "closesAt": "2027-05-03T17:00", %s "shortlistAt": "2027-07-31T10:00", "ceremonyAt": "2027-10-04T19:00"},
                 "wordLimit": 500, "sender": "awards@example.org",
                 "categories": [{"id": "c", "name": "C", %s "panel": {"chair": {"name": "A", "email": "a@example.org", "organisation": "O"},
                   "judges": [{"name": "B", "email": "b@example.org", "organisation": "P"}]}}]}"""
                .formatted(judgingClosesAt == null ? "" : "\"judgingClosesAt\": \"" + judgingClosesAt + "\",",
                        categoryJudging == null ? "" : "\"judging\": " + categoryJudging + ","));
    }

    private static List<FieldError> errors(ObjectNode body) {
        List<FieldError> errors = new ArrayList<>();
        CycleJson.parse("dia-2027", body, errors);
        return errors;
    }

    @Test
    void approvingIsTheDefault_andTheRoundEndsAtTheShortlistDate() {
        Cycle c = CycleJson.parse("dia-2027", cycle(null, null), new ArrayList<>());
        assertThat(c.categories().get(0).scored()).isFalse();
        assertThat(c.milestones().judgingClosesAt()).isEqualTo(c.milestones().shortlistAt());
    }

    @Test
    void aScoredCategory_readsItsCriteria_withDefaults_andRoundTrips() {
        Cycle c = CycleJson.parse("dia-2027", cycle("""
                {"mode": "score", "criteria": [{"name": "Impact", "description": "What changed", "weight": 2}, {"name": "Reach"}]}""", null), new ArrayList<>());
        Cycle.Scoring s = c.categories().get(0).scoring();
        assertThat(s.criteria()).containsExactly(new Cycle.Criterion("Impact", "What changed", 2), new Cycle.Criterion("Reach", "", 1));
        assertThat(s.scale()).isEqualTo(5);
        assertThat(s.shortlistSize()).isEqualTo(5);
        assertThat(s.commentRequired()).isFalse();
        // Scored, with no end of the round given: a week before the shortlist date, for the chair to confirm.
        assertThat(c.milestones().judgingClosesAt()).isEqualTo(Instant.parse("2027-07-24T09:00:00Z"));
        Cycle again = CycleJson.read(CycleJson.write(c.withVersion(3)));
        assertThat(again.categories()).isEqualTo(c.categories());
        assertThat(again.milestones()).isEqualTo(c.milestones());
    }

    @Test
    void everyProblemIsListedAtOnce() {
        List<FieldError> e = errors(cycle("""
                {"mode": "score", "criteria": [{"name": "Impact", "weight": 0}, {"name": "impact", "weight": 1.5}], "scale": 11,
                 "commentRequired": "yes", "shortlistSize": 0}""", null));
        assertThat(e).extracting(FieldError::field).containsExactlyInAnyOrder(
                "categories[0].judging.criteria[0].weight", "categories[0].judging.criteria[1].name", "categories[0].judging.criteria[1].weight",
                "categories[0].judging.scale", "categories[0].judging.commentRequired", "categories[0].judging.shortlistSize");
        assertThat(errors(cycle("{\"mode\": \"vote\"}", null))).extracting(FieldError::field).containsExactly("categories[0].judging.mode");
        assertThat(errors(cycle("{\"mode\": \"score\"}", null))).extracting(FieldError::field).containsExactly("categories[0].judging.criteria");
        assertThat(errors(cycle("{\"mode\": \"approve\", \"scale\": 5}", null))).extracting(FieldError::message)
                .containsExactly("applies only when mode is score");
    }

    @Test
    void theRoundEnds_afterTheClose_andForAScoredCategoryBeforeTheShortlistDate() {
        String scored = "{\"mode\": \"score\", \"criteria\": [{\"name\": \"Impact\"}]}";
        assertThat(errors(cycle(null, "2027-05-01T09:00"))).extracting(FieldError::message).containsExactly("must be after closesAt");
        assertThat(errors(cycle(null, "2027-08-01T09:00"))).extracting(FieldError::message).containsExactly("must be at the latest shortlistAt");
        assertThat(errors(cycle(null, "2027-07-31T10:00"))).isEmpty();
        assertThat(errors(cycle(scored, "2027-07-31T10:00"))).extracting(FieldError::field).containsExactly("milestones.judgingClosesAt");
        assertThat(errors(cycle(scored, "2027-07-20T17:00"))).isEmpty();
    }

    @Test
    void aCategory_mayHaveItsOwnPanelSize_majority_andReminderLead_overTheCycles() {
        Cycle plain = CycleJson.parse("dia-2027", cycle(null, null), new ArrayList<>());
        Cycle.Category c = plain.categories().get(0);
        assertThat(plain.judgingOf(c)).isEqualTo(plain.judging());
        assertThat(plain.remindJudgesAt(c)).isEqualTo(plain.milestones().judgingClosesAt().minus(java.time.Duration.ofDays(7)));

        // Five judges per entry: a majority of three unless it says otherwise; reminded two days before the round closes.
        Cycle own = CycleJson.parse("dia-2027", cycle("{\"mode\": \"approve\", \"judgesPerNomination\": 5, \"reminderDaysBeforeShortlist\": 2}", null),
                new ArrayList<>());
        Cycle.Judging j = own.judgingOf(own.categories().get(0));
        assertThat(j.judgesPerNomination()).isEqualTo(5);
        assertThat(j.majority()).isEqualTo(3);
        assertThat(j.reminderDaysBeforeShortlist()).isEqualTo(2);
        assertThat(j.adminEmail()).isEqualTo(own.judging().adminEmail());
        assertThat(own.remindJudgesAt(own.categories().get(0))).isEqualTo(Instant.parse("2027-07-29T09:00:00Z"));
        // Written back as set, and read again the same.
        var written = CycleJson.write(own);
        assertThat(written.at("/categories/0/judging").toString()).isEqualTo("{\"mode\":\"approve\",\"judgesPerNomination\":5,\"reminderDaysBeforeShortlist\":2}");
        assertThat(CycleJson.parse("dia-2027", written, new ArrayList<>()).categories()).isEqualTo(own.categories());

        // Scored too; and a majority over the cycle's three judges is refused, naming the category's field.
        Cycle scored = CycleJson.parse("dia-2027", cycle("{\"mode\": \"score\", \"criteria\": [{\"name\": \"Impact\"}], \"judgesPerNomination\": 2}", null),
                new ArrayList<>());
        assertThat(scored.judgingOf(scored.categories().get(0)).judgesPerNomination()).isEqualTo(2);
        assertThat(errors(cycle("{\"majority\": 4, \"judgesPerNomination\": 0, \"reminderDaysBeforeShortlist\": 1.5}", null)))
                .extracting(FieldError::field).containsExactly("categories[0].judging.judgesPerNomination", "categories[0].judging.majority",
                        "categories[0].judging.reminderDaysBeforeShortlist");
    }
}
