package awards.judging;

import awards.cycle.CycleStore;
import awards.milestone.MilestoneService;
import awards.nomination.NominationStore;
import awards.notify.Mailer;
import awards.platform.AwsClients;
import awards.platform.Env;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Builds the lifecycle's logic from a function's environment, once per container. */
public record LifecycleWiring(JudgingService judging, MilestoneService milestones, JudgingRounds rounds) {
    public static LifecycleWiring of(Env env) {
        AwsClients aws = new AwsClients(env);
        DynamoDbClient dynamo = aws.dynamoDb();
        String table = env.require("TABLE_NAME");
        NominationStore nominations = new NominationStore(dynamo, table);
        Mailer mailer = new Mailer(dynamo, aws.email(), table);
        CycleStore cycles = new CycleStore(dynamo, table);
        JudgingStore store = new JudgingStore(dynamo, table);
        JudgingService judging = new JudgingService(cycles, nominations, store, mailer,
                new Callbacks(aws.stepFunctions()), env.optional("PUBLIC_BASE_URL").orElse(""));
        return new LifecycleWiring(judging, new MilestoneService(judging, nominations, mailer), new JudgingRounds(cycles, judging, store));
    }
}
