"""Observations several steps apart: a gradient of no batch is wrong, a batch's gradient is never accused.

A loop that observes every 10th epoch (or after several minibatch or one-sample steps) hands
``observe()`` a gradient that may be the last batch's, computed anywhere between two observations;
the full-batch check alone cannot call it wrong. But a batch's gradient of a per-sample loss is a
combination of its samples' own gradients with weights >= 0, so one that is no such combination
anywhere between the two observations is wrong whatever batch it came from
(:mod:`scratchnn.doctor.rebuild_batches`).
"""
from itertools import combinations

import numpy as np

import scratchnn
from scratchnn.doctor.rebuild_batches import cone_distance, nonnegative_fit

X = np.array([[0.0, 0], [0, 1], [1, 0], [1, 1]])
Y = np.array([[0.0], [1], [1], [0]])


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _forward(x, p):
    a1 = _sigmoid(x @ p["W1"] + p["b1"])
    return a1, _sigmoid(a1 @ p["W2"] + p["b2"])


def _mse(y, a2):
    return float(np.mean((a2 - y) ** 2))


def _grads(x, y, p, hidden_derivative=True):
    """Gradients of the mean squared error on (x, y); without the hidden sigmoid's derivative a1 (1 - a1) when
    ``hidden_derivative`` is False (the bug)."""
    a1, a2 = _forward(x, p)
    dz2 = 2 * (a2 - y) * a2 * (1 - a2) / len(x)
    dz1 = dz2 @ p["W2"].T * (a1 * (1 - a1) if hidden_derivative else 1.0)
    return {"dW1": x.T @ dz1, "db1": dz1.sum(0), "dW2": a1.T @ dz2, "db2": dz2.sum(0)}


def _start(seed=0):
    rng = np.random.default_rng(seed)
    return {"W1": rng.normal(size=(2, 3)), "b1": np.zeros(3), "W2": rng.normal(size=(3, 1)), "b2": np.zeros(1)}


def _observe_every(k, hidden_derivative, epochs=400, lr=0.5):
    """Full-batch gradient descent, observed (before the update) every ``k``-th epoch."""
    p, doctor = _start(), scratchnn.Doctor()
    for epoch in range(epochs):
        _, a2 = _forward(X, p)
        g = _grads(X, Y, p, hidden_derivative)
        if epoch % k == 0:
            doctor.observe(epoch=epoch, loss=_mse(Y, a2), params=p, grads=g, inputs=X, targets=Y, predictions=a2, lr=lr)
        for name in p:
            p[name] -= lr * g["d" + name]
    return doctor.report()


def test_a_missing_hidden_derivative_observed_every_tenth_epoch_is_found():
    report = _observe_every(10, hidden_derivative=False)
    assert "gradient-mismatch" in report.codes, report
    assert "no batch of the 4 observed samples has it" in report.gradients, report.gradients


def test_right_gradients_observed_every_tenth_epoch_are_not_accused():
    report = _observe_every(10, hidden_derivative=True)
    assert "gradient-mismatch" not in report.codes and "gradient-scale" not in report.codes, report


def _one_sample_at_a_time(momentum, epochs=60, lr=0.5):
    """Right gradients, one sample per step (with momentum, or plain), observed once per epoch with the last
    sample's gradient next to the whole data's predictions and loss computed after the epoch's steps."""
    p, doctor = _start(1), scratchnn.Doctor()
    velocity = {k: np.zeros_like(v) for k, v in p.items()}
    rng = np.random.default_rng(2)
    for epoch in range(epochs):
        for i in rng.permutation(4):
            g = _grads(X[i:i + 1], Y[i:i + 1], p)
            for name in p:
                velocity[name] = momentum * velocity[name] - lr * g["d" + name]
                p[name] += velocity[name]
        _, a2 = _forward(X, p)
        doctor.observe(epoch=epoch, loss=_mse(Y, a2), params=p, grads=g, inputs=X, targets=Y, predictions=a2, lr=lr)
    return doctor.report()


