package localaws.stepfunctions.engine;

import localaws.stepfunctions.asl.ChoiceRule;
import localaws.stepfunctions.asl.State;
import localaws.stepfunctions.errors.StatesError;
import localaws.stepfunctions.json.Roots;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** A Choice state: the first rule that matches (or the Default), its {@code Assign} and {@code Output}, and its {@code Next}. */
final class ChoiceRun {
    private ChoiceRun() {}

    static void run(Interpreter interpreter, Interpreter.Step step, State.Choice c) {
        JsonNode eff = interpreter.effectiveInput(c.io(), step);
        Roots roots = interpreter.roots(step, null, null);
        ChoiceRule.Branch branch = chosen(c, eff, roots);
        // A matched rule's Assign, or the state's own when Default is taken; over the effective input.
        Map<String, JsonNode> assigned = Interpreter.assign(branch.assign(), eff, roots);
        JsonNode out = branch.output() != null ? branch.output().apply(eff, roots) : interpreter.outputOnly(c.io(), eff, step);
        interpreter.exit(step, new Interpreter.Leaving(out, assigned), branch.next());
    }

    /** The first rule that matches, or the Default (with the state's own Assign); no rule and no Default is States.Runtime. */
    static ChoiceRule.Branch chosen(State.Choice c, JsonNode eff, Roots roots) {
        for (var branch : c.choices()) {
            if (branch.condition().test(eff, roots)) {
                return branch;
            }
        }
        if (c.defaultState() != null) {
            return new ChoiceRule.Branch(null, c.defaultState(), c.io().assign(), null);
        }
        // AWS reports an unmatched Choice under States.Runtime (States.NoChoiceMatched is reserved).
        throw StatesError.runtime("No Choice rule matched the input and the Choice state '" + c.name() + "' has no Default: " + eff);
    }
}
