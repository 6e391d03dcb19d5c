package awards.nomination;

import awards.platform.ApiHandler;
import awards.platform.ApiRequest;
import awards.platform.ApiResponse;
import awards.platform.Env;
import java.util.Map;

/** {@code GET /nominations/{id}?token=...}: the entrant's private status page, as JSON. */
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
        return ApiResponse.json(200, service.status(request.pathParam("id"), StatusToken.of(request), request.now()));
    }
}
