"""The healthy suite: training runs that learn, some of them odd-looking, for the false-alarm count.

Each ``run_*`` trains to convergence and returns the doctor's report. Half are plain NumPy loops
written here (the way a learner writes them), half use ``scratchnn.Sequential.fit(doctor=True)``.
"""
import numpy as np

from scratchnn.doctor import Doctor

ACT = {"relu": (lambda z: np.maximum(z, 0), lambda z, a: (z > 0).astype(z.dtype)),
       "tanh": (np.tanh, lambda z, a: 1 - a ** 2),
       "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda z, a: a * (1 - a)),
       "linear": (lambda z: z, lambda z, a: np.ones_like(z))}


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def numpy_loop(X, Y, sizes, hidden, out, loss, lr, epochs, batch=None, optimizer="sgd", seed=0, bias_init=0.0,
               dtype=np.float64):
    """A learner's MLP: He/Xavier init, forward, backward by hand, SGD / momentum / Adam; observed each epoch."""
    rng = np.random.default_rng(seed)
    X, Y = X.astype(dtype), Y.astype(dtype)
    P = {}
    for i, (m, n) in enumerate(zip(sizes[:-1], sizes[1:]), 1):
        P[f"W{i}"] = (rng.standard_normal((m, n)) * np.sqrt((2.0 if hidden == "relu" else 1.0) / m)).astype(dtype)
        P[f"b{i}"] = np.full(n, bias_init if i < len(sizes) - 1 else 0.0, dtype=dtype)
    state = {k: np.zeros_like(v) for k, v in P.items()}
    state2 = {k: np.zeros_like(v) for k, v in P.items()}
    L = len(sizes) - 1
    doctor = Doctor()
    step = 0
    for epoch in range(1, epochs + 1):
        order = rng.permutation(len(X)) if batch else np.arange(len(X))
        total = 0.0
        for s in range(0, len(X), batch or len(X)):
            idx = order[s:s + (batch or len(X))]
            x, y = X[idx], Y[idx]
            zs, acts = {}, [x]
            for i in range(1, L + 1):
                z = acts[-1] @ P[f"W{i}"] + P[f"b{i}"]
                kind = hidden if i < L else out
                zs[i] = z
                acts.append(softmax(z) if kind == "softmax" else ACT[kind][0](z))
            p = acts[-1]
            if loss == "mse":
                value, dz = np.mean((p - y) ** 2), 2 * (p - y) / y.size * ACT[out][1](zs[L], p)
            elif loss == "bce":
                pc = np.clip(p, 1e-12, 1 - 1e-12)
                value, dz = -np.mean(y * np.log(pc) + (1 - y) * np.log(1 - pc)), (p - y) / y.size
            else:
                value, dz = -np.sum(y * np.log(np.clip(p, 1e-12, None))) / len(y), (p - y) / len(y)
            total += float(value) * len(x)
            grads = {}
            for i in range(L, 0, -1):
                grads[f"W{i}"], grads[f"b{i}"] = acts[i - 1].T @ dz, dz.sum(axis=0)
                if i > 1:
                    dz = (dz @ P[f"W{i}"].T) * ACT[hidden][1](zs[i - 1], acts[i - 1])
            step += 1
            for k in P:
                if optimizer == "sgd":
                    P[k] -= lr * grads[k]
                elif optimizer == "momentum":
                    state[k] = 0.9 * state[k] - lr * grads[k]
                    P[k] += state[k]
                else:
                    state[k] = 0.9 * state[k] + 0.1 * grads[k]
                    state2[k] = 0.999 * state2[k] + 0.001 * grads[k] ** 2
                    P[k] -= lr * (state[k] / (1 - 0.9 ** step)) / (np.sqrt(state2[k] / (1 - 0.999 ** step)) + 1e-8)
        doctor.observe(epoch=epoch, loss=total / len(X), lr=lr, params=P, grads=grads,
                       preactivations={f"layer{i}": zs[i] for i in range(1, L + 1)},
                       activation_kinds={f"layer{i}": hidden if i < L else out for i in range(1, L + 1)},
                       inputs=x, targets=y, predictions=p)
    return doctor.report()


