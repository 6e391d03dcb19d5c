package awards.entrant;

import awards.judging.Links;
import awards.nomination.Nomination;
import awards.nomination.NominationService;
import awards.nomination.NominationWiring;
import awards.nomination.StatusToken;
import awards.pages.FormBody;
import awards.pages.Page;
import awards.pages.SameOrigin;
import awards.pages.Negotiation;
import awards.platform.ApiHandler;
import awards.platform.ApiRequest;
import awards.platform.ApiResponse;
import awards.platform.Env;
import awards.platform.Problem;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /nominations/{id}/withdraw?token=...} withdraws (JSON, for API clients). For people:
 * {@code GET} asks "are you sure?" and changes nothing; its form POSTs back here (a form body, with
 * HTML preferred) with a nonce made from the token and this site's {@code Origin}, and the answer is
 * a page.
 */
public final class WithdrawNominationHandler extends ApiHandler {
    private final NominationService service;
    private final SameOrigin sameOrigin;

    public WithdrawNominationHandler() {
        this(System.getenv());
        awards.platform.Priming.register(awards.nomination.NominationPriming.WORK);
    }

    public WithdrawNominationHandler(Map<String, String> environment) {
        this(NominationWiring.service(new Env(environment)), new Env(environment).optional("PUBLIC_BASE_URL"));
    }

    public WithdrawNominationHandler(NominationService service, Optional<String> publicBaseUrl) {
        this.service = service;
        this.sameOrigin = new SameOrigin(publicBaseUrl);
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        String id = request.pathParam("id");
        String token = StatusToken.of(request);
        // A browser's form post (a form body, HTML preferred) gets pages; anything else is the JSON
        // API, including `curl -d ''`, which sends a form type too.
        if (request.method().equals("POST") && !(FormBody.isForm(request) && Negotiation.prefersHtml(request))) {
            return ApiResponse.json(200, service.withdraw(id, token, request.now()));
        }
        try {
            // A wrong token is the same 404 as for the API, before the form's own checks.
            Nomination n = service.authorised(id, token);
            if (request.method().equals("GET")) {
                var cycle = service.cycle(n.cycleId()).orElseThrow(() -> Problem.notFound().exception());
                Optional<String> locked = NominationService.lockedBecause(n, cycle, request.now());
                return locked.isPresent()
                        ? Page.message(409, "This nomination can no longer be withdrawn", locked.get())
                        : NominationPages.confirmWithdrawal(n, cycle, token, Links.nonce(token));
            }
            if (!sameOrigin.test(request) || !Links.nonceMatches(token, FormBody.of(request).first("nonce"))) {
                return EntrantPagesHandler.notFromThisSite();
            }
            return NominationPages.withdrawn(service.withdraw(id, token, request.now()).path("reference").asText());
        } catch (Problem.ProblemException e) {
            return NominationPages.problem(e.problem());
        }
    }
}
