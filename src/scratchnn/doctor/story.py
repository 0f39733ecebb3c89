"""Ordering findings root cause first and linking them into one causal story.

The rules run in causal order (setup bugs, then step size, then unit states, then the output,
then the loss curve: each can produce the ones after it). Findings of severity warning or
error form the story in that order ("steps too large -> 64 of 64 ReLUs dead -> loss flat at
0.693"); a gradient mismatch is a bug of its own and follows the story; info comes last.
"""
from .rules import RANKS

STANDALONE = {"gradient-mismatch"}


def order_and_link(findings):
    """(findings ordered root cause first, story as a list of links)."""
    key = lambda f: (RANKS.get(f.code, 99), f.since_epoch if f.since_epoch is not None else -1)
    serious = sorted((f for f in findings if f.severity != "info"), key=key)
    chain = [f for f in serious if f.code not in STANDALONE]
    alone = [f for f in serious if f.code in STANDALONE]
    info = sorted((f for f in findings if f.severity == "info"), key=key)
    story = [f.link for f in chain if f.link]
    return chain + alone + info, story
