package awards.judging;

import awards.cycle.Cycle;
import awards.nomination.Nomination;
import awards.pages.FormBody;
import awards.pages.SameOrigin;
import awards.platform.ApiHandler;
import awards.platform.ApiRequest;
import awards.platform.ApiResponse;
import awards.platform.Env;
import awards.platform.Problem;
import awards.platform.Secrets;
import awards.platform.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /judging/{linkId}/{secret}} shows a judge the nomination and a form (or a chair the
 * shortlist), and changes nothing: mail scanners open links. {@code POST} from that form, with its
 * nonce and this site's {@code Origin}, records the decision once. Every failure is the same 404.
 */
public final class DecisionPageHandler extends ApiHandler {
    private final JudgingService service;
    private final SameOrigin sameOrigin;

    public DecisionPageHandler() {
        this(System.getenv());
        awards.platform.Priming.register(awards.nomination.NominationPriming.WORK);
    }

    public DecisionPageHandler(Map<String, String> environment) {
        this(LifecycleWiring.of(new Env(environment)).judging(), new Env(environment).optional("PUBLIC_BASE_URL"));
    }

    /** {@code publicBaseUrl}: the site's address; without it, the API's own https address from each request. */
    public DecisionPageHandler(JudgingService service, Optional<String> publicBaseUrl) {
        this.service = service;
        this.sameOrigin = new SameOrigin(publicBaseUrl);
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        String secret = request.pathParam("secret");
        String linkId = request.pathParam("linkId");
        // An unknown or malformed id costs what a wrong secret costs, and is the same 404.
        Optional<JudgingStore.Link> link0 = Secrets.isId(linkId) ? service.link(linkId) : Optional.empty();
        boolean matches = Secrets.matches(secret, link0.map(JudgingStore.Link::secretHash).orElse(null));
        Optional<JudgingStore.Link> found = link0.filter(l -> matches)
                .filter(l -> request.now().isBefore(Instant.ofEpochSecond(l.expiresAt())));
        if (found.isEmpty()) {
            return notFound();
        }
        JudgingStore.Link link = found.get();
        if (link.kind().equals("QUEUE")) {
            return queue(link, secret, request);
        }
        // A chair's page and choice both need the category's shortlist: read it once per request.
        List<Nomination> shortlist = link.kind().equals("CHAIR") ? service.shortlist(link.cycleId(), link.category()) : List.of();
        if (request.method().equals("POST")) {
            Map<String, List<String>> form = formOf(request);
            if (!sameOrigin.test(request) || !Links.nonceMatches(secret, first(form, "nonce"))) {
                return notFound();
            }
            if (link.kind().equals("CHAIR") && !link.status().equals("USED")) {
                Optional<String> contradiction = contradiction(form);
                if (contradiction.isPresent()) {
                    // Refused, not silently corrected: the one-time link stays open for a choice that holds.
                    ApiResponse page = chairPage(link, secret, request, shortlist, contradiction.get());
                    return new ApiResponse(400, page.headers(), page.body());
                }
            }
            if (!decide(link, form, shortlist, request.now())) {
                return notFound();
            }
            link = service.link(link.id()).orElseThrow();
        } else if (!request.method().equals("GET")) {
            return notFound();
        }
        return link.kind().equals("CHAIR") ? chairPage(link, secret, request, shortlist, null) : judgePage(link, secret, request);
    }

