package awards.privacy;

import awards.platform.ApiHandler;
import awards.platform.ApiRequest;
import awards.platform.ApiResponse;
import awards.platform.AwsClients;
import awards.platform.Env;
import awards.platform.Problem;
import awards.platform.Problem.FieldError;
import awards.platform.Text;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A person's rights under UK GDPR, for admins: {@code POST /admin/people/export} with
 * {@code {"email": "…"}} answers everything held about that address (access); {@code POST
 * /admin/people/erasure} erases it everywhere, withdrawing the person's open nominations first, and
 * answers what was erased. Both leave an audit item holding the address's hash and who asked.
 */
public final class PrivacyAdminHandler extends ApiHandler {
    private final PersonalData personalData;
    private final awards.platform.Admins admins;

    public PrivacyAdminHandler() {
        this(System.getenv());
    }

    public PrivacyAdminHandler(Map<String, String> environment) {
        this(new Env(environment));
    }

    private PrivacyAdminHandler(Env env) {
        this(wire(env), awards.platform.Admins.from(env));
    }

    public PrivacyAdminHandler(PersonalData personalData, awards.platform.Admins admins) {
        this.personalData = personalData;
        this.admins = admins;
    }

    static PersonalData wire(Env env) {
        AwsClients aws = new AwsClients(env);
        String table = env.require("TABLE_NAME");
        return new PersonalData(aws.dynamoDb(), table, new awards.nomination.NominationStore(aws.dynamoDb(), table),
                new awards.nomination.Executions(aws.stepFunctions(), env.require("STATE_MACHINE_ARN")));
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        admins.require(request);
        JsonNode body = request.jsonBody();
        List<FieldError> errors = new ArrayList<>();
        String email = Text.email(body, "email", errors);
        if (!errors.isEmpty()) {
            throw Problem.invalid("invalid-person", "The request does not name a person", errors).exception();
        }
        String requestedBy = request.iamCaller().orElse("unknown");
        if (request.path().endsWith("/erasure")) {
            return ApiResponse.json(200, personalData.erase(email, requestedBy, request.now()));
        }
        return ApiResponse.json(200, personalData.export(email, requestedBy, request.now()));
    }
}
