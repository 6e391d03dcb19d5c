package awards.local.intake;

import static org.assertj.core.api.Assertions.assertThat;

import awards.cycle.Cycle;
import awards.judging.JudgingStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * The judging store's writes for scores, conflicts and shortlists, against DynamoDB Local: the
 * exact requests (keys, conditions) as the store sends them, captured by an SDK interceptor, and
 * what DynamoDB then does with them (a late score refused whole, one claimant of a default
 * shortlist among many, a stale claim taken over).
 */
class JudgingStoreIT {
    private static final Instant NOW = Instant.parse("2027-06-01T09:00:00Z");
    private LocalAws aws;
    private DynamoDbClient dynamo;
    private JudgingStore store;
    private final List<Object> sent = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        aws = LocalAws.start(NOW);
        dynamo = aws.recordingDynamo("test", sent);
        store = new JudgingStore(dynamo, LocalAws.TABLE);
    }

    @AfterEach
    void stop() throws Exception {
        dynamo.close();
        aws.close();
    }

    private JudgingStore.Link seat(String nomination, String judge) {
        JudgingStore.Link l = new JudgingStore.Link(JudgingStore.seatLinkId(nomination, judge), "hash", "JUDGE", nomination, "dia-2027", "c", judge,
                "Judge " + judge, NOW.plusSeconds(86400 * 60).getEpochSecond(), "OPEN", null, null);
        assertThat(store.putLink(l)).isTrue();
        return l;
    }

    private TransactWriteItemsRequest lastTransaction() {
        for (int i = sent.size() - 1; i >= 0; i--) {
            if (sent.get(i) instanceof TransactWriteItemsRequest t) {
                return t;
            }
        }
        throw new AssertionError("no transaction sent");
    }

    @Test
    void aScore_isOneTransaction_ofTheSeatTheScoreAndThePanel_refusedWholeOnceTheRoundClosed() {
        store.openPanel("n1", List.of("a@example.org", "b@example.org"), 2, "token", true);
        JudgingStore.Link seat = seat("n1", "a@example.org");
        assertThat(store.recordScore(seat, Map.of("Impact", 4), 4.0, "good", NOW)).isEqualTo(JudgingStore.Scored.RECORDED);

        List<TransactWriteItem> items = lastTransaction().transactItems();
        assertThat(items).hasSize(3);
        assertThat(items.get(0).update().key()).containsEntry("pk", s("LINK#" + seat.id())).containsEntry("sk", s("LINK"));
        assertThat(items.get(0).update().conditionExpression()).isEqualTo("#s = :open");
        assertThat(items.get(0).update().updateExpression()).isEqualTo("SET decision = :d, decidedAt = :at");
        assertThat(items.get(1).put().item()).containsEntry("pk", s("NOM#n1")).containsEntry("sk", s("SCORE#a@example.org"));
        assertThat(items.get(1).put().conditionExpression()).as("a changed score replaces the earlier one").isNull();
        assertThat(items.get(2).update().key()).containsEntry("pk", s("NOM#n1")).containsEntry("sk", s("PANEL"));
        assertThat(items.get(2).update().conditionExpression()).isEqualTo("outcome = :p AND attribute_exists(#sc)");
        assertThat(items.get(2).update().expressionAttributeNames()).containsEntry("#j", JudgingStore.judgeKey("a@example.org"));

        // Changed before the close: replaced. After the round's close set the outcome: refused, nothing written.
        assertThat(store.recordScore(seat, Map.of("Impact", 2), 2.0, "on reflection", NOW)).isEqualTo(JudgingStore.Scored.RECORDED);
        assertThat(store.scores("n1").get("a@example.org").weighted()).isEqualTo(2.0);
        assertThat(store.decide("n1", "SCORED")).isTrue();
        assertThat(store.recordScore(seat, Map.of("Impact", 5), 5.0, "late", NOW)).isEqualTo(JudgingStore.Scored.ROUND_CLOSED);
        assertThat(store.scores("n1").get("a@example.org").comment()).isEqualTo("on reflection");
        assertThat(store.summaries(List.of("n1")).get("n1").scores()).containsEntry(JudgingStore.judgeKey("a@example.org"), 2.0);
    }

    /** A judge's entry page reads in two requests: its list's link with the entry, then the seat, the cycle and the score. */
    @Test
    void anEntryPage_readsTheSeatTheCycleAndTheScore_inOneConsistentBatch_absentOnesEmpty() {
        store.openPanel("n1", List.of("a@example.org", "b@example.org"), 2, "token", true);
        JudgingStore.Link seat = seat("n1", "a@example.org");
        store.recordScore(seat, Map.of("Impact", 4), 4.0, "good", NOW);
        JudgingStore.Link scoredSeat = store.link(seat.id()).orElseThrow();
        sent.clear();

        JudgingStore.SeatRead read = store.seatRead("dia-2027", "n1", "a@example.org");
        assertThat(read.seat()).hasValue(scoredSeat);
        assertThat(read.score()).get().satisfies(score -> {
            assertThat(score.values()).isEqualTo(Map.of("Impact", 4));
            assertThat(score.comment()).isEqualTo("good");
        });
        assertThat(read.cycle()).as("no cycle stored in this test").isEmpty();
        assertThat(sent.get(0)).isInstanceOfSatisfying(software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest.class, b -> {
            var asked = b.requestItems().get(LocalAws.TABLE);
            assertThat(asked.consistentRead()).isTrue();
            assertThat(asked.keys()).containsExactlyInAnyOrder(
                    Map.of("pk", s("LINK#" + seat.id()), "sk", s("LINK")),
                    Map.of("pk", s("CYCLE#dia-2027"), "sk", s("CYCLE")),
                    Map.of("pk", s("NOM#n1"), "sk", s("SCORE#a@example.org")));
        });

        JudgingStore.SeatRead unscored = store.seatRead("dia-2027", "n1", "b@example.org");
        assertThat(unscored.seat()).isEmpty();
        assertThat(unscored.score()).isEmpty();
        JudgingStore.LinkAndNomination first = store.linkAndNomination(seat.id(), "n1");
        assertThat(first.link()).hasValue(scoredSeat);
        assertThat(first.nomination()).as("no nomination stored in this test").isEmpty();
        assertThat(sent).as("three reads, one request each").hasSize(3).allMatch(r -> r instanceof software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest);
    }

    /** A lifecycle step's first read: the nomination, the cycle and (for a panel's opening) the panel, in one consistent BatchGetItem. */
    @Test
    void aStepsFirstRead_isOneConsistentBatch_withThePanelOnlyWhenAsked() {
        store.openPanel("n1", List.of("a@example.org", "b@example.org"), 2, "token", true);
        sent.clear();
        JudgingStore.StepRead read = store.stepRead("n1", "dia-2027", true);
        assertThat(read.panel()).get().satisfies(p -> {
            assertThat(p.judges()).containsExactly("a@example.org", "b@example.org");
            assertThat(p.token()).isEqualTo("token");
        });
        assertThat(read.nomination()).as("no nomination stored in this test").isEmpty();
        assertThat(read.cycle()).as("no cycle stored in this test").isEmpty();
        assertThat(store.stepRead("n1", "dia-2027", false).panel()).isEmpty();
        assertThat(sent).hasSize(2).allSatisfy(r -> assertThat(r).isInstanceOfSatisfying(software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest.class,
                b -> assertThat(b.requestItems().get(LocalAws.TABLE).consistentRead()).isTrue()));
        var withPanel = (software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest) sent.get(0);
        assertThat(withPanel.requestItems().get(LocalAws.TABLE).keys()).containsExactlyInAnyOrder(
                Map.of("pk", s("NOM#n1"), "sk", s("NOM")),
                Map.of("pk", s("CYCLE#dia-2027"), "sk", s("CYCLE")),
                Map.of("pk", s("NOM#n1"), "sk", s("PANEL")));
        var without = (software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest) sent.get(1);
        assertThat(without.requestItems().get(LocalAws.TABLE).keys()).hasSize(2);
    }

    /**
     * Told its category, a step reads the category's judge loads and shortlist in its first batch;
     * each answers the step's first read of it with no request, a second read asks DynamoDB, and a
     * read of another category's (or the panel, not fetched) is never answered from the batch.
     */
    @Test
    void aStepToldItsCategory_readsItsLoadsAndShortlistInTheFirstBatch_eachAnsweringOneRead() {
        store.addLoad("dia-2027", "c", List.of("a@example.org", "b@example.org"));
        store.addLoad("dia-2027", "other", List.of("a@example.org"));
        store.openPanel("n1", List.of("a@example.org"), 1, "token", true);
        sent.clear();
        JudgingStore.StepRead read = store.stepRead("n1", "dia-2027", false, "c",
                java.util.Set.of(JudgingStore.CategoryItem.LOADS, JudgingStore.CategoryItem.SHORTLIST));
        assertThat(sent).hasSize(1);
        assertThat(((software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest) sent.get(0)).requestItems().get(LocalAws.TABLE).keys())
                .containsExactlyInAnyOrder(Map.of("pk", s("NOM#n1"), "sk", s("NOM")), Map.of("pk", s("CYCLE#dia-2027"), "sk", s("CYCLE")),
                        Map.of("pk", s("CYCLE#dia-2027"), "sk", s("LOADS#c")), Map.of("pk", s("CYCLE#dia-2027"), "sk", s("SHORTLIST#c")));
        sent.clear();
        List<String> judges = List.of("a@example.org", "b@example.org");
        assertThat(store.loads("dia-2027", "c", judges, read.prefetched())).isEqualTo(Map.of("a@example.org", 1L, "b@example.org", 1L));
        assertThat(store.shortlistOf("dia-2027", "c", read.prefetched())).as("none yet: absent in the batch, still no request").isEmpty();
        assertThat(sent).as("both answered from the first batch").isEmpty();
        assertThat(store.loads("dia-2027", "other", judges, read.prefetched())).isEqualTo(Map.of("a@example.org", 1L));
        assertThat(store.panel("n1", read.prefetched())).as("the panel was not asked for").isPresent();
        assertThat(sent).as("another category's loads and the panel: a request each").hasSize(2);
        sent.clear();
        store.addLoad("dia-2027", "c", List.of("a@example.org"));
        sent.clear();
        assertThat(store.loads("dia-2027", "c", judges, read.prefetched())).as("read again, fresh").isEqualTo(Map.of("a@example.org", 2L, "b@example.org", 1L));
        assertThat(sent).hasSize(1);
        store.stepRead("n1", "dia-2027", false, null, java.util.Set.of(JudgingStore.CategoryItem.LOADS));
        assertThat(((software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest) sent.get(1)).requestItems().get(LocalAws.TABLE).keys())
                .as("no category: nothing beyond the nomination and the cycle").hasSize(2);
    }

    /**
     * A panel's opening run again (retried after another judge's list email was found in flight) must
     * not put back a seat its judge has scored through meanwhile: their list would say "To do" again.
     */
    @Test
    void aSeatPutAgain_keepsWhatItsJudgeDecided() {
        store.openPanel("n1", List.of("a@example.org", "b@example.org"), 2, "token", true);
        JudgingStore.Link seat = seat("n1", "a@example.org");
        store.recordScore(seat, Map.of("Impact", 4), 4.0, "good", NOW);
        JudgingStore.Link again = new JudgingStore.Link(seat.id(), "another hash", "JUDGE", "n1", "dia-2027", "c", "a@example.org",
                "Judge a@example.org", seat.expiresAt(), "OPEN", null, null);
        store.putSeat(again);
        assertThat(store.link(seat.id()).orElseThrow().decision()).isEqualTo("SCORED");
        assertThat(store.link(seat.id()).orElseThrow().secretHash()).isEqualTo(seat.secretHash());
        JudgingStore.Link fresh = new JudgingStore.Link(JudgingStore.seatLinkId("n2", "a@example.org"), "h", "JUDGE", "n2", "dia-2027", "c", "a@example.org",
                "Judge a@example.org", seat.expiresAt(), "OPEN", null, null);
        store.putSeat(fresh);
        assertThat(store.link(fresh.id())).hasValue(fresh);
    }

    /** A panel's first opening writes its seats and list entries in one transaction; run again, it writes nothing and says so. */
    @Test
    void aPanelsSeats_areOneTransactionTheFirstTime_andNothingWhenOneIsThere() {
        store.openPanel("n1", List.of("a@example.org", "b@example.org"), 2, "token", true);
        List<JudgingStore.Link> seats = List.of("a@example.org", "b@example.org").stream().map(j -> new JudgingStore.Link(JudgingStore.seatLinkId("n1", j),
                "hash-" + j, "JUDGE", "n1", "dia-2027", "c", j, "Judge " + j, NOW.plusSeconds(86400 * 60).getEpochSecond(), "OPEN", null, null)).toList();
        sent.clear();
        assertThat(store.putNewSeats("dia-2027", seats)).isTrue();
        assertThat(sent).hasSize(1);
        assertThat(lastTransaction().transactItems()).hasSize(4);
        assertThat(store.assignments("dia-2027", "a@example.org")).containsExactly("n1");
        assertThat(store.link(seats.get(1).id())).hasValue(seats.get(1));

        store.recordScore(seats.get(0), Map.of("Impact", 4), 4.0, "", NOW);
        assertThat(store.putNewSeats("dia-2027", seats)).as("run again").isFalse();
        assertThat(store.link(seats.get(0).id()).orElseThrow().decision()).isEqualTo("SCORED");
        assertThat(store.assignments("dia-2027", "b@example.org")).containsExactly("n1");
    }

    /**
     * A panel's seats add to its judges' loads in one UpdateItem, and choosing a panel reads every
     * eligible judge's load in one GetItem; a judge never assigned counts 0 (absent), another
     * category's loads are its own, and no address is in the item.
     */
    @Test
    void theJudgesLoads_areOneItemACategory_writtenAndReadInOneRequestEach() {
        sent.clear();
        store.addLoad("dia-2027", "c", List.of("a@example.org", "b@example.org", "A@example.org"));
        assertThat(sent).as("one request for every judge of the panel").hasSize(1)
                .allMatch(r -> r instanceof software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest u
                        && u.conditionExpression() == null && u.key().get("sk").s().equals("LOADS#c"));
        store.addLoad("dia-2027", "c", List.of("a@example.org"));
        store.addLoad("dia-2027", "other", List.of("c@example.org"));
        store.addLoad("dia-2027", "c", List.of());
        sent.clear();
        assertThat(store.loads("dia-2027", "c", List.of("a@example.org", "b@example.org", "c@example.org")))
                .as("an address in another case is the same judge").isEqualTo(Map.of("a@example.org", 2L, "b@example.org", 1L));
        assertThat(sent).hasSize(1).allMatch(r -> r instanceof software.amazon.awssdk.services.dynamodb.model.GetItemRequest g
                && Boolean.TRUE.equals(g.consistentRead()));
        assertThat(store.loads("dia-2027", "none-yet", List.of("a@example.org"))).isEmpty();
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(LocalAws.TABLE).key(Map.of("pk", AttributeValue.fromS("CYCLE#dia-2027"),
                "sk", AttributeValue.fromS("LOADS#c")))).item();
        assertThat(item.toString()).doesNotContain("example.org");
    }

    @Test
    void aConflict_movesTheSeat_inOneTransaction_conditionalOnThePanelAsRead() {
        store.openPanel("n2", List.of("a@example.org", "b@example.org"), 2, "token", true);
        JudgingStore.Link seat = seat("n2", "a@example.org");
        store.recordScore(seat, Map.of("Impact", 4), 4.0, "", NOW);
        JudgingStore.Panel before = store.panel("n2").orElseThrow();
        Cycle.Person free = new Cycle.Person("Free", "c@example.org", "Elsewhere");
        // Another change to the panel after it was read: the declaration is refused as PANEL_MOVED, nothing written.
        JudgingStore.Link other = seat("n2", "b@example.org");
        store.recordScore(other, Map.of("Impact", 3), 3.0, "", NOW);
        JudgingStore.Panel stale = new JudgingStore.Panel("n2", List.of("a@example.org", "b@example.org", "x@example.org"), 2, "token", "PENDING", 0, 0,
                true, java.util.Set.of());
        assertThat(store.recordConflict(seat, stale, "my team", free, "h", null, NOW)).isEqualTo(JudgingStore.Declared.PANEL_MOVED);
        assertThat(store.summaries(List.of("n2")).get("n2").conflicts()).isEmpty();

        assertThat(store.recordConflict(seat, before, "my team", free, "h", null, NOW)).isEqualTo(JudgingStore.Declared.RECORDED);
        List<TransactWriteItem> items = lastTransaction().transactItems();
        assertThat(items).hasSize(6);
        assertThat(items.get(0).update().conditionExpression()).isEqualTo("#s = :open");
        assertThat(items.get(1).put().item()).containsEntry("sk", s("CONFLICT#" + JudgingStore.judgeKey("a@example.org")))
                .containsEntry("who", s("a@example.org"));
        assertThat(items.get(1).put().conditionExpression()).isEqualTo("attribute_not_exists(pk)");
        assertThat(items.get(2).update().conditionExpression()).isEqualTo("outcome = :p AND #j = :was AND votesFor = :vf AND votesAgainst = :va");
        assertThat(items.get(3).delete().key()).containsEntry("sk", s("SCORE#a@example.org"));
        assertThat(items.get(4).put().item()).containsEntry("pk", s("CYCLE#dia-2027"))
                .containsEntry("sk", s("ASSIGN#" + JudgingStore.judgeKey("c@example.org") + "#n2"));
        assertThat(items.get(5).put().item()).containsEntry("pk", s("LINK#" + JudgingStore.seatLinkId("n2", "c@example.org")));

        JudgingStore.Panel after = store.panel("n2").orElseThrow();
        assertThat(after.judges()).containsExactly("b@example.org", "c@example.org");
        assertThat(after.conflicts()).containsExactly(JudgingStore.judgeKey("a@example.org"));
        assertThat(store.scores("n2")).containsOnlyKeys("b@example.org");
        assertThat(store.summaries(List.of("n2")).get("n2").scores()).containsOnlyKeys(JudgingStore.judgeKey("b@example.org"));
        assertThat(store.assignments("dia-2027", "c@example.org")).containsExactly("n2");
        Map<String, JudgingStore.PanelSummary> panels = store.summaries(List.of("n2"));
        assertThat(store.conflicts(panels).get("n2")).containsOnlyKeys("a@example.org");
        assertThat(store.conflicts(panels).get("n2").get("a@example.org").reason()).isEqualTo("my team");
        assertThat(store.scores(panels).get("n2")).containsOnlyKeys("b@example.org");
        // Declared twice (a retried POST): the seat is used, nothing changes.
        assertThat(store.recordConflict(seat, after, "again", null, "h", null, NOW)).isEqualTo(JudgingStore.Declared.ALREADY_DONE);
        assertThat(store.panel("n2").orElseThrow().judges()).containsExactly("b@example.org", "c@example.org");
    }

    @Test
    void aDefaultShortlist_isWorkedOutByOneClaimantOfMany_andAStaleClaimIsTakenOver() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Boolean>> claims = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String attempt = "attempt-" + i;
            claims.add(() -> store.claimDefaultShortlist("dia-2027", "c", attempt, NOW, NOW.minusSeconds(60)));
        }
        int won = 0;
        for (Future<Boolean> f : pool.invokeAll(claims)) {
            won += f.get() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(won).as("exactly one claimant").isEqualTo(1);
        assertThat(store.shortlistOf("dia-2027", "c")).as("nothing decided while it is worked out").isEmpty();
        assertThat(store.shortlistClaimed("dia-2027", "c")).isTrue();

        // The claimant died: a minute later another takes the claim over, and only its result is stored.
        Instant later = NOW.plusSeconds(61);
        assertThat(store.claimDefaultShortlist("dia-2027", "c", "late", later, later.minusSeconds(60))).isTrue();
        assertThat(store.storeDefaultShortlist("dia-2027", "c", "attempt-0", List.of("x"), false, later)).isFalse();
        assertThat(store.storeDefaultShortlist("dia-2027", "c", "late", List.of("n1", "n2"), true, later)).isTrue();
        assertThat(store.shortlistOf("dia-2027", "c")).hasValue(new JudgingStore.Shortlist(List.of("n1", "n2"), "DEFAULT", true, later.toString()));
    }

    private software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest lastUpdate() {
        for (int i = sent.size() - 1; i >= 0; i--) {
            if (sent.get(i) instanceof software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest u) {
                return u;
            }
        }
        throw new AssertionError("no update sent");
    }

    @Test
    void theRoundsClose_closesAWaitingPanel_onlyAsRead_andHandsBackItsToken() {
        // A scored panel closed as SCORED with the one score read: conditional on the outcome and on that count.
        store.openPanel("r1", List.of("a@example.org", "b@example.org"), 2, "token-r1", true);
        JudgingStore.Link seat = seat("r1", "a@example.org");
        store.recordScore(seat, Map.of("Impact", 4), 4.0, "", NOW);
        // Read with no score: a score has come in since, so the close is refused and the caller reads again.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.closePanel("r1", "UNDECIDED", true, 0))
                .isInstanceOf(java.util.ConcurrentModificationException.class);
        assertThat(lastUpdate().conditionExpression()).isEqualTo("outcome = :p AND size(scores) = :n");
        assertThat(store.panel("r1").orElseThrow().outcome()).isEqualTo("PENDING");
        assertThat(store.closePanel("r1", "SCORED", true, 1)).contains("token-r1");
        assertThat(lastUpdate().key()).containsEntry("pk", s("NOM#r1")).containsEntry("sk", s("PANEL"));
        assertThat(lastUpdate().updateExpression()).isEqualTo("SET outcome = :o");
        // Closed before (a second run of the schedule, a vote's majority): nothing to resume, nothing written.
        assertThat(store.closePanel("r1", "SCORED", true, 1)).isEmpty();
        assertThat(store.panel("r1").orElseThrow().outcome()).isEqualTo("SCORED");

        // An approving panel: conditional on the outcome alone.
        store.openPanel("r2", List.of("a@example.org"), 1, "token-r2");
        assertThat(store.closePanel("r2", "UNDECIDED", false, 0)).contains("token-r2");
        assertThat(lastUpdate().conditionExpression()).isEqualTo("outcome = :p");

        // The category's round: its reminder and its close recorded once each, read back.
        assertThat(store.round("dia-2027", "mentoring")).isEqualTo(new JudgingStore.Round(false, false));
        store.markRound("dia-2027", "mentoring", "remindedAt", NOW);
        assertThat(lastUpdate().key()).containsEntry("pk", s("CYCLE#dia-2027")).containsEntry("sk", s("ROUND#mentoring"));
        store.markRound("dia-2027", "mentoring", "closedAt", NOW.plusSeconds(60));
        assertThat(store.round("dia-2027", "mentoring")).isEqualTo(new JudgingStore.Round(true, true));
        assertThat(store.round("dia-2027", "social-mobility")).isEqualTo(new JudgingStore.Round(false, false));
    }

    private static software.amazon.awssdk.services.dynamodb.model.AttributeValue s(String v) {
        return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(v);
    }
}
