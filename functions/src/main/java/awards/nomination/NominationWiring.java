package awards.nomination;

import awards.cycle.CycleStore;
import awards.platform.AwsClients;
import awards.platform.Env;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Builds the nomination logic from a function's environment: once per container. */
final class NominationWiring {
    private NominationWiring() {}

    static NominationService service(Env env) {
        AwsClients aws = new AwsClients(env);
        DynamoDbClient dynamo = aws.dynamoDb();
        String table = env.require("TABLE_NAME");
        return new NominationService(new CycleStore(dynamo, table), new NominationStore(dynamo, table),
                new Executions(aws.stepFunctions(), env.require("STATE_MACHINE_ARN")), new awards.notify.Mailer(dynamo, aws.email(), table));
    }
}
