package awards.nomination;

import awards.platform.ApiHandler;
import awards.platform.ApiRequest;
import awards.platform.ApiResponse;
import awards.platform.Env;
import java.util.Map;
import java.util.Optional;

/** {@code POST /nominations}. */
public final class SubmitNominationHandler extends ApiHandler {
    private final NominationService service;
    private final Optional<String> publicBaseUrl;

    public SubmitNominationHandler() {
        this(System.getenv());
        awards.platform.Priming.register(awards.nomination.NominationPriming.WORK);
    }

    public SubmitNominationHandler(Map<String, String> environment) {
        this(NominationWiring.submitter(new Env(environment)), new Env(environment).optional("PUBLIC_BASE_URL"));
    }

    public SubmitNominationHandler(NominationService service, Optional<String> publicBaseUrl) {
        this.service = service;
        this.publicBaseUrl = publicBaseUrl;
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        var body = request.jsonBody();
        String base = publicBaseUrl.orElse("https://" + request.domainName());
        var answer = service.submit(body, request.body(), request.header("Idempotency-Key"), base, request.now());
        ApiResponse response = new ApiResponse(answer.status(), Map.of("content-type", "application/json"), answer.body())
                .withHeader("location", "/nominations/" + answer.nominationId());
        return answer.replayed() ? response.withHeader("idempotent-replayed", "true") : response;
    }
}