def test_the_last_samples_right_gradient_is_never_accused_with_or_without_momentum():
    for momentum in (0.0, 0.9):
        report = _one_sample_at_a_time(momentum)
        assert "gradient-mismatch" not in report.codes and "gradient-scale" not in report.codes, (momentum, report)


def test_a_batch_gradient_is_at_distance_zero_and_other_directions_are_not():
    """By hand: per-sample gradients e1, e2, e3 (columns) in 4 dimensions. 2 (e1 + e3) is batch {0, 2}'s gradient
    (a sum, times 2): distance 0. e4 is no batch's: distance 1. -e1 + 0.1 e4 points against every sample's: its
    nearest combination is w = 0, distance 1."""
    J = np.eye(4)[:, :3]
    assert cone_distance(J, 2 * (J[:, 0] + J[:, 2])) < 1e-12
    assert cone_distance(J, np.array([0.0, 0, 0, 1])) == 1.0
    assert cone_distance(J, np.array([-1.0, 0, 0, 0.1])) == 1.0
    # e1 - 0.5 e2: the nearest batch gradient is e1 (w = [1, 0, 0]), 0.5 / |g| away.
    g = np.array([1.0, -0.5, 0, 0])
    assert abs(cone_distance(J, g) - 0.5 / np.linalg.norm(g)) < 1e-12


def _best_by_enumeration(J, g):
    """The non-negative least-squares residual by brute force: the best unconstrained fit on every support whose
    coefficients are all positive (the optimum is one of them), or w = 0."""
    best = np.linalg.norm(g)
    for k in range(1, J.shape[1] + 1):
        for support in combinations(range(J.shape[1]), k):
            w = np.linalg.lstsq(J[:, list(support)], g, rcond=None)[0]
            if np.all(w > 0):
                best = min(best, np.linalg.norm(g - J[:, list(support)] @ w))
    return best


def test_the_nonnegative_fit_matches_brute_force_on_random_problems():
    rng = np.random.default_rng(0)
    for i in range(400):
        P, n = rng.integers(2, 9), rng.integers(1, 7)
        scale = 10.0 ** rng.choice([-20, 0, 21])       # a diverged run's gradients reach 1e21
        J, g = rng.normal(size=(P, n)) * scale, rng.normal(size=P) * scale
        if i % 4 == 0:
            J[:, -1] = J[:, 0]                          # two samples with the same gradient (saturated units)
        w = nonnegative_fit(J, g)
        assert np.all(w >= 0)
        assert abs(np.linalg.norm(g - J @ w) - _best_by_enumeration(J, g)) <= 1e-9 * np.linalg.norm(g)


