"""A 2-10-1 regression network in the column layout (X of shape (2, m), Z1 = W1 @ X + b1) with a leaky-ReLU hidden
layer and a linear output, on raw inputs in the tens and targets in the hundreds: the output gradients carry the
-2 of d(Y - A2)^2 but the hidden ones do not, so W1 and b1 step uphill at half the true size, and within a few
iterations the weights blow up to inf and NaN."""
import numpy as np

from doctor_corpus import EXPLODING_GRADIENTS, LOSS_EXPLODES, Symptom, first_non_finite, gradient_error, grad_norm

HELD_OUT = True
ROUND = 6
SOURCE = "https://stackoverflow.org.cn/questions/62714729"
DIAGNOSIS = ("(Our reading; the question's answers are not in our copy.) With dZ2 = Y - A2 the posted dW2 = "
             "-2 dZ2 A1.T / m is right, but dZ1 = W2.T dZ2 * lrelu'(Z1) drops the -2, so dW1 and db1 are -1/2 "
             "times the true gradient: every step raises the cost through the hidden layer. On top of that the "
             "inputs and targets are unnormalised (the asker's own suspicion), so the steps are large and the run "
             "reaches NaN after a few iterations. Carry the -2 (or define dZ2 = A2 - Y once) and normalise X and Y.")
CHOICES = ("The posted shapes and formulas: X (2, m), Y (1, m), Z1 = W1 @ X + b1, leaky ReLU with slope 0.01, A2 = Z2,"
           " cost sum((Y - A2)^2) / m; our data: m = 200 inputs (a, b) uniform in [0, 50] and the target c = 3a + 2b"
           " + noise (the post's data are not given), 10 hidden units, W = randn * 0.1, zero biases, learning rate "
           "0.001, 40 iterations; observe every iteration with the cost, W1, b1, W2, b2, the posted gradients, lr, "
           "inputs (2, m), targets (1, m) and predictions (1, m).")


def lrelu(z):
    return np.where(z > 0, z, z * 0.01)


def lrelu_prime(z):
    d = np.ones_like(z)
    d[z < 0] = 0.01
    return d


def data(m=200):
    rng = np.random.default_rng(1)
    X = rng.uniform(0, 50, (2, m))
    return X, 3 * X[:1] + 2 * X[1:] + rng.normal(0, 1, (1, m))


def cost_of(X, Y):
    def cost(p):
        A2 = p["W2"] @ lrelu(p["W1"] @ X + p["b1"]) + p["b2"]
        return float(np.sum(np.square(Y - A2)) / X.shape[1])
    return cost


def run(observe, iterations=40, learning_rate=0.001, fixed=False):
    X, Y = data()
    m = X.shape[1]
    rng = np.random.default_rng(0)
    p = {"W1": rng.standard_normal((10, 2)) * 0.1, "b1": np.zeros((10, 1)),
         "W2": rng.standard_normal((1, 10)) * 0.1, "b2": np.zeros((1, 1))}
    cost_fn = cost_of(X, Y)
    trace = {"losses": [], "grad_norms": [], "X": X}
    for i in range(iterations):
        Z1 = p["W1"] @ X + p["b1"]
        A1 = lrelu(Z1)
        A2 = p["W2"] @ A1 + p["b2"]
        cost = float(np.sum(np.square(Y - A2)) / m)
        dZ2 = Y - A2
        g = {"dW2": -2 * (dZ2 @ A1.T) / m, "db2": -2 * np.sum(dZ2, axis=1, keepdims=True) / m}
        dZ1 = (p["W2"].T @ dZ2) * lrelu_prime(Z1) * (-2 if fixed else 1)
        g["dW1"], g["db1"] = dZ1 @ X.T / m, np.sum(dZ1, axis=1, keepdims=True) / m
        observe(epoch=i, loss=cost, params=p, grads=g, lr=learning_rate, inputs=X, targets=Y, predictions=A2)
        if i == 0:
            trace["first"] = ({k: v.copy() for k, v in p.items()}, {k: g["d" + k] for k in p}, cost_fn)
        trace["losses"].append(cost)
        trace["grad_norms"].append(grad_norm(g))
        p = {k: p[k] - learning_rate * g["d" + k] for k in p}
    return trace


def _right_gradients_need_smaller_lr(t):
    """With the -2 carried into dZ1 (right gradients) the loop still reaches NaN at lr 0.001, but at lr 1e-4 it
    ends finite below 1% of its first cost."""
    at_posted = run(lambda **r: None, fixed=True)["losses"]
    smaller = run(lambda **r: None, learning_rate=1e-4, fixed=True)["losses"]
    return first_non_finite(at_posted) is not None and bool(np.all(np.isfinite(smaller))) and \
        smaller[-1] < 0.01 * smaller[0]


def _dW1_error(t):
    params, grads, cost_fn = t["first"]
    return gradient_error(cost_fn, params, grads, "W1")


SYMPTOMS = [
    Symptom("gradient-mismatch", "at the first iteration dW1 differs from central differences of the cost by > 100%"
            " (it is -1/2 of it)", lambda t: _dW1_error(t) > 1.0),
    Symptom("non-finite", "the cost becomes inf or NaN within the 40 iterations",
            lambda t: first_non_finite(t["losses"]) is not None),
    LOSS_EXPLODES,
    EXPLODING_GRADIENTS,
    Symptom("unscaled-inputs", "the inputs reach 50 and their mean is above 20 (far from unit scale)",
            lambda t: t["X"].max() > 45 and t["X"].mean() > 20),
    # Added after the first measurement (the doctor found it; the label was missing).
    Symptom("lr-too-high", "with the gradients corrected, lr 0.001 still reaches NaN while lr 1e-4 converges",
            _right_gradients_need_smaller_lr),
]