    /** Records the form's decision; false if the form is not a decision this link can make. */
    private boolean decide(JudgingStore.Link link, Map<String, List<String>> form, List<Nomination> shortlist, Instant now) {
        if (link.status().equals("USED")) {
            // A second attempt shows what was decided, and finishes what the first may not have:
            // resuming the execution, if a crash came between the commit and the resume.
            service.resumeRecorded(link);
            return true;
        }
        if (link.kind().equals("JUDGE")) {
            String decision = first(form, "decision");
            String comment = Optional.ofNullable(first(form, "comment")).orElse("");
            // One decision, said once: a form that says two things decides nothing.
            if (form.getOrDefault("decision", List.of()).size() != 1 || form.getOrDefault("comment", List.of()).size() > 1
                    || !"shortlist".equals(decision) && !"decline".equals(decision) || comment.codePointCount(0, comment.length()) > 1000) {
                return false;
            }
            service.vote(link, decision.equals("shortlist"), comment, now);
            return true;
        }
        List<String> ids = shortlist.stream().map(Nomination::id).toList();
        String winner = first(form, "winner");
        List<String> commended = form.getOrDefault("commended", List.of()).stream().distinct().toList();
        if (winner == null || !ids.contains(winner) || !ids.containsAll(commended)) {
            return false;
        }
        service.chooseAwards(link, winner, commended, now);
        return true;
    }

    /**
     * A judge's queue: without {@code entry}, the list of their nominations with what they decided;
     * with {@code entry=<nomination id>} (one of theirs), that nomination and its form, whose POST
     * decides it. Anything else is the same 404 as a wrong link.
     */
    private ApiResponse queue(JudgingStore.Link queue, String secret, ApiRequest request) {
        Optional<String> entry = request.queryParam("entry");
        if (entry.isPresent()) {
            if (!Secrets.isId(entry.get()) || !service.assignments(queue.cycleId(), queue.who()).contains(entry.get())) {
                return notFound();
            }
            Optional<JudgingStore.Link> vote = service.link(JudgingStore.seatLinkId(entry.get(), queue.who()));
            if (vote.isEmpty()) {
                return notFound();
            }
            JudgingStore.Link link = vote.get();
            if (request.method().equals("POST")) {
                Map<String, List<String>> form = formOf(request);
                if (!sameOrigin.test(request) || !Links.nonceMatches(secret, first(form, "nonce")) || !decide(link, form, List.of(), request.now())) {
                    return notFound();
                }
                link = service.link(link.id()).orElseThrow();
            } else if (!request.method().equals("GET")) {
                return notFound();
            }
            // Relative to this page (…/{linkId}/{secret}?entry=…): right behind any base path.
            return judgePage(link, secret, request, secret);
        }
        if (!request.method().equals("GET")) {
            return notFound();
        }
        Cycle cycle = service.cycle(queue.cycleId()).orElse(null);
        if (cycle == null) {
            return notFound();
        }
        List<Map<String, Object>> entries = new ArrayList<>();
        int decided = 0;
        for (String id : service.assignments(queue.cycleId(), queue.who())) {
            Optional<Nomination> n = service.nomination(id);
            Optional<JudgingStore.Link> vote = service.link(JudgingStore.seatLinkId(id, queue.who()));
            if (n.isEmpty() || vote.isEmpty() || n.get().status() == awards.nomination.Status.WITHDRAWN) {
                continue;
            }
            boolean done = vote.get().status().equals("USED");
            decided += done ? 1 : 0;
            entries.add(Map.of("id", id, "nominee", n.get().submission().nominee().name(),
                    "reference", n.get().reference(),
                    "category", cycle.category(n.get().submission().category()).map(Cycle.Category::name).orElse(""),
                    "status", !done ? "To do" : "SHORTLIST".equals(vote.get().decision()) ? "Shortlist" : "Do not shortlist"));
        }
        Map<String, Object> v = new HashMap<>();
        v.put("entries", entries);
        v.put("hasEntries", !entries.isEmpty());
        v.put("total", entries.size());
        v.put("decided", decided);
        v.put("left", entries.size() - decided);
        v.put("shortlist", Times.human(cycle.milestones().shortlistAt(), cycle.zone()));
        v.put("categories", JudgingService.categoriesJudgedBy(cycle, queue.who()));
        return page("queue", "Your nominations to judge, " + queue.whoName(), cycle.name(), v);
    }

    private ApiResponse judgePage(JudgingStore.Link link, String secret, ApiRequest request) {
        return judgePage(link, secret, request, null);
    }

