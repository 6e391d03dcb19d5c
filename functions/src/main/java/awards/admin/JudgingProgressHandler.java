package awards.admin;

import awards.cycle.CycleJson;
import awards.cycle.CycleStore;
import awards.judging.JudgingProgress;
import awards.judging.JudgingStore;
import awards.nomination.NominationStore;
import awards.platform.ApiHandler;
import awards.platform.ApiRequest;
import awards.platform.ApiResponse;
import awards.platform.AwsClients;
import awards.platform.Env;
import awards.platform.Json;
import awards.platform.Problem;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * {@code GET /admin/cycles/{cycleId}/judging}: how far judging has come, for the admins. Per judge
 * (by category) the entries assigned, decided and still to decide; per category the entries, those
 * waiting for a panel, those whose panel is deciding, and the outcomes so far. The same figures as
 * the local console's Judging view.
 */
public final class JudgingProgressHandler extends ApiHandler {
    private final CycleStore cycles;
    private final NominationStore nominations;
    private final JudgingStore judging;
    private final awards.platform.Admins admins;

    public JudgingProgressHandler() {
        this(System.getenv());
        awards.platform.Priming.register(awards.nomination.NominationPriming.WORK);
    }

    public JudgingProgressHandler(Map<String, String> environment) {
        this(new Env(environment));
    }

    private JudgingProgressHandler(Env env) {
        this(new CycleStore(new AwsClients(env).dynamoDb(), env.require("TABLE_NAME")),
                new NominationStore(new AwsClients(env).dynamoDb(), env.require("TABLE_NAME")),
                new JudgingStore(new AwsClients(env).dynamoDb(), env.require("TABLE_NAME")), awards.platform.Admins.from(env));
    }

    public JudgingProgressHandler(CycleStore cycles, NominationStore nominations, JudgingStore judging, awards.platform.Admins admins) {
        this.cycles = cycles;
        this.nominations = nominations;
        this.judging = judging;
        this.admins = admins;
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        admins.require(request);
        String id = CycleJson.cycleIdOf(request);
        var cycle = cycles.find(id).orElseThrow(() -> Problem.notFound().exception());
        return ApiResponse.json(200, json(JudgingProgress.of(cycle, nominations, judging)));
    }

    /** The progress as the API and the console give it. */
    public static ObjectNode json(JudgingProgress.Progress progress) {
        ObjectNode out = Json.object().put("cycleId", progress.cycleId());
        var judges = out.putArray("judges");
        progress.judges().forEach(j -> judges.addObject().put("category", j.category()).put("name", j.name()).put("email", j.email())
                .put("assigned", j.assigned()).put("decided", j.decided()).put("pending", j.pending()).put("conflicts", j.conflicts()));
        var categories = out.putArray("categories");
        progress.categories().forEach(c -> categories.addObject().put("category", c.id()).put("name", c.name()).put("mode", c.mode())
                .put("entries", c.entries()).put("awaitingPanel", c.awaitingPanel()).put("deciding", c.pending()).put("complete", c.complete())
                .put("decided", c.decided()).put("shortlisted", c.shortlisted()).put("notShortlisted", c.notShortlisted())
                .put("undecided", c.undecided()).put("scored", c.scored()));
        return out;
    }
}
