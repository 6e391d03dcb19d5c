package awards.entrant;

import awards.nomination.Nomination;
import awards.nomination.NominationService;
import awards.nomination.NominationWiring;
import awards.nomination.StatusToken;
import awards.pages.Negotiation;
import awards.platform.ApiHandler;
import awards.platform.ApiRequest;
import awards.platform.ApiResponse;
import awards.platform.Env;
import awards.platform.Problem;
import java.util.Map;

/**
 * {@code GET /nominations/{id}?token=...}: the entrant's private status page: HTML to a browser,
 * JSON to an API client, as the request's {@code Accept} prefers.
 */
public final class GetNominationHandler extends ApiHandler {
    private final NominationService service;

    public GetNominationHandler() {
        this(System.getenv());
        awards.platform.Priming.register(awards.nomination.NominationPriming.WORK);
    }

    public GetNominationHandler(Map<String, String> environment) {
        this(NominationWiring.reader(new Env(environment)));
    }

    public GetNominationHandler(NominationService service) {
        this.service = service;
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        String id = request.pathParam("id");
        String token = StatusToken.of(request);
        if (!Negotiation.prefersHtml(request)) {
            return ApiResponse.json(200, service.status(id, token, request.now())).withHeader("vary", "accept");
        }
        try {
            Nomination n = service.authorised(id, token);
            var cycle = service.cycle(n.cycleId()).orElseThrow(() -> Problem.notFound().exception());
            return NominationPages.status(n, cycle, token, request.now(), null).withHeader("vary", "accept");
        } catch (Problem.ProblemException e) {
            return NominationPages.problem(e.problem()).withHeader("vary", "accept");
        }
    }
}
