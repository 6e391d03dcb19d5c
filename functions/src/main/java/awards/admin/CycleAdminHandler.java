package awards.admin;

import awards.cycle.Cycle;
import awards.cycle.CycleJson;
import awards.cycle.CycleStore;
import awards.platform.ApiHandler;
import awards.platform.ApiRequest;
import awards.platform.ApiResponse;
import awards.platform.AwsClients;
import awards.platform.Env;
import awards.platform.Problem;
import awards.platform.Problem.FieldError;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code PUT /admin/cycles/{cycleId}} creates or replaces a cycle (send the {@code version} you read
 * to replace one; a stale version is refused with 409); {@code GET} reads it.
 */
public final class CycleAdminHandler extends ApiHandler {
    private final CycleStore cycles;
    private final Senders senders;
    private final awards.platform.Admins admins;

    public CycleAdminHandler() {
        this(System.getenv());
        awards.platform.Priming.register(awards.nomination.NominationPriming.WORK);
    }

    public CycleAdminHandler(Map<String, String> environment) {
        this(new Env(environment));
    }

    private CycleAdminHandler(Env env) {
        this(new CycleStore(new AwsClients(env).dynamoDb(), env.require("TABLE_NAME")),
                new Senders(new AwsClients(env).email(), env.require("SENDER_ADDRESS")), awards.platform.Admins.from(env));
    }

    public CycleAdminHandler(CycleStore cycles, Senders senders, awards.platform.Admins admins) {
        this.cycles = cycles;
        this.senders = senders;
        this.admins = admins;
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        admins.require(request);
        String id = CycleJson.cycleIdOf(request);
        if (request.method().equals("GET")) {
            return ApiResponse.json(200, CycleJson.write(cycles.find(id).orElseThrow(() -> Problem.notFound().exception())));
        }
        JsonNode body = request.jsonBody();
        List<FieldError> errors = new ArrayList<>();
        Cycle cycle = CycleJson.parse(id, body, errors);
        long expected = body.path("version").asLong(0);
        if (body.has("version") && !body.path("version").canConvertToLong()) {
            errors.add(new FieldError("version", "must be the version you read, or absent for a new cycle"));
        }
        if (cycle != null) {
            senders.problem(cycle.sender()).ifPresent(p -> errors.add(new FieldError("sender", p)));
        }
        if (!errors.isEmpty()) {
            throw Problem.invalid("invalid-cycle", "The cycle has invalid fields", errors).exception();
        }
        Cycle stored = cycles.save(cycle, expected).orElseThrow(() -> Problem.conflict("stale-version", "The cycle has changed",
                expected == 0
                        ? "cycle " + id + " already exists: GET it and send its version to replace it"
                        : "cycle " + id + " is no longer at version " + expected + ": GET it again").exception());
        return ApiResponse.json(expected == 0 ? 201 : 200, CycleJson.write(stored));
    }
}
