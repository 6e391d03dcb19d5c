package awards.admin;

import awards.cycle.Cycle;
import awards.cycle.CycleJson;
import awards.judging.JudgingRounds;
import awards.judging.JudgingService;
import awards.judging.LifecycleWiring;
import awards.platform.ApiHandler;
import awards.platform.ApiRequest;
import awards.platform.ApiResponse;
import awards.platform.Env;
import awards.platform.Json;
import awards.platform.Problem;
import awards.platform.Times;
import java.util.Map;

/**
 * {@code POST /admin/cycles/{cycleId}/judging/reminders}: "send reminder now". Every judge with
 * entries still to decide or score is sent the reminder (how many are left, a link to their list),
 * at most once a day each: a second press the same day reminds nobody twice. Only while judging is
 * open (from the close until the round's close); otherwise 409, nothing sent.
 */
public final class RemindJudgesHandler extends ApiHandler {
    private final JudgingService judging;
    private final JudgingRounds rounds;
    private final awards.platform.Admins admins;
    /** The site's address for the reminders' links; without one, the request's own https address (see the template). */
    private final java.util.Optional<String> publicBaseUrl;

    public RemindJudgesHandler() {
        this(System.getenv());
        awards.platform.Priming.register(awards.nomination.NominationPriming.WORK);
    }

    public RemindJudgesHandler(Map<String, String> environment) {
        this(new Env(environment));
    }

    private RemindJudgesHandler(Env env) {
        this(LifecycleWiring.of(env), awards.platform.Admins.from(env), env.optional("PUBLIC_BASE_URL"));
    }

    private RemindJudgesHandler(LifecycleWiring wiring, awards.platform.Admins admins, java.util.Optional<String> publicBaseUrl) {
        this(wiring.judging(), wiring.rounds(), admins, publicBaseUrl);
    }

    public RemindJudgesHandler(JudgingService judging, JudgingRounds rounds, awards.platform.Admins admins, java.util.Optional<String> publicBaseUrl) {
        this.publicBaseUrl = publicBaseUrl;
        this.judging = judging;
        this.rounds = rounds;
        this.admins = admins;
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        admins.require(request);
        String id = CycleJson.cycleIdOf(request);
        Cycle cycle = judging.cycle(id).orElseThrow(() -> Problem.notFound().exception());
        Cycle.Milestones m = cycle.milestones();
        if (!m.judgingOpen(request.now())) {
            throw Problem.conflict("judging-not-open", "Judging is not open",
                    "Reminders can be sent from the close (" + Times.human(m.closesAt(), cycle.zone()) + ") until judging closes ("
                            + Times.human(m.judgingClosesAt(), cycle.zone()) + ").").exception();
        }
        int reminded = rounds.remindNow(cycle, request.now(), publicBaseUrl.orElse("https://" + request.domainName()));
        return ApiResponse.json(200, Json.object().put("cycleId", id).put("reminded", reminded)
                .put("detail", reminded == 0 ? "No judge was reminded: every judge behind was reminded today already, or nobody is behind."
                        : reminded + (reminded == 1 ? " judge was" : " judges were") + " reminded."));
    }
}
