package localaws.stepfunctions.asl;

import java.util.List;

/** A definition AWS would refuse: each problem with its code and where it is. */
public final class InvalidDefinitionException extends RuntimeException {
    private final List<String> problems;

    public InvalidDefinitionException(List<String> problems) {
        super("Invalid State Machine Definition: '" + String.join(", ", problems) + "'");
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
