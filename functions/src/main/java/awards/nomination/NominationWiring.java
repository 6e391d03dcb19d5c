package awards.nomination;

import awards.cycle.CycleStore;
import awards.platform.AwsClients;
import awards.platform.Env;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Builds the nomination logic from a function's environment: once per container. */
public final class NominationWiring {
    private NominationWiring() {}

    public static NominationService service(Env env) {
        return service(env, env.require("STATE_MACHINE_ARN"), 0);
    }

    /** For the function that takes submissions: it alone sends receipts, so it alone is held to the receipts per address. */
    public static NominationService submitter(Env env) {
        return service(env, env.require("STATE_MACHINE_ARN"), env.optional("RECEIPTS_PER_ADDRESS_PER_HOUR").map(Integer::parseInt).orElse(0));
    }

    /** For a function that only reads nominations: it is given no state machine. */
    public static NominationService reader(Env env) {
        return service(env, null, 0);
    }

    private static NominationService service(Env env, String stateMachineArn, int receiptsPerHour) {
        AwsClients aws = new AwsClients(env);
        DynamoDbClient dynamo = aws.dynamoDb();
        String table = env.require("TABLE_NAME");
        return new NominationService(new CycleStore(dynamo, table), new NominationStore(dynamo, table),
                new Executions(aws.stepFunctions(), stateMachineArn), new awards.notify.Mailer(dynamo, aws.email(), table),
                receiptsPerHour);
    }
}
