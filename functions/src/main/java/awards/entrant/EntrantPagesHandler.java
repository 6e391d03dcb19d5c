package awards.entrant;

import awards.cycle.Cycle;
import awards.judging.Links;
import awards.nomination.Nomination;
import awards.nomination.NominationService;
import awards.nomination.NominationWiring;
import awards.nomination.StatusToken;
import awards.pages.FormBody;
import awards.pages.Page;
import awards.pages.SameOrigin;
import awards.platform.ApiHandler;
import awards.platform.ApiRequest;
import awards.platform.ApiResponse;
import awards.platform.Env;
import awards.platform.Json;
import awards.platform.Problem;
import awards.platform.Secrets;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The entrants' pages: {@code GET /} (the cycles, their categories and dates),
 * {@code /cycles/{cycleId}/nominate} (the form; its POST checks the answers, then shows them to
 * check, then sends them) and {@code /nominations/{id}/edit?token=} (a correction before the
 * close). Every answer is checked by the same validator as {@code POST /nominations}, and sent
 * through the same idempotent submission. No JavaScript is needed.
 */
public final class EntrantPagesHandler extends ApiHandler {
    private final NominationService service;
    private final SameOrigin sameOrigin;
    private final Optional<String> publicBaseUrl;

    public EntrantPagesHandler() {
        this(System.getenv());
        awards.platform.Priming.register(awards.nomination.NominationPriming.WORK);
    }

    public EntrantPagesHandler(Map<String, String> environment) {
        this(NominationWiring.submitter(new Env(environment)), new Env(environment).optional("PUBLIC_BASE_URL"));
    }

    public EntrantPagesHandler(NominationService service, Optional<String> publicBaseUrl) {
        this.service = service;
        this.sameOrigin = new SameOrigin(publicBaseUrl);
        this.publicBaseUrl = publicBaseUrl;
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        try {
            if (request.pathParameters().containsKey("cycleId")) {
                return nominate(request);
            }
            if (request.pathParameters().containsKey("id")) {
                return correct(request);
            }
            return NominationPages.home(service.cycles(), request.now());
        } catch (Problem.ProblemException e) {
            return NominationPages.problem(e.problem());
        }
    }

    private ApiResponse nominate(ApiRequest request) {
        Cycle cycle = service.cycle(request.pathParam("cycleId")).orElseThrow(() -> Problem.notFound().exception());
        if (!cycle.isOpenAt(request.now())) {
            // To look is fine (200); to send answers is refused (409, as POST /nominations refuses them).
            return Page.message(request.method().equals("GET") ? 200 : 409, "Nominations are not open", request.now().isBefore(cycle.milestones().opensAt())
                    ? "Nominations for the " + cycle.name() + " open on " + NominationPages.when(cycle.milestones().opensAt(), cycle) + "."
                    : "Nominations for the " + cycle.name() + " closed on " + NominationPages.when(cycle.milestones().closesAt(), cycle) + ".");
        }
        if (request.method().equals("GET")) {
            return NominationPages.form(200, cycle, new NominationForm(Map.of()), List.of(), null);
        }
        if (!sameOrigin.test(request)) {
            return notFromThisSite();
        }
        FormBody form = FormBody.of(request);
        NominationForm answers = NominationForm.of(form);
        if (form.first("change") != null) {
            return NominationPages.form(200, cycle, answers, List.of(), null);
        }
        JsonNode body = answers.toJson(cycle.id());
        NominationService.Checked checked;
        try {
            checked = service.check(body, request.now());
        } catch (Problem.ProblemException e) {
            if (e.problem().status() == 400) {
                return NominationPages.form(400, cycle, answers, e.problem().errors(), null);
            }
            throw e;
        }
        String key = form.first("idempotencyKey");
        if (!"submit".equals(form.first("step")) || key == null) {
            return NominationPages.check(cycle, checked.submission(), answers, Secrets.token(), null);
        }
        String base = publicBaseUrl.orElse("https://" + request.domainName());
        try {
            var answer = service.submit(body, Json.write(body).getBytes(StandardCharsets.UTF_8), Optional.of(key), base, request.now());
            JsonNode receipt = Json.read(answer.body());
            return NominationPages.submitted(cycle, receipt.path("reference").asText(), checked.submission(), request.now());
        } catch (Problem.ProblemException e) {
            int status = e.problem().status();
            if (status == 503 || e.problem().type().endsWith("/request-in-progress")) {
                // Stored, or being stored, but the receipt is not sent yet: the same answers, sent
                // again with the same key, finish it and create nothing new.
                return NominationPages.check(cycle, checked.submission(), answers, key,
                        e.problem().detail().replace("Send the same request again, with the same Idempotency-Key,", "Send it again")
                                .replace("Send the same request again", "Send it again"));
            }
            throw e;
        }
    }

    private ApiResponse correct(ApiRequest request) {
        String id = request.pathParam("id");
        String token = StatusToken.of(request);
        Nomination n = service.authorised(id, token);
        Cycle cycle = service.cycle(n.cycleId()).orElseThrow(() -> Problem.notFound().exception());
        String query = NominationPages.tokenQuery(token);
        var correction = new NominationPages.Correction("/nominations/" + id + "/edit" + query, Links.nonce(token), "/nominations/" + id + query);
        Optional<String> locked = NominationService.lockedBecause(n, cycle, request.now());
        if (locked.isPresent()) {
            return Page.message(409, "This nomination can no longer be changed", locked.get());
        }
        if (request.method().equals("GET")) {
            return NominationPages.form(200, cycle, NominationForm.of(n.submission()), List.of(), correction);
        }
        FormBody form = FormBody.of(request);
        if (!sameOrigin.test(request) || !Links.nonceMatches(token, form.first("nonce"))) {
            return notFromThisSite();
        }
        NominationForm answers = NominationForm.of(form);
        ObjectNode body = answers.toJson(n.cycleId());
        try {
            Nomination now = service.correct(id, token, body, request.now());
            return NominationPages.status(now, cycle, token, request.now(), "Your nomination has been updated.");
        } catch (Problem.ProblemException e) {
            if (e.problem().status() == 400) {
                Map<String, String> fixed = new java.util.LinkedHashMap<>(answers.values());
                fixed.put("category", n.submission().category());
                return NominationPages.form(400, cycle, new NominationForm(fixed), e.problem().errors(), correction);
            }
            throw e;
        }
    }

    static ApiResponse notFromThisSite() {
        return Page.message(403, "This form was not sent from this site",
                "Go back to the page, reload it, and send the form again from there.");
    }
}
