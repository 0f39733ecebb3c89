"""A deep-learning course's notebook on exploding gradients: its mock housing data (100 houses, a surface of 40-200
m2 and a distance of 50-1000 m to the city centre, unscaled, a price in millions, about 1-4) and its shallow 2-4-1
network with no activation (X @ W1 + b1, then @ W2 + b2), mean squared error, lr 1e-6, every parameter drawn
uniform in +-sqrt(6 / (n_x + n_y)) = +-1.41 (its 'weird' initialisation). With the notebook's seed 37 the steps
lr * dL/dW exceed the weights themselves from the first step, the loss and every parameter become NaN within
ten iterations (the notebook's log shows NaN); with seed 17 the same code trains (final loss 0.124, here too).
Inputs hundreds of times larger than 1 make the curvature along W1 so large that lr 1e-6 is already too much for
weights of this size."""
import numpy as np

from doctor_corpus import EXPLODING_GRADIENTS, Symptom, first_non_finite

HELD_OUT = True
ROUND = 12
SOURCE = "https://github.com/matthieudemari/SUTD_DL_50_039"
DIAGNOSIS = ("The notebook ('2. About exploding gradients'): NaN values in the loss are the typical symptom of the "
             "exploding gradient syndrome, which occurs when the changes alpha * dL/dW are far greater than the "
             "values in W1, b1, W2, b2; its cures are a learning rate small enough that the changes stay smaller "
             "than the parameters, and control of the initial parameters (the same init divided by 10 trains).")
CHOICES = ("The notebook's data generator, network, loss, gradients, lr 1e-6 and 500 iterations rewritten in our "
           "code, with NumPy's legacy generator seeded 47 for the data and 37 for the init as in the notebook "
           "(W1, b1, W2, b2 drawn in that order); observe() every 5 iterations inside the update, before it, with "
           "the MSE at the current parameters, W1, b1, W2, b2, dL_dW1 ... dL_db2, lr, inputs, targets and "
           "predictions.")


def data():
    rs = np.random.RandomState(47)
    surfaces = np.array([round(rs.uniform(40, 200), 2) for _ in range(100)])
    distances = np.array([round(rs.uniform(50, 1000), 2) for _ in range(100)])
    prices = np.array([round((100000 + 14373 * s + (1000 - d) * 1286) * (1 + rs.uniform(-0.1, 0.1))) / 1e6
                       for s, d in zip(surfaces, distances)])
    return np.column_stack([surfaces, distances]), prices.reshape(-1, 1)


def weird_init(seed, n_x=2, n_h=4, n_y=1):
    rs = np.random.RandomState(seed)
    bound = np.sqrt(6.0 / (n_x + n_y))
    return {"W1": rs.uniform(-bound, bound, (n_x, n_h)), "b1": rs.uniform(-bound, bound, (1, n_h)),
            "W2": rs.uniform(-bound, bound, (n_h, n_y)), "b2": rs.uniform(-bound, bound, (1, n_y))}


def run(observe, lr=1e-6, iterations=500, every=5, seed=37):
    X, y = data()
    m = len(X)
    p = weird_init(seed)
    trace = {"losses": [], "grad_norms": [], "step_ratios": [], "params_finite": [], "x_max": float(np.abs(X).max())}
    with np.errstate(all="ignore"):
        for i in range(iterations):
            hidden = X @ p["W1"] + p["b1"]
            pred = hidden @ p["W2"] + p["b2"]
            err = pred - y
            loss = float(np.mean(err ** 2))
            d_hidden = err @ p["W2"].T
            g = {"dL_dW1": (2 / m) * X.T @ d_hidden, "dL_db1": (2 / m) * d_hidden.sum(axis=0, keepdims=True),
                 "dL_dW2": (2 / m) * hidden.T @ err, "dL_db2": (2 / m) * err.sum(axis=0, keepdims=True)}
            if i % every == 0:
                observe(epoch=i, loss=loss, params=p, grads=g, lr=lr, inputs=X, targets=y, predictions=pred)
                trace["losses"].append(loss)
                trace["grad_norms"].append(float(np.sqrt(sum(np.sum(v ** 2) for v in g.values()))))
                trace["step_ratios"].append(max(float(lr * np.linalg.norm(g["dL_d" + k]) / np.linalg.norm(p[k]))
                                                for k in ("W1", "W2")))
                trace["params_finite"].append(all(bool(np.all(np.isfinite(v))) for v in p.values()))
            for k in p:
                p[k] -= lr * g["dL_d" + k]
    return trace


def nan_for_good(t):
    first = first_non_finite(t["losses"])
    return first is not None and not any(np.isfinite(t["losses"][first:])) and not t["params_finite"][-1]


SYMPTOMS = [
    EXPLODING_GRADIENTS,
    Symptom("loss-diverging", "the loss rises above 1000x its first value, then is NaN/inf to the end",
            lambda t: max(v for v in t["losses"] if np.isfinite(v)) > 1000 * t["losses"][0] and nan_for_good(t)),
    Symptom("non-finite", "from some observation on the loss is NaN/inf at every observation and the parameters are "
            "not finite at the last one", nan_for_good),
    Symptom("lr-too-high", "at some finite observation lr * ||dW|| exceeds ||W|| for W1 or W2 (the step is larger than "
            "the weights)", lambda t: max(r for r in t["step_ratios"] if np.isfinite(r)) > 1.0),
    Symptom("unscaled-inputs", "the inputs reach |x| >= 20 (distances up to ~1000 m, surfaces up to 200 m2)",
            lambda t: t["x_max"] >= 20),
]
