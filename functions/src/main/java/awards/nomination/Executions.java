package awards.nomination;

import java.util.logging.Logger;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;

/**
 * Each nomination's Step Functions execution. Its name is derived from the nomination, so a second
 * start of the same nomination (a retry, the sweeper) can never create a second execution.
 */
public final class Executions {
    private static final Logger LOG = Logger.getLogger(Executions.class.getName());
    private final SfnClient sfn;
    private final String stateMachineArn;

    /** {@code stateMachineArn} null: a function that reads nominations but never starts or stops one. */
    public Executions(SfnClient sfn, String stateMachineArn) {
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
    }

    private String stateMachine() {
        if (stateMachineArn == null) {
            throw new IllegalStateException("environment variable STATE_MACHINE_ARN is not set");
        }
        return stateMachineArn;
    }

    /** {@code DIA-2027-0042_<id>}: the reference first, so admins find it in the console. */
    public static String name(String reference, String id) {
        return reference + "_" + id;
    }

    public String arn(String executionName) {
        return stateMachine().replace(":stateMachine:", ":execution:") + ":" + executionName;
    }

    /** Starts the execution; an execution of that name already existing counts as started. */
    public void start(Nomination nomination) {
        try {
            sfn.startExecution(b -> b.stateMachineArn(stateMachine())
                    .name(nomination.executionName())
                    .input(nomination.executionInput()));
        } catch (ExecutionAlreadyExistsException e) {
            LOG.info(() -> "execution " + nomination.executionName() + " already exists");
        }
    }

    /** Stops the execution if it runs; one that never started or already ended is fine. */
    public void stop(Nomination nomination, String cause) {
        try {
            sfn.stopExecution(b -> b.executionArn(arn(nomination.executionName())).error("Withdrawn").cause(cause));
        } catch (ExecutionDoesNotExistException e) {
            LOG.info(() -> "execution " + nomination.executionName() + " does not exist; nothing to stop");
        }
    }
}
