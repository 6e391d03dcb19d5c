package localaws.stepfunctions.asl;

import java.util.Map;

/** A set of states and where to start: the state machine itself, a Parallel branch, or a Map's processor. */
public record Graph(String startAt, Map<String, State> states) {
    public State state(String name) {
        State s = states.get(name);
        if (s == null) {
            throw new IllegalStateException("no state " + name);
        }
        return s;
    }
}
