"""The info line `gradients-unchecked`: a run that does not learn and whose gradients the doctor could
not check for lack of inputs (or because the observed gradient is another batch's) says what to pass."""
import numpy as np

from scratchnn.doctor import Doctor

FIX = "pass inputs=X (and targets=y) to observe() so the doctor can rebuild your forward pass and check your gradients"


def per_sample_loop(bug, *, pass_inputs=False, epochs=60):
    """2-4-1 sigmoid net on XOR trained one sample at a time; observe() gets the whole epoch's loss and the
    last sample's gradient (the way learners write it). ``bug``: the hidden delta misses sigmoid'."""
    rng = np.random.default_rng(3)
    X = np.array([[0.0, 0], [0, 1], [1, 0], [1, 1]])
    y = np.array([[0.0], [1], [1], [0]])
    W1, b1 = rng.normal(size=(2, 4)), np.zeros(4)
    W2, b2 = rng.normal(size=(4, 1)), np.zeros(1)
    sig = lambda z: 1 / (1 + np.exp(-z))
    d = Doctor()
    for epoch in range(epochs):
        total = 0.0
        for x, t in zip(X, y):
            a1 = sig(x @ W1 + b1)
            p = sig(a1 @ W2 + b2)
            total += float(0.5 * np.sum((p - t) ** 2))
            d2 = (p - t) * p * (1 - p)
            d1 = d2 @ W2.T * (1.0 if bug else a1 * (1 - a1))
            dW2, db2, dW1, db1 = np.outer(a1, d2), d2, np.outer(x, d1), d1
            W2 -= 2.0 * dW2; b2 -= 2.0 * db2; W1 -= 2.0 * dW1; b1 -= 2.0 * db1
        p_all = sig(sig(X @ W1 + b1) @ W2 + b2)
        extra = {"inputs": X} if pass_inputs else {}
        d.observe(epoch=epoch, loss=total / 4, lr=2.0, params={"W1": W1, "b1": b1, "W2": W2, "b2": b2},
                  grads={"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}, predictions=p_all, targets=y, **extra)
    return d.report(), total / 4


def flat_run_without_inputs():
    """A linear model that does not learn (its update is never applied), observed without inputs."""
    rng = np.random.default_rng(0)
    X, W = rng.normal(size=(20, 3)), rng.normal(size=(3, 1))
    y = X @ np.array([[1.0], [-2.0], [0.5]])
    d = Doctor()
    for epoch in range(30):
        p = X @ W
        d.observe(epoch=epoch, loss=float(np.mean((p - y) ** 2)), lr=0.1, params={"W": W},
                  grads={"dW": 2 * X.T @ (p - y) / 20}, predictions=p, targets=y)
    return d.report()


def test_a_run_that_does_not_learn_without_inputs_says_how_to_get_its_gradients_checked():
    report = flat_run_without_inputs()
    assert report.failing
    finding = report["gradients-unchecked"]
    assert finding.severity == "info" and "gradients-unchecked" not in report.codes
    assert "inputs were not observed" in finding.evidence and "pass inputs=X" in finding.title
    assert FIX in finding.fix.replace("Pass", "pass")
    assert "gradients-unchecked" in str(report)


def test_the_last_samples_gradient_next_to_the_epochs_loss_says_it_was_not_checked():
    report, loss = per_sample_loop(bug=True, epochs=600)
    assert report.failing and loss > 0.1   # XOR not learnt: the run fails
    assert report["gradients-unchecked"].severity == "info"
    # With the inputs the gradient observed is the last sample's, not the batch's: said as such.
    report, _ = per_sample_loop(bug=True, pass_inputs=True, epochs=600)
    assert report.failing
    finding = report["gradients-unchecked"]
    assert "does not belong to the observed loss" in finding.evidence
    # The inputs were passed: the line asks for what is missing (the batch's own gradient), not for inputs.
    assert "inputs=X" not in finding.title and "gradient of the batch" in finding.title


def test_silent_on_runs_that_learn_and_when_the_gradients_were_checked():
    report, loss = per_sample_loop(bug=False, epochs=600)
    assert loss < 0.05 and not report.failing     # the correct per-sample loop learns XOR
    assert "gradients-unchecked" not in report
    rng = np.random.default_rng(0)
    X = rng.normal(size=(20, 3))
    y = X @ np.array([[1.0], [-2.0], [0.5]])
    W, d = np.zeros((3, 1)), Doctor()
    for epoch in range(30):            # same flat run, now with inputs: the gradients are checked
        p = X @ W
        d.observe(epoch=epoch, loss=float(np.mean((p - y) ** 2)), lr=0.1, params={"W": W},
                  grads={"dW": 2 * X.T @ (p - y) / 20}, predictions=p, targets=y, inputs=X)
    report = d.report()
    assert report.failing and "all right" in report.gradients
    assert "gradients-unchecked" not in report



def steps_along(true_gradient):
    """W moves by -0.1 g every observation with g constant; the loss either does not respond (changes by 1e-9:
    saturated units, g is not its gradient) or is 0.5 ||W||^2, whose gradient g = W is then observed."""
    W, d = np.ones((3, 2)), Doctor()
    for epoch in range(10):
        g = W.copy() if true_gradient else np.full((3, 2), 0.5)
        loss = 0.5 * float(np.sum(W ** 2)) if true_gradient else 0.4 + 1e-9 * epoch
        W = W - 0.1 * g
        d.observe(epoch=epoch, loss=loss, params={"W": W}, grads={"dW": g}, lr=0.1)
    return d.report()


def test_steps_the_loss_does_not_respond_to_are_a_gradient_mismatch():
    report = steps_along(true_gradient=False)
    assert report["gradient-mismatch"].severity == "warning"
    assert "the loss does not respond" in report["gradient-mismatch"].message
    report = steps_along(true_gradient=True)       # right gradients: the loss falls as promised
    assert "gradient-mismatch" not in report and report.codes == []
