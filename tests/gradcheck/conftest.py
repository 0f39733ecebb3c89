"""Small hand-written networks for the gradient checker's tests, with correct and planted-bug gradients.

``MLP`` is a plain NumPy multi-layer perceptron in the brief's layout (samples on axis 0,
``z = a @ W + b``), written here by hand, independently of the code under test. Its correct
gradients are themselves verified against a tiny independent central-difference loop
(``central_differences``) in test_patterns.py, so the controls are known right.
"""
import numpy as np
import pytest

ACT = {
    "relu": (lambda z: np.maximum(z, 0), lambda z, a: (z > 0).astype(float)),
    "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda z, a: a * (1 - a)),
    "tanh": (np.tanh, lambda z, a: 1 - a ** 2),
}


class MLP:
    """``sizes`` e.g. (3, 5, 1); hidden activation ``act``; output linear (mse) or sigmoid (bce)."""

    def __init__(self, sizes, act="relu", loss="mse", m=8, seed=0):
        rng = np.random.default_rng(seed)
        self.act, self.loss, self.m = act, loss, m
        self.X = rng.standard_normal((m, sizes[0]))
        self.Y = (rng.random((m, sizes[-1])) > 0.5).astype(float) if loss == "bce" \
            else rng.standard_normal((m, sizes[-1]))
        self.params = {}
        for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
            self.params[f"W{i}"] = rng.standard_normal((n_in, n_out)) / np.sqrt(n_in)
            self.params[f"b{i}"] = 0.1 * rng.standard_normal(n_out)
        self.L = len(sizes) - 1
        self.l2 = 0.0

    def forward(self, p):
        a, cache = self.X, []
        for i in range(1, self.L + 1):
            z = a @ p[f"W{i}"] + p[f"b{i}"]
            cache.append((a, z))
            if i < self.L:
                a = ACT[self.act][0](z)
            else:
                a = 1 / (1 + np.exp(-z)) if self.loss == "bce" else z
        return a, cache

    def loss_fn(self, p):
        yhat, _ = self.forward(p)
        if self.loss == "bce":
            data = -np.mean(self.Y * np.log(yhat) + (1 - self.Y) * np.log(1 - yhat))
        else:
            data = 0.5 * np.mean(np.sum((yhat - self.Y) ** 2, axis=1))
        return float(data + 0.5 * self.l2 * sum(np.sum(p[f"W{i}"] ** 2) for i in range(1, self.L + 1)))

    def grads(self, p, no_relu_derivative=False):
        """Correct gradients (``dW1``...), or with the hidden activation derivative left out."""
        yhat, cache = self.forward(p)
        dz = (yhat - self.Y) / self.m          # both mse (linear out) and bce (sigmoid out)
        g = {}
        for i in range(self.L, 0, -1):
            a_prev, _ = cache[i - 1]
            g[f"dW{i}"] = a_prev.T @ dz + self.l2 * p[f"W{i}"]
            g[f"db{i}"] = dz.sum(axis=0)
            if i > 1:
                z_prev = cache[i - 2][1]
                da = dz @ p[f"W{i}"].T
                dz = da if no_relu_derivative else da * ACT[self.act][1](z_prev, a_prev)
        return g


def central_differences(loss_fn, params, h=1e-6):
    """Plain elementwise central differences (independent of the checker), on copies."""
    p = {k: v.astype(float).copy() for k, v in params.items()}
    out = {}
    for key, value in p.items():
        grad = np.zeros_like(value)
        for i in np.ndindex(value.shape):
            old = value[i]
            value[i] = old + h
            up = loss_fn(p)
            value[i] = old - h
            down = loss_fn(p)
            value[i] = old
            grad[i] = (up - down) / (2 * h)
        out[key] = grad
    return out


@pytest.fixture(scope="session")
def mlp():
    return MLP


@pytest.fixture(scope="session")
def central():
    return central_differences