    private ApiResponse judgePage(JudgingStore.Link link, String secret, ApiRequest request, String queue) {
        Nomination n = service.nomination(link.nominationId()).orElse(null);
        Cycle cycle = service.cycle(link.cycleId()).orElse(null);
        if (n == null || cycle == null) {
            return notFound();
        }
        Map<String, Object> v = new HashMap<>();
        v.put("reference", n.reference());
        v.put("category", cycle.category(n.submission().category()).map(Cycle.Category::name).orElse(""));
        v.put("shortlist", Times.human(cycle.milestones().shortlistAt(), cycle.zone()));
        v.put("nominee", n.submission().nominee().name());
        v.put("kind", n.submission().nominee().kind().name());
        v.put("organisation", n.submission().nominee().organisation());
        v.put("citation", n.submission().citation());
        v.put("links", n.submission().links());
        v.put("hasLinks", !n.submission().links().isEmpty());
        v.put("judge", link.whoName());
        v.put("nonce", Links.nonce(secret));
        v.put("decided", link.status().equals("USED"));
        v.put("decision", "SHORTLIST".equals(link.decision()) ? "shortlist" : "do not shortlist");
        v.put("decidedAt", link.decidedAt() == null ? "" : Times.human(Instant.parse(link.decidedAt()), cycle.zone()));
        if (queue != null) {
            v.put("queue", queue);
        }
        return page("judge", "Judge a nomination", cycle.name(), v);
    }

    /** Why a chair's form cannot be recorded as it stands, or empty. */
    private static Optional<String> contradiction(Map<String, List<String>> form) {
        String winner = first(form, "winner");
        if (winner != null && form.getOrDefault("commended", List.of()).contains(winner)) {
            return Optional.of("The winner cannot also be highly commended. Untick the winner under Highly commended, or choose another winner.");
        }
        return Optional.empty();
    }

    private ApiResponse chairPage(JudgingStore.Link link, String secret, ApiRequest request, List<Nomination> shortlist, String error) {
        Cycle cycle = service.cycle(link.cycleId()).orElse(null);
        if (cycle == null) {
            return notFound();
        }
        List<Map<String, Object>> entries = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        for (Nomination n : shortlist) {
            entries.add(Map.of("id", n.id(), "nominee", n.submission().nominee().name(), "reference", n.reference(),
                    "organisation", n.submission().nominee().organisation()));
            names.put(n.id(), n.submission().nominee().name());
        }
        Map<String, Object> v = new HashMap<>();
        v.put("entries", entries);
        v.put("error", error == null ? "" : error);
        v.put("ceremony", Times.human(cycle.milestones().ceremonyAt(), cycle.zone()));
        v.put("nonce", Links.nonce(secret));
        Optional<JudgingStore.Chair> chair = service.chair(link.cycleId(), link.category()).filter(JudgingStore.Chair::decided);
        v.put("decided", chair.isPresent());
        chair.ifPresent(c -> {
            v.put("winnerName", names.getOrDefault(c.winner(), c.winner()));
            v.put("hasCommended", !c.highlyCommended().isEmpty());
            v.put("commendedNames", String.join(", ", c.highlyCommended().stream().map(id -> names.getOrDefault(id, id)).toList()));
        });
        String category = cycle.category(link.category()).map(Cycle.Category::name).orElse(link.category());
        return page("chair", "Choose the " + category + " winner", cycle.name(), v);
    }

    private static ApiResponse page(String template, String title, String cycleName, Map<String, Object> values) {
        return new ApiResponse(200, Pages.HEADERS, Pages.render(template, title, cycleName, values));
    }

    private static ApiResponse notFound() {
        return new ApiResponse(404, Pages.HEADERS, Pages.render("notfound", "Link not valid", "Awards", Map.of()));
    }

    /** The posted form; a body that is no text (too large, not UTF-8) is an empty one, which decides nothing. */
    private static Map<String, List<String>> formOf(ApiRequest request) {
        try {
            request.bodyText();
        } catch (RuntimeException e) {
            return Map.of();
        }
        return FormBody.of(request).values();
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
