package localaws.stepfunctions.asl;

/** A parsed, validated definition. Immutable; shared by every execution of the state machine. */
public record StateMachineDefinition(Graph graph, Integer timeoutSeconds, String json) {}
