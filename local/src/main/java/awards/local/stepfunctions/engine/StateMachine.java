package awards.local.stepfunctions.engine;

import awards.local.stepfunctions.asl.StateMachineDefinition;

/** A created state machine: a name, its current definition and role. */
public record StateMachine(String arn, String name, StateMachineDefinition definition, String roleArn, String type,
                           long createdMillis, long updatedMillis) {}
