package awards.nomination;

import awards.platform.ApiHandler;
import awards.platform.ApiRequest;
import awards.platform.ApiResponse;
import awards.platform.Env;
import java.util.Map;

/** {@code POST /nominations/{id}/withdraw?token=...}. */
public final class WithdrawNominationHandler extends ApiHandler {
    private final NominationService service;

    public WithdrawNominationHandler() {
        this(System.getenv());
        awards.platform.Priming.register(awards.nomination.NominationPriming.WORK);
    }

    public WithdrawNominationHandler(Map<String, String> environment) {
        this(NominationWiring.service(new Env(environment)));
    }

    public WithdrawNominationHandler(NominationService service) {
        this.service = service;
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        return ApiResponse.json(200, service.withdraw(request.pathParam("id"), StatusToken.of(request), request.now()));
    }
}