def data(kind, n=200, seed=0):
    rng = np.random.default_rng(seed)
    if kind == "sine":
        X = rng.uniform(-3, 3, (n, 1))
        return X, np.sin(X)
    if kind == "circle":
        X = rng.standard_normal((n, 2))
        return X, (np.sum(X ** 2, axis=1, keepdims=True) < 1.2).astype(float)
    if kind == "blobs":
        centers = np.array([[0, 3], [3, -2], [-3, -2]])
        labels = rng.integers(0, 3, n)
        return centers[labels] + rng.standard_normal((n, 2)), np.eye(3)[labels]
    if kind == "linear":
        X = rng.standard_normal((n, 5))
        return X, X @ np.array([[1.0], [-2.0], [0.5], [0.0], [3.0]]) + 0.5
    if kind == "separable":
        X = rng.standard_normal((n, 2))
        return X, (X[:, :1] + X[:, 1:] > 0).astype(float)
    raise ValueError(kind)


def _fit(layers, X, y, loss, optimizer, epochs, batch_size=None, seed=0):
    import scratchnn
    model = scratchnn.Sequential(layers, seed=seed)
    history = model.fit(X, y, loss=loss, optimizer=optimizer, epochs=epochs, batch_size=batch_size, seed=seed,
                        doctor=True)
    return history.doctor


def fit_runs():
    """Runs through scratchnn's own fit (skipped when the core is not importable)."""
    from scratchnn import SGD, Adam, Dense, ReLU, Sigmoid, Softmax, Tanh
    Xc, yc = data("circle", 300)
    Xb, yb = data("blobs", 300)
    Xs, ys = data("sine", 200)
    return {
        "fit: 2-32-1 relu/sigmoid, bce, Adam, batches of 32": lambda: _fit(
            [Dense(2, 32), ReLU(), Dense(32, 1), Sigmoid()], Xc, yc, "bce", Adam(0.01), 150, 32),
        "fit: 2-32-3 relu/softmax, cross-entropy, SGD momentum, batches of 64": lambda: _fit(
            [Dense(2, 32), ReLU(), Dense(32, 3), Softmax()], Xb, yb, "cross_entropy", SGD(0.05, momentum=0.9), 60, 64),
        "fit: 1-32-32-1 tanh, mse, full-batch Adam": lambda: _fit(
            [Dense(1, 32), Tanh(), Dense(32, 32), Tanh(), Dense(32, 1)], Xs, ys, "mse", Adam(0.01), 400),
        "fit: 2-16-1 relu, mse on 0/1 targets, full-batch SGD": lambda: _fit(
            [Dense(2, 16), ReLU(), Dense(16, 1)], *data("separable", 200), "mse", SGD(0.02), 300),
    }


def numpy_runs():
    return {
        "loop: 1-32-1 tanh regression, full-batch GD": lambda: numpy_loop(
            *data("sine"), [1, 32, 1], "tanh", "linear", "mse", 0.05, 1500),
        "loop: 2-16-1 relu/sigmoid, bce, minibatch SGD": lambda: numpy_loop(
            *data("circle", 300), [2, 16, 1], "relu", "sigmoid", "bce", 0.5, 150, batch=16),
        "loop: 2-32-3 relu/softmax, cross-entropy, Adam minibatch": lambda: numpy_loop(
            *data("blobs", 300), [2, 32, 3], "relu", "softmax", "ce", 0.01, 60, batch=32, optimizer="adam"),
        "loop: 1-32-32-32-32-1 deep relu regression, Adam": lambda: numpy_loop(
            *data("sine"), [1, 32, 32, 32, 32, 1], "relu", "linear", "mse", 0.003, 400, optimizer="adam"),
        "loop: 5-1 linear regression, full-batch GD": lambda: numpy_loop(
            *data("linear"), [5, 1], "linear", "linear", "mse", 0.05, 300),
        "loop: 2-8-8-1 tanh/sigmoid, bce, momentum": lambda: numpy_loop(
            *data("circle", 300), [2, 8, 8, 1], "tanh", "sigmoid", "bce", 0.1, 300, optimizer="momentum"),
        "odd: a few dead ReLUs (negative bias init) in a net that converges": lambda: numpy_loop(
            *data("sine"), [1, 64, 1], "relu", "linear", "mse", 0.01, 800, optimizer="adam", bias_init=-1.5),
        "odd: noisy minibatch loss, batches of 4": lambda: numpy_loop(
            *data("circle", 300), [2, 16, 1], "relu", "sigmoid", "bce", 0.1, 60, batch=4),
        "odd: converged and flat for hundreds of epochs": lambda: numpy_loop(
            *data("linear"), [5, 1], "linear", "linear", "mse", 0.1, 1500),
        "odd: confident saturated sigmoid outputs": lambda: numpy_loop(
            *data("separable"), [2, 8, 1], "relu", "sigmoid", "bce", 1.0, 1500),
        "odd: float32 loop": lambda: numpy_loop(
            *data("blobs", 300), [2, 16, 3], "relu", "softmax", "ce", 0.2, 200, dtype=np.float32),
    }