def _logged_after_the_update(optimizer, every, epochs=40, lr=0.3):
    """Right full-batch gradients; the update first (plain, momentum or Adam), then the loss and predictions of the
    new parameters are logged next to the gradient from before the update, every ``every``-th epoch."""
    rng = np.random.default_rng(1)
    x = rng.normal(size=(8, 3))
    y = (rng.uniform(size=(8, 1)) > 0.5).astype(float)
    p = {"W1": rng.normal(size=(3, 4)), "b1": np.zeros(4), "W2": rng.normal(size=(4, 1)), "b2": np.zeros(1)}
    m = {k: np.zeros_like(v) for k, v in p.items()}
    s = {k: np.zeros_like(v) for k, v in p.items()}
    doctor = scratchnn.Doctor()
    for t in range(1, epochs + 1):
        a1 = np.tanh(x @ p["W1"] + p["b1"])
        a2 = _sigmoid(a1 @ p["W2"] + p["b2"])
        dz2 = (a2 - y) / len(x)                               # mean binary cross-entropy through the sigmoid
        dz1 = dz2 @ p["W2"].T * (1 - a1 ** 2)
        g = {"W1": x.T @ dz1, "b1": dz1.sum(0), "W2": a1.T @ dz2, "b2": dz2.sum(0)}
        for k in p:
            if optimizer == "sgd":
                p[k] = p[k] - lr * g[k]
            elif optimizer == "momentum":
                m[k] = 0.9 * m[k] - lr * g[k]
                p[k] = p[k] + m[k]
            else:
                m[k], s[k] = 0.9 * m[k] + 0.1 * g[k], 0.999 * s[k] + 0.001 * g[k] ** 2
                p[k] = p[k] - 0.05 * (m[k] / (1 - 0.9 ** t)) / (np.sqrt(s[k] / (1 - 0.999 ** t)) + 1e-8)
        if t % every == 0:
            a2 = _sigmoid(np.tanh(x @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"])
            loss = float(-np.mean(y * np.log(a2) + (1 - y) * np.log(1 - a2)))
            doctor.observe(epoch=t, loss=loss, params=p, grads={"d" + k: v for k, v in g.items()}, inputs=x,
                           targets=y, predictions=a2, lr=lr)
    return doctor.report()


def test_a_gradient_from_before_the_update_next_to_the_new_predictions_is_not_accused():
    """The predictions are reproduced at the new parameters, the gradient belongs to the old ones: it is checked
    where it was computed (the observed parameters + lr * gradient), and found right."""
    report = _logged_after_the_update("sgd", every=1)
    assert "gradient-mismatch" not in report.codes and ": all right" in report.gradients, report.gradients


def test_momentum_and_adam_observed_every_tenth_epoch_are_never_accused():
    """The gradient was computed one momentum (Adam) step before the observed point, where no candidate point
    lies: the batch test must allow for that drift."""
    for optimizer in ("momentum", "adam"):
        for every in (3, 10):
            report = _logged_after_the_update(optimizer, every)
            assert "gradient-mismatch" not in report.codes and "wrong" not in (report.gradients or ""), \
                (optimizer, every, report.gradients)


def test_a_first_observation_checked_alone_is_not_accused_when_the_loop_takes_several_steps():
    """One sample per step with momentum, observed every epoch; every loss after the first is NaN, so the check
    falls back to the first observation, which has none before it to measure its step by. The later steps show
    several steps per observation, so its last-sample gradient is not compared with the whole data's."""
    p, doctor = _start(1), scratchnn.Doctor()
    velocity = {k: np.zeros_like(v) for k, v in p.items()}
    for epoch in range(4):
        for i in range(4):
            g = _grads(X[i:i + 1], Y[i:i + 1], p)
            for name in p:
                velocity[name] = 0.9 * velocity[name] - 0.5 * g["d" + name]
                p[name] = p[name] + velocity[name]
        _, a2 = _forward(X, p)
        doctor.observe(epoch=epoch, loss=_mse(Y, a2) if epoch == 0 else float("nan"), params=p, grads=g, inputs=X,
                       targets=Y, predictions=a2, lr=0.5)
    report = doctor.report()
    assert "gradient-mismatch" not in report.codes and "wrong" not in (report.gradients or ""), report.gradients


def test_a_loop_that_adds_its_descent_direction_is_not_accused():
    """Right gradients negated, passed as grads and added (p += lr * step): the step is along +grads, so it is
    read as several steps, and the batch test must not call -grad 'no batch's gradient'."""
    p = _start(2)
    doctor = scratchnn.Doctor()
    for epoch in range(30):
        _, a2 = _forward(X, p)
        step = {k: -v for k, v in _grads(X, Y, p).items()}
        doctor.observe(epoch=epoch, loss=_mse(Y, a2), params=p, grads=step, inputs=X, targets=Y, predictions=a2, lr=0.5)
        p = {k: p[k] + 0.5 * step["d" + k] for k in p}
    report = doctor.report()
    assert "gradient-mismatch" not in report.codes and "wrong" not in (report.gradients or ""), report.gradients
