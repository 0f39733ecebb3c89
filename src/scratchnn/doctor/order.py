"""The causal order: which finding is told first, and how findings link into one story.

A cause comes before the symptoms it produces: bugs in the loop itself (shapes, an update that
never lands, gradients with a constant factor), then the setup (inputs, output activation,
initialisation), then the step size and what it does to the loss, then the state of the units,
then the output and the loss curve. Findings of severity warning or error form the story in
that order ("gradients 200.0x too large = m -> steps too large -> loss exploded"). Gradients that a
finite-difference check proved wrong are a root cause and come first; a wrong direction that
only the steps suggest is a suspicion of its own and follows the story; info comes last.

This module is also where the report is made consistent: when a finite-difference check found
the gradients right, no finding may say they are wrong.
"""
ORDER = [
    # the loop itself
    "shape-mismatch", "gradient-shape", "complex-values", "weights-not-updating", "gradient-scale",
    "gradient-mismatch",  # here when a finite-difference check proved it; after the story when only the steps hint
    # the setup
    "unscaled-inputs", "output-activation-mismatch", "symmetric-units",
    # the step size and the loss it throws away
    "lr-too-high", "exploding-gradients", "loss-diverging", "non-finite",
    # the units
    "dead-relu", "saturated-activation", "vanishing-gradients",
    # the output and the curve
    "constant-output", "loss-plateau", "overfitting",
    # told on their own
    "gradients-unchecked", "unread-input", "rule-failed",
]
RANKS = {code: i for i, code in enumerate(ORDER)}
STANDALONE = {"gradient-mismatch"}
ABOUT_GRADIENTS = {"gradient-mismatch", "gradient-scale"}


def order_and_link(findings, facts=None):
    """(findings ordered root cause first, story as a list of links)."""
    if facts is not None and facts.gradients.ok is True:   # no rule may contradict right gradients (the update may)
        findings = [f for f in findings if f.code not in ABOUT_GRADIENTS or f.where == "the update"]
    key = lambda f: (RANKS.get(f.code, len(ORDER)), f.since_epoch if f.since_epoch is not None else -1)
    serious = sorted((f for f in findings if f.severity != "info"), key=key)
    chain = [f for f in serious if f.code not in STANDALONE or f.proven]
    alone = [f for f in serious if f.code in STANDALONE and not f.proven]
    info = sorted((f for f in findings if f.severity == "info"), key=key)
    story = [f.link for f in chain if f.link]
    return chain + alone + info, story
