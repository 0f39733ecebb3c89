"""A batch's gradient under the loss's form: a minibatch's right gradient is never accused, a summed one is a factor.

A loop that logs the whole data's loss and predictions next to the gradient of a minibatch (or of one sample)
hands ``observe()`` a gradient that is wrong for the whole data and right for its batch. Under a mean loss a
batch's gradient is (1/|B|) sum of its samples' own gradients: weights >= 0 summing to 1; under a sum, weights
of 1. A gradient summed over the batch of a mean loss has weights summing to |B|: the factor |B|, told as such;
a gradient without a derivative is no combination of the samples' gradients at all
(:mod:`scratchnn.doctor.rebuild_batches`). The loops are in ``batch_form_loops.py``.
"""
import itertools

import numpy as np
import pytest

from batch_form_loops import accused, run
from scratchnn.doctor.rebuild_batches import batch_of, hull_fit, independent

# Right loops the doctor accused before the batch test had the loss's form (README: 24 of its 48): observed every
# step, before or after the update, and every 5th step after it (checked one plain step back).
RIGHT = [dict(every=1, after=False, batch=8, seed=0, loss="mse"),
         dict(every=1, after=True, batch=1, seed=1, loss="bce"),
         dict(every=5, after=True, batch=8, seed=1, loss="mse", hidden="relu"),
         dict(every=1, after=False, batch=8, seed=0, loss="softmax", hidden="tanh"),
         dict(every=1, after=False, batch=8, seed=0, loss="mse", drawn_twice=True),
         dict(every=5, after=True, batch=8, seed=0, loss="sse")]


@pytest.mark.parametrize("loop", RIGHT, ids=lambda loop: "-".join(f"{k}={v}" for k, v in loop.items()))
def test_a_minibatch_gradient_next_to_the_whole_datas_loss_is_not_accused(loop):
    report = run(**loop)
    assert not accused(report) and " wrong" not in (report.gradients or ""), report


def test_a_minibatch_among_more_samples_than_gradient_entries_is_named_and_checked():
    """100 samples, 31 gradient entries: the batch of 8 is still named (one non-negative fit per sample left out
    while the rest still give the gradient), and its gradient checked on it."""
    report = run(every=1, after=False, batch=8, seed=0, loss="bce", n=100)
    assert not accused(report), report
    assert "a batch of 8 of the 100 observed samples" in report.gradients and ": all right" in report.gradients


def test_the_gradient_of_one_batch_is_checked_on_that_batch_and_found_right():
    report = run(every=1, after=False, batch=8, seed=0, loss="bce")
    assert "the gradient of a batch of 8 of the 40 observed samples" in report.gradients, report.gradients
    assert ": all right" in report.gradients, report.gradients


@pytest.mark.parametrize("every, after", [(1, False), (1, True), (5, False)])
def test_a_gradient_summed_over_a_minibatch_is_the_factor_of_its_size(every, after):
    """Summed over a batch of 8 of a mean loss: 8 x that batch's gradient, told as gradient-scale, never spared
    (observed every 5th step before the update it was spared before: a non-negative combination of samples)."""
    report = run(every=every, after=after, batch=8, seed=0, loss="mse", bug="summed")
    scale = [f for f in report.findings if f.code == "gradient-scale"]
    assert scale and scale[0].severity != "info" and "8.0x the true gradient" in scale[0].title, report


@pytest.mark.parametrize("hidden, batch", [("sigmoid", 8), ("relu", 8), ("tanh", 1)])
def test_a_missing_hidden_derivative_next_to_the_whole_datas_loss_is_still_found(hidden, batch):
    report = run(every=1, after=False, batch=batch, seed=0, loss="bce", hidden=hidden, bug="derivative")
    assert "gradient-mismatch" in accused(report), report


def test_the_hull_by_hand():
    """Samples' gradients e1, e2, e3 in 4 dimensions. Under a mean: (e1 + e3) / 2 is batch {0, 2}'s gradient,
    distance 0; e1 + e2 + e3 is 3 x batch {0, 1, 2}'s, and the nearest of t x its gradient for t in (1, 1/2, 2)
    is 2/3 (e1 + e2 + e3), at 1/sqrt(3) from it: 1/3 of |g| = sqrt(3). e4 is no combination: distance 1. Under a
    sum: e1 + e2 + e3 is that batch's gradient (distance 0); 3 e1 is at best 2 e1 (weights at most t = 2): 1/3."""
    G = np.eye(4)[:, :3]
    assert hull_fit(G, (G[:, 0] + G[:, 2]) / 2, mean=True)[1] < 1e-12
    assert abs(hull_fit(G, G.sum(axis=1), mean=True)[1] - 1 / 3) < 1e-12
    assert abs(hull_fit(G, np.eye(4)[:, 3], mean=True)[1] - 1) < 1e-12
    assert hull_fit(G, G.sum(axis=1), mean=False)[1] < 1e-12
    assert abs(hull_fit(G, 3 * G[:, 0], mean=False)[1] - 1 / 3) < 1e-12


