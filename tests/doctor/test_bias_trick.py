"""The bias trick: weights that hold the bias as an extra row for a column of ones (Ng's Theta1 (h, d + 1) used as
Theta1 @ [1; x]; or X1 = [X, 1] @ W). The doctor rebuilds such networks and checks their gradients (round 11: a
per-sample MNIST net with W1 (300, 65) and W2 (10, 301) was 'not chained' before)."""
import numpy as np
import pytest

from scratchnn.doctor import Doctor


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def train(ones, bug, inputs_with_ones=False, epochs=30):
    """A 5-6-3 sigmoid net, cross-entropy over 3 sigmoid outputs, full batch; ``ones`` "first" (Ng: W @ [1; a]) or
    "last" (samples on rows: [a, 1] @ W); ``bug``: the hidden delta lacks sigmoid's derivative."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 5))
    Y = np.eye(3)[rng.integers(0, 3, 40)]
    add = (lambda a: np.c_[np.ones(len(a)), a]) if ones == "first" else (lambda a: np.c_[a, np.ones(len(a))])
    cut = (lambda d: d[:, 1:]) if ones == "first" else (lambda d: d[:, :-1])
    W1, W2 = rng.normal(0, 0.5, (6, 6)), rng.normal(0, 0.5, (3, 7))    # (out, in + 1)
    if ones == "last":
        W1, W2 = W1.T.copy(), W2.T.copy()                               # (in + 1, out)
    mat = (lambda W: W.T) if ones == "first" else (lambda W: W)
    doctor = Doctor()
    for epoch in range(epochs):
        a1 = add(X)
        z2 = a1 @ mat(W1)
        a2 = add(sigmoid(z2))
        h = sigmoid(a2 @ mat(W2))
        loss = float(-np.mean(np.sum(Y * np.log(h) + (1 - Y) * np.log(1 - h), axis=1)))
        d3 = h - Y
        d2 = cut(d3 @ mat(W2).T)
        if not bug:
            d2 = d2 * sigmoid(z2) * (1 - sigmoid(z2))
        g1, g2 = a1.T @ d2 / 40, a2.T @ d3 / 40                        # (in + 1, out)
        g1, g2 = (g1.T, g2.T) if ones == "first" else (g1, g2)
        doctor.observe(epoch=epoch, loss=loss, params={"W1": W1, "W2": W2}, grads={"dW1": g1, "dW2": g2},
                       inputs=a1 if inputs_with_ones else X, targets=Y, predictions=h)
        W1 -= 1.0 * g1
        W2 -= 1.0 * g2
    return doctor.report()


@pytest.mark.parametrize("ones, inputs_with_ones", [("first", False), ("last", False), ("first", True)])
def test_right_gradients_through_a_column_of_ones_are_checked_right(ones, inputs_with_ones):
    report = train(ones, bug=False, inputs_with_ones=inputs_with_ones)
    line = str(report).splitlines()[1]
    assert "checked by finite differences" in line and "all right" in line, line
    assert ("[1, (.)]" if ones == "first" else "[(.), 1]") in line
    assert "gradient-mismatch" not in report.codes


@pytest.mark.parametrize("ones", ["first", "last"])
def test_a_missing_sigmoid_derivative_behind_a_column_of_ones_is_found(ones):
    report = train(ones, bug=True)
    found = [f for f in report.findings if f.code == "gradient-mismatch"]
    assert found and found[0].severity == "error" and "W1" in found[0].evidence
