package awards.local.console;

import awards.judging.JudgingStore;
import awards.local.email.Outbox;
import localaws.stepfunctions.engine.Engine;
import awards.nomination.NominationStore;

/** What the console reads: the engine, the outbox and the table. */
public record ConsoleData(Engine engine, String stateMachineArn, Outbox outbox, NominationStore nominations, JudgingStore judging,
                          Milestones milestones) {}
