package awards.judging;

import awards.platform.Json;
import java.util.logging.Logger;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/** Resumes a waiting execution. A task that is gone (stopped, timed out, already resumed) is not an error here. */
public final class Callbacks {
    private static final Logger LOG = Logger.getLogger(Callbacks.class.getName());
    private final SfnClient sfn;

    public Callbacks(SfnClient sfn) {
        this.sfn = sfn;
    }

    public void resume(String token, Object output, String about) {
        try {
            sfn.sendTaskSuccess(b -> b.taskToken(token).output(Json.write(output)));
        } catch (TaskDoesNotExistException | TaskTimedOutException | InvalidTokenException e) {
            // Never log the token itself.
            LOG.info(() -> "the task of " + about + " is no longer waiting (" + e.getClass().getSimpleName() + ")");
        }
    }
}
