"""gradients-unchecked: a run that does not learn, whose gradients the doctor could have checked with more."""
from ._common import Rule

RULE = Rule(
    "gradients-unchecked", "The gradients could not be checked: observe() lacks what the check needs",
    "always `info`, and only on a run that does not learn.",
    "A wrong backward pass is the most common reason a from-scratch loop does not learn, and the doctor checks "
    "gradients by rebuilding the forward pass from the observed arrays. That needs the inputs and targets of the "
    "batch whose gradients are observed; without them a wrong gradient can only show in how each step changes "
    "the loss, which is rarely conclusive.",
    "The run fails (see *When does it speak?*), gradients were observed, no `loss_fn` was given, and the rebuild "
    "stopped because the inputs or targets were not observed, or because the parameters moved by more than one "
    "gradient step between observations (the observed gradient is not that of the observed loss). Silent on runs "
    "that learn.",
    "Pass inputs=X (and targets=y) to observe() so the doctor can rebuild your forward pass and check your "
    "gradients; observe the gradient of the same batch as the loss, inputs and predictions (not the last "
    "sample's gradient next to a whole epoch's loss).")

# Why the rebuild stopped -> (what the evidence says, what the title asks the loop to do).
SAID = {
    "inputs": ("the inputs were not observed", "pass inputs=X (and targets=y) to observe()"),
    "targets": ("the targets were not observed", "pass targets=y (and inputs=X) to observe()"),
    "batch": ("between two observations the parameters moved by more than one step along the observed gradient, "
              "so that gradient does not belong to the observed loss and inputs",
              "observe the gradient of the batch whose loss and inputs you pass, before the update"),
}


def check(facts):
    missing = facts.gradients.missing
    if not facts.failing or facts.gradients.report is not None or missing not in SAID:
        return []
    said, ask = SAID[missing]
    return [RULE.finding("info", f"your gradients could not be checked: {ask}",
                         f"the run does not learn and {said}, so the doctor could not rebuild your forward "
                         f"pass to check the observed gradients by finite differences")]
