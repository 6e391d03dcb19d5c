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
import java.util.Set;

/**
 * {@code GET /judging/{linkId}/{secret}} shows a judge the nomination and a form (or a chair the
 * shortlist), and changes nothing: mail scanners open links. {@code POST} from that form, with its
 * nonce and this site's {@code Origin}, records the decision once. Every failure is the same 404.
 */
public final class DecisionPageHandler extends ApiHandler {
    private final JudgingService service;
    private final SameOrigin sameOrigin;
    private final Optional<String> publicBaseUrl;

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
        this.publicBaseUrl = publicBaseUrl;
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        String secret = request.pathParam("secret");
        String linkId = request.pathParam("linkId");
        // A judge's entry page (their list's link with ?entry=) reads in two requests, not five: the
        // link with the entry, then (the link proved) their seat, the cycle and their score.
        Optional<String> entry = request.queryParam("entry").filter(Secrets::isId);
        Optional<JudgingStore.LinkAndNomination> first = Secrets.isId(linkId) ? entry.map(e -> service.linkAndNomination(linkId, e)) : Optional.empty();
        // An unknown or malformed id costs what a wrong secret costs, and is the same 404.
        Optional<JudgingStore.Link> link0 = !Secrets.isId(linkId) ? Optional.empty() : first.isPresent() ? first.get().link() : service.link(linkId);
        boolean matches = Secrets.matches(secret, link0.map(JudgingStore.Link::secretHash).orElse(null));
        Optional<JudgingStore.Link> unexpired = link0.filter(l -> matches).filter(l -> request.now().isBefore(Instant.ofEpochSecond(l.expiresAt())));
        // A judge's link opens pages until the shortlist date as the cycle has it now: read once for the request.
        Optional<JudgingStore.SeatRead> seat = first.isPresent() ? unexpired.filter(l -> l.kind().equals("QUEUE"))
                .map(l -> service.seatRead(l.cycleId(), entry.get(), l.who())) : Optional.empty();
        Optional<Cycle> judgesCycle = seat.isPresent() ? seat.get().cycle()
                : unexpired.filter(DecisionPageHandler::judges).flatMap(l -> service.cycle(l.cycleId()));
        Optional<JudgingStore.Link> found = unexpired
                .filter(l -> !judges(l) || judgesCycle.filter(c -> request.now().isBefore(c.milestones().shortlistAt())).isPresent());
        if (found.isEmpty()) {
            return notFound();
        }
        JudgingStore.Link link = found.get();
        if (link.kind().equals("QUEUE")) {
            return queue(link, secret, request, judgesCycle.orElseThrow(), first.flatMap(JudgingStore.LinkAndNomination::nomination), seat);
        }
        if (link.kind().equals("LEADERBOARD")) {
            return leaderboard(link, secret, request);
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

    /** A judge's link (their list, or their seat on a panel): open until the shortlist date, as the cycle has it now. */
    private static boolean judges(JudgingStore.Link link) {
        return link.kind().equals("QUEUE") || link.kind().equals("JUDGE");
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
     * decides it. Anything else is the same 404 as a wrong link. {@code entryRead}: for an entry's
     * page, the entry as read with the list's link, and {@code seatRead}: the judge's seat and score as
     * read with the cycle ({@link #handle}); empty otherwise.
     */
    private ApiResponse queue(JudgingStore.Link queue, String secret, ApiRequest request, Cycle theCycle, Optional<Nomination> entryRead,
                              Optional<JudgingStore.SeatRead> seatRead) {
        Optional<String> entry = request.queryParam("entry");
        if (entry.isPresent()) {
            // The entry is on this judge's list if they hold a seat on its panel: the seat's link, keyed by
            // the entry and the judge, is read by key (not the judge's whole list, which may be hundreds long).
            Optional<JudgingStore.Link> vote = seatRead.flatMap(JudgingStore.SeatRead::seat)
                    .filter(l -> l.kind().equals("JUDGE") && entry.get().equals(l.nominationId()) && queue.cycleId().equals(l.cycleId())
                            && queue.who().equalsIgnoreCase(l.who()));
            if (vote.isEmpty()) {
                return notFound();
            }
            JudgingStore.Link link = vote.get();
            Optional<Nomination> nomination = entryRead;
            Optional<Cycle> cycle = Optional.of(theCycle);
            // The score was read under the list's address; a seat whose address differs in case reads it again.
            Optional<JudgingStore.Score> mine = link.who().equals(queue.who()) ? seatRead.get().score() : Optional.ofNullable(service.scores(entry.get()).get(link.who()));
            Optional<Cycle.Scoring> scoring = nomination.flatMap(n -> cycle.flatMap(c -> c.category(n.submission().category())))
                    .map(Cycle.Category::scoring);
            if (request.method().equals("POST") && formOf(request).containsKey("conflict")) {
                return declareConflict(link, secret, request, cycle, nomination);
            }
            if (scoring.isPresent()) {
                return scorePage(link, secret, request, cycle.get(), nomination.get(), scoring.get(), mine);
            }
            if (request.method().equals("POST")) {
                Map<String, List<String>> form = formOf(request);
                if (!sameOrigin.test(request) || !Links.nonceMatches(secret, first(form, "nonce")) || !decide(link, form, List.of(), request.now())) {
                    return notFound();
                }
                link = service.link(link.id()).orElseThrow();
            } else if (!request.method().equals("GET")) {
                return notFound();
            }
            return judgePage(link, secret, request, secret, nomination.orElse(null), theCycle);
        }
        if (!request.method().equals("GET")) {
            return notFound();
        }
        Cycle cycle = theCycle;
        List<Map<String, Object>> entries = new ArrayList<>();
        int decided = 0;
        List<String> ids = service.assignments(queue.cycleId(), queue.who());
        Map<String, Nomination> nominations = service.nominations(ids);
        Map<String, JudgingStore.Link> seats = service.links(ids.stream().map(id -> JudgingStore.seatLinkId(id, queue.who())).toList());
        for (String id : ids) {
            Optional<Nomination> n = Optional.ofNullable(nominations.get(id));
            Optional<JudgingStore.Link> vote = Optional.ofNullable(seats.get(JudgingStore.seatLinkId(id, queue.who())));
            if (n.isEmpty() || vote.isEmpty() || n.get().status() == awards.nomination.Status.WITHDRAWN) {
                continue;
            }
            boolean scored = "SCORED".equals(vote.get().decision());
            boolean done = vote.get().status().equals("USED") || scored;
            decided += done ? 1 : 0;
            entries.add(Map.of("id", id, "nominee", n.get().submission().nominee().name(),
                    "reference", n.get().reference(),
                    "category", cycle.category(n.get().submission().category()).map(Cycle.Category::name).orElse(""),
                    "status", !done ? "To do" : scored ? "Scored" : switch (String.valueOf(vote.get().decision())) {
                        case "SHORTLIST" -> "Shortlist";
                        case "CONFLICT" -> "Conflict declared";
                        default -> "Do not shortlist";
                    }));
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
        return judgePage(link, secret, request, queue, null, 200);
    }

    private ApiResponse judgePage(JudgingStore.Link link, String secret, ApiRequest request, String queue, String error, int status) {
        return judgePage(link, secret, request, queue, service.nomination(link.nominationId()).orElse(null), service.cycle(link.cycleId()).orElse(null),
                error, status);
    }

    /** A judge's page on an entry; {@code n} and {@code cycle} as the request read them (null: not found). */
    private ApiResponse judgePage(JudgingStore.Link link, String secret, ApiRequest request, String queue, Nomination n, Cycle cycle) {
        return judgePage(link, secret, request, queue, n, cycle, null, 200);
    }

    private ApiResponse judgePage(JudgingStore.Link link, String secret, ApiRequest request, String queue, Nomination n, Cycle cycle,
                                  String error, int status) {
        if (n == null || cycle == null) {
            return notFound();
        }
        Map<String, Object> v = entryValues(n, cycle, link, secret);
        v.put("decided", link.status().equals("USED") && !"CONFLICT".equals(link.decision()));
        v.put("decision", "SHORTLIST".equals(link.decision()) ? "shortlist" : "do not shortlist");
        v.put("decidedAt", link.decidedAt() == null ? "" : Times.human(Instant.parse(link.decidedAt()), cycle.zone()));
        v.put("error", error == null ? "" : error);
        conflictValues(v, link, cycle, request.now());
        if (queue == null) {
            v.remove("queue");
        }
        return new ApiResponse(status, Pages.HEADERS, Pages.render("judge", "Judge a nomination", cycle.name(), v));
    }

    /**
     * A nomination of a scored category on a judge's list: GET shows it with the criteria and the
     * judge's scores so far; POST (nonce, Origin) saves every criterion's score and the comment, again
     * and again until judging closes. A form that leaves a criterion unscored, gives a score off the
     * scale or lacks a required comment is refused with 400 and says why, saving nothing; after the
     * close, 409 and the scores as they stand.
     */
    private ApiResponse scorePage(JudgingStore.Link seat, String secret, ApiRequest request, Cycle cycle, Nomination n, Cycle.Scoring scoring,
                                  Optional<JudgingStore.Score> stored) {
        return scorePage(seat, secret, request, cycle, n, scoring, stored, null, 200);
    }

    /**
     * As above, {@code stored} being the judge's score as the request read it; with {@code shownError},
     * only shows the page (a POST already handled elsewhere), with that problem and status.
     */
    private ApiResponse scorePage(JudgingStore.Link seat, String secret, ApiRequest request, Cycle cycle, Nomination n, Cycle.Scoring scoring,
                                  Optional<JudgingStore.Score> stored, String shownError, int shownStatus) {
        Instant closesAt = cycle.milestones().judgingClosesAt();
        boolean closed = !request.now().isBefore(closesAt);
        Map<String, Integer> values = null;
        String comment = null;
        String error = shownError;
        int status = shownStatus;
        boolean saved = false;
        boolean conflict = "CONFLICT".equals(seat.decision());
        if (request.method().equals("POST") && shownError == null && !conflict) {
            Map<String, List<String>> form = formOf(request);
            if (!sameOrigin.test(request) || !Links.nonceMatches(secret, first(form, "nonce"))) {
                return notFound();
            }
            values = new java.util.LinkedHashMap<>();
            List<String> unscored = new ArrayList<>();
            for (int i = 0; i < scoring.criteria().size(); i++) {
                List<String> given = form.getOrDefault("c" + i, List.of());
                Integer v = given.size() == 1 && given.get(0).matches("[0-9]{1,2}") ? Integer.valueOf(given.get(0)) : null;
                if (v == null || v < 1 || v > scoring.scale()) {
                    unscored.add(scoring.criteria().get(i).name());
                } else {
                    values.put(scoring.criteria().get(i).name(), v);
                }
            }
            List<String> comments = form.getOrDefault("comment", List.of());
            comment = comments.isEmpty() ? "" : comments.get(0).strip();
            if (comments.size() > 1 || comment.codePointCount(0, comment.length()) > 1000) {
                error = "Write one comment of at most 1,000 characters.";
            } else if (!unscored.isEmpty()) {
                error = "Score every criterion from 1 to " + scoring.scale() + ". Not scored: " + String.join(", ", unscored) + ".";
            } else if (scoring.commentRequired() && comment.isEmpty()) {
                error = "Write a comment for the chair: this category asks for one with every score.";
            }
            if (closed) {
                status = 409;
                error = "Judging closed on " + Times.human(closesAt, cycle.zone()) + ": your scores were not changed.";
            } else if (error != null) {
                status = 400;
            } else if (service.score(seat, scoring, values, comment, request.now()) == JudgingService.ScoreResult.ROUND_CLOSED) {
                closed = true;
                status = 409;
                error = "Judging has closed: your scores were not changed.";
            } else {
                saved = true;
            }
        } else if (shownError == null && !request.method().equals("GET")) {
            return notFound();
        }
        // Just saved: what was saved, at this request's time (as stored); otherwise what was read with the seat.
        JudgingStore.Score mine = saved ? new JudgingStore.Score(seat.who(), seat.whoName(), values, scoring.weighted(values).orElseThrow(), comment,
                request.now().toString()) : stored.orElse(null);
        if (values == null || saved || closed) {
            // What is stored: the form shows it again (a refused form keeps what the judge sent, to correct it).
            values = mine == null ? Map.of() : mine.values();
            comment = mine == null ? "" : mine.comment();
        }
        Map<String, Object> v = entryValues(n, cycle, seat, secret);
        v.put("scoring", !conflict);
        conflictValues(v, seat, cycle, request.now());
        v.put("closed", closed);
        v.put("closesAt", Times.human(closesAt, cycle.zone()));
        v.put("scale", scoring.scale());
        v.put("commentRequired", scoring.commentRequired());
        v.put("comment", comment);
        v.put("error", error == null ? "" : error);
        v.put("saved", mine != null && !closed);
        v.put("savedAt", mine == null ? "" : Times.human(Instant.parse(mine.at()), cycle.zone()));
        v.put("hasScores", mine != null);
        boolean weighted = scoring.criteria().stream().map(Cycle.Criterion::weight).distinct().count() > 1;
        List<Map<String, Object>> criteria = new ArrayList<>();
        for (int i = 0; i < scoring.criteria().size(); i++) {
            Cycle.Criterion c = scoring.criteria().get(i);
            Integer chosen = values.get(c.name());
            List<Map<String, Object>> options = new ArrayList<>();
            for (int k = 1; k <= scoring.scale(); k++) {
                options.add(Map.of("value", k, "checked", chosen != null && chosen == k));
            }
            criteria.add(Map.of("index", i, "name", c.name(), "description", c.description(), "weight", c.weight(), "weighted", weighted,
                    "options", options, "value", chosen == null ? "" : chosen));
        }
        v.put("criteria", criteria);
        return new ApiResponse(status, Pages.HEADERS, Pages.render("judge", "Score a nomination", cycle.name(), v));
    }

    /**
     * A scored category's leaderboard, for its chair: entries ranked by score, ties marked, each
     * judge's comments. Between the round's close and the shortlist date the chair confirms the
     * shortlist here (nonce, Origin; the default cut ticked); one confirmation, then the page shows
     * it. Before the close it is a preview; after the shortlist date it shows what was shortlisted.
     */
    private ApiResponse leaderboard(JudgingStore.Link link, String secret, ApiRequest request) {
        Cycle cycle = service.cycle(link.cycleId()).orElse(null);
        Cycle.Category category = cycle == null ? null : cycle.category(link.category()).filter(Cycle.Category::scored).orElse(null);
        if (category == null) {
            return notFound();
        }
        Instant now = request.now();
        boolean open = now.isBefore(cycle.milestones().judgingClosesAt());
        Leaderboard board = service.leaderboard(cycle.id(), category.id());
        Leaderboard.Cut cut = board.top(category.scoring().shortlistSize());
        Set<String> ids = board.rows().stream().map(r -> r.nomination().id()).collect(java.util.stream.Collectors.toSet());
        String error = null;
        int status = 200;
        List<String> chosen = cut.entries();
        if (request.method().equals("POST")) {
            Map<String, List<String>> form = formOf(request);
            if (!sameOrigin.test(request) || !Links.nonceMatches(secret, first(form, "nonce"))) {
                return notFound();
            }
            List<String> entries = form.getOrDefault("entry", List.of()).stream().distinct().toList();
            if (open || !now.isBefore(cycle.milestones().shortlistAt()) || service.categoryShortlistDecided(cycle.id(), category.id())) {
                status = 409;
                error = open ? "Judging is still open until " + Times.human(cycle.milestones().judgingClosesAt(), cycle.zone()) + ": the shortlist can be confirmed once it closes."
                        : "The shortlist was settled already; it is shown below.";
            } else if (entries.isEmpty() || !ids.containsAll(entries)) {
                status = 400;
                error = "Tick at least one entry of this leaderboard to shortlist.";
            } else if (!service.confirmShortlist(link, entries, now)) {
                status = 409;
                error = "The shortlist was settled already; it is shown below.";
            }
            if (status == 400) {
                chosen = entries.stream().filter(ids::contains).toList();
            }
        } else if (!request.method().equals("GET")) {
            return notFound();
        }
        Optional<JudgingStore.Shortlist> decided = service.categoryShortlistOf(cycle.id(), category.id());
        Map<String, String> names = new HashMap<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> tick = chosen;
        // Every judge's scores and comment, read by key in batches (not one Query per entry).
        Map<String, Map<String, JudgingStore.Score>> scores = service.scores(board);
        for (Leaderboard.Row r : board.rows()) {
            Nomination n = r.nomination();
            names.put(n.id(), n.submission().nominee().name());
            List<Map<String, Object>> comments = new ArrayList<>();
            scores.getOrDefault(n.id(), Map.of()).values().stream().filter(x -> !x.comment().isBlank())
                    .forEach(x -> comments.add(Map.of("judge", x.judgeName(), "weighted", Leaderboard.shown(x.weighted()), "text", x.comment())));
            Map<String, Object> row = new HashMap<>(Map.of("id", n.id(), "nominee", n.submission().nominee().name(), "reference", n.reference(),
                    "rank", r.rank() == 0 ? "–" : (r.tied() ? "=" : "") + r.rank(),
                    "score", r.score().isPresent() ? Leaderboard.shown(r.score().getAsDouble()) : "not scored",
                    "count", r.scores(), "judges", r.judges(), "spread", r.scores() > 1 ? Leaderboard.shown(r.spread()) : "–"));
            row.put("comments", comments);
            row.put("hasComments", !comments.isEmpty());
            row.put("chosen", tick.contains(n.id()));
            rows.add(row);
        }
        Map<String, Object> v = new HashMap<>();
        v.put("category", category.name());
        v.put("open", open);
        v.put("closesAt", Times.human(cycle.milestones().judgingClosesAt(), cycle.zone()));
        v.put("shortlist", Times.human(cycle.milestones().shortlistAt(), cycle.zone()));
        v.put("scale", category.scoring().scale());
        v.put("size", category.scoring().shortlistSize());
        v.put("cutTies", cut.ties());
        v.put("hasTies", board.rows().stream().anyMatch(Leaderboard.Row::tied));
        v.put("rows", rows);
        v.put("entryCount", rows.size() == 1 ? "1 entry" : rows.size() + " entries");
        v.put("nonce", Links.nonce(secret));
        v.put("error", error == null ? "" : error);
        v.put("decided", decided.isPresent());
        v.put("canConfirm", decided.isEmpty() && !open && now.isBefore(cycle.milestones().shortlistAt()));
        decided.ifPresent(d -> {
            v.put("byChair", "CHAIR".equals(d.by()));
            v.put("ties", d.ties());
            v.put("shortlistNames", String.join(", ", d.entries().stream().map(id -> names.getOrDefault(id, id)).toList()));
        });
        return new ApiResponse(status, Pages.HEADERS, Pages.render("leaderboard", category.name() + " leaderboard", cycle.name(), v));
    }

    /**
     * "I have a conflict of interest", from an entry's page (nonce, Origin): with a reason, while the
     * round is open and the judge has not decided. The entry leaves their list; another judge takes
     * the seat if one is left. A form without a reason is refused with 400 and says so.
     */
    private ApiResponse declareConflict(JudgingStore.Link seat, String secret, ApiRequest request, Optional<Cycle> cycle, Optional<Nomination> nomination) {
        Map<String, List<String>> form = formOf(request);
        if (cycle.isEmpty() || nomination.isEmpty() || !sameOrigin.test(request) || !Links.nonceMatches(secret, first(form, "nonce"))) {
            return notFound();
        }
        List<String> reasons = form.getOrDefault("reason", List.of());
        String reason = reasons.size() == 1 ? reasons.get(0).strip() : "";
        String error = null;
        int status = 200;
        if (!request.now().isBefore(cycle.get().milestones().judgingClosesAt()) || seat.status().equals("USED")) {
            status = 409;
            error = "A conflict can be declared only before you decide and while judging is open.";
        } else if (reason.isEmpty() || reason.codePointCount(0, reason.length()) > 500) {
            status = 400;
            error = "Say in a sentence what the conflict is (at most 500 characters): the admins see it, the nominator does not.";
        } else if (service.declareConflict(seat, reason, request.now(), publicBaseUrl.orElse("https://" + request.domainName()))
                == JudgingService.ConflictResult.ALREADY_DONE) {
            status = 409;
            error = "This entry was decided, or judging closed, before the conflict could be recorded.";
        }
        JudgingStore.Link now = service.link(seat.id()).orElse(seat);
        Cycle c = cycle.get();
        Optional<Cycle.Scoring> scoring = c.category(nomination.get().submission().category()).map(Cycle.Category::scoring);
        return scoring.isPresent()
                ? scorePage(now, secret, request, c, nomination.get(), scoring.get(), Optional.ofNullable(service.scores(nomination.get().id()).get(now.who())),
                        error == null ? "" : error, status)
                : judgePage(now, secret, request, secret, error, status);
    }

    /** The conflict-of-interest part of an entry's page: the form while it can be declared, or the declaration made. */
    private void conflictValues(Map<String, Object> v, JudgingStore.Link seat, Cycle cycle, Instant now) {
        boolean declared = "CONFLICT".equals(seat.decision());
        v.put("conflictDeclared", declared);
        v.put("conflictOpen", !declared && !seat.status().equals("USED") && now.isBefore(cycle.milestones().judgingClosesAt()));
        v.put("conflictAt", declared && seat.decidedAt() != null ? Times.human(Instant.parse(seat.decidedAt()), cycle.zone()) : "");
    }

    /** What every judge's page shows of a nomination, and the way back to their list. */
    private static Map<String, Object> entryValues(Nomination n, Cycle cycle, JudgingStore.Link seat, String secret) {
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
        v.put("judge", seat.whoName());
        v.put("nonce", Links.nonce(secret));
        // Relative to this page (…/{linkId}/{secret}?entry=…): right behind any base path.
        v.put("queue", secret);
        return v;
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