def _best_by_enumeration(G, g, mean):
    """The constrained least-squares distance by brute force: every coefficient free, 0 or (box) at its bound t;
    the free ones solve the least squares with the others fixed (and, under a mean, sum to t minus the fixed)."""
    n, best = G.shape[1], 1.0
    for t in (1.0, 0.5, 2.0):
        for states in itertools.product(*[("free", 0.0) if mean else ("free", 0.0, t)] * n):
            free = [i for i, s in enumerate(states) if s == "free"]
            w = np.array([0.0 if s == "free" else s for s in states])
            rest = g - G @ w
            if mean:
                if not free:
                    continue
                # sum(w_free) = t: w_free = t / k + N y, N spanning the vectors summing to 0
                k = len(free)
                base = np.full(k, t / k)
                N = np.linalg.svd(np.ones((1, k)))[2][1:].T
                y = np.linalg.lstsq(G[:, free] @ N, rest - G[:, free] @ base, rcond=None)[0] if k > 1 else []
                w[free] = base + (N @ y if k > 1 else 0)
            elif free:
                w[free] = np.linalg.lstsq(G[:, free], rest, rcond=None)[0]
            if np.all(w >= -1e-12) and (mean or np.all(w <= t + 1e-12)):
                best = min(best, np.linalg.norm(G @ w - g) / np.linalg.norm(g))
    return best


def test_the_constrained_fit_matches_brute_force_on_random_problems():
    rng = np.random.default_rng(0)
    for i in range(120):
        P, n = rng.integers(2, 7), rng.integers(1, 5)
        scale = 10.0 ** rng.choice([-20, 0, 150])       # a diverged run's gradients reach 1e150
        G = rng.normal(size=(P, n)) * scale
        g = (G @ rng.dirichlet(np.ones(n)) * rng.choice([1, 3]) if i % 3 == 0 else rng.normal(size=P) * scale)
        if i % 4 == 0:
            G[:, -1] = G[:, 0]                          # two samples with the same gradient (saturated units)
        for mean in (True, False):
            w, distance = hull_fit(G, g, mean)
            assert np.all(w >= 0)
            assert abs(distance - _best_by_enumeration(G, g, mean)) <= 1e-9, (i, mean)


def test_a_batch_is_named_only_when_its_weights_are_equal():
    G = np.eye(4)[:, :3]
    assert list(batch_of(G, (G[:, 0] + G[:, 2]) / 2)) == [0, 2]
    assert list(batch_of(G, 5 * G[:, 1])) == [1]
    assert list(batch_of(G, (2 * G[:, 0] + G[:, 2]) / 3)) == [0, 0, 2]     # sample 0 drawn twice
    assert batch_of(G, 0.7 * G[:, 0] + 0.3 * G[:, 1]) is None     # samples weighted unequally: no one batch
    assert batch_of(G, np.eye(4)[:, 3]) is None                     # no combination at all


def test_a_batch_is_found_among_more_samples_than_gradient_entries():
    """40 samples' gradients in 31 dimensions: many weightings give a batch's gradient; the batch is still found."""
    rng = np.random.default_rng(4)
    G = rng.normal(size=(31, 40))
    rows = [3, 7, 11, 20, 21, 30, 38, 39]
    assert list(batch_of(G, G[:, rows].mean(axis=1))) == rows


def test_only_independent_samples_gradients_make_a_thin_hull():
    """Sparing a gradient because it lies in the hull is safe only when the hull is a thin simplex: with more
    samples than independent gradient directions it fills their span, and a wrong gradient may lie in it."""
    G = np.eye(4)[:, :3]
    assert independent(G)
    assert not independent(np.hstack([G, G[:, :1] + G[:, 1:2]]))     # a fourth sample in the span of two
    assert not independent(np.random.default_rng(0).normal(size=(4, 5)))  # more samples than entries
