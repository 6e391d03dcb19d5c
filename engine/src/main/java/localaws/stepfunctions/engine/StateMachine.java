package localaws.stepfunctions.engine;

import localaws.stepfunctions.asl.StateMachineDefinition;

/** A created state machine: a name, its current definition and role. */
public record StateMachine(String arn, String name, StateMachineDefinition definition, String roleArn, String type,
                           long createdMillis, long updatedMillis) {}
