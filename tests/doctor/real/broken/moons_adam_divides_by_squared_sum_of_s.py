"""A course assignment's 2-5-2-1 network (ReLU, ReLU, sigmoid; W @ X with samples in columns; He init) trained on
300 noisy moons with minibatches of 64 and Adam at lr 0.0007, whose Adam update divides the bias-corrected first
moment by np.square(np.sum(s_corrected, axis=0)) + epsilon instead of np.sqrt(s_corrected) + epsilon. Squaring a
sum of squared gradients makes the denominator tiny, so the steps are hundreds of times lr: within the first
epoch W2 grows from about 1 to over 300, the sigmoid outputs saturate at exactly 0 or 1, and the cross-entropy of
the confidently wrong samples is inf; the cost printed is NaN from then on (0 * log 0), while the weights stay
finite."""
import numpy as np

from doctor_corpus import Symptom, first_non_finite, saturated_fraction, sigmoid

HELD_OUT = True
ROUND = 11
SOURCE = "https://github.com/fanghao6666/neural-networks-and-deep-learning/pull/11"
DIAGNOSIS = ("The pull request 'Fix bug in parameter update function' (merged; the file carried the note that "
             "there were bugs with which the Adam model can't train): the Adam step must be "
             "learning_rate * v_corrected / (np.sqrt(s_corrected) + epsilon), not divided by "
             "np.square(np.sum(s_corrected, axis=0)) + epsilon.")
CHOICES = ("The assignment's setting: make_moons(300, noise 0.2, random_state 3) as (2, 300) columns, layers "
           "[2, 5, 2, 1], He init N(0, 1) * sqrt(2 / fan_in) and zero biases (our generator, seed 3), minibatches of "
           "64 from a fresh permutation each epoch, Adam beta1 0.9, beta2 0.999, epsilon 1e-8, lr 0.0007, the cost "
           "1/m * sum of the cross-entropy; 200 of its 10,000 epochs. observe() every 5 epochs after the epoch's "
           "minibatches, where the assignment records its cost: the last minibatch's cost, the parameters, its "
           "gradients dW1 ... db3, lr, its inputs (2, m), labels (1, m) and the output a3 (1, m).")


def forward(p, X):
    z1 = p["W1"] @ X + p["b1"]
    a1 = np.maximum(z1, 0)
    z2 = p["W2"] @ a1 + p["b2"]
    a2 = np.maximum(z2, 0)
    return z1, a1, z2, a2, sigmoid(p["W3"] @ a2 + p["b3"])


def run(observe, epochs=200, learning_rate=0.0007, batch=64, every=5):
    from sklearn.datasets import make_moons
    X, labels = make_moons(300, noise=0.2, random_state=3)
    X, Y = X.T, labels.reshape(1, -1).astype(float)
    rng = np.random.default_rng(3)
    dims = [2, 5, 2, 1]
    p = {}
    for l in range(1, 4):
        p[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1])) * np.sqrt(2 / dims[l - 1])
        p[f"b{l}"] = np.zeros((dims[l], 1))
    v = {k: np.zeros_like(a) for k, a in p.items()}
    s = {k: np.zeros_like(a) for k, a in p.items()}
    t = 0
    trace = {"losses": [], "first_costs": [], "W2_norms": [float(np.linalg.norm(p["W2"]))], "finite_params": []}
    with np.errstate(all="ignore"):
        for epoch in range(epochs):
            perm = np.random.default_rng(epoch).permutation(X.shape[1])
            for start in range(0, X.shape[1], batch):
                x, y = X[:, perm[start:start + batch]], Y[:, perm[start:start + batch]]
                m = x.shape[1]
                z1, a1, z2, a2, a3 = forward(p, x)
                cost = float(np.sum(-np.log(a3) * y - np.log(1 - a3) * (1 - y)) / m)
                dz3 = (a3 - y) / m
                g = {"dW3": dz3 @ a2.T, "db3": dz3.sum(axis=1, keepdims=True)}
                dz2 = (p["W3"].T @ dz3) * (z2 > 0)
                g["dW2"], g["db2"] = dz2 @ a1.T, dz2.sum(axis=1, keepdims=True)
                dz1 = (p["W2"].T @ dz2) * (z1 > 0)
                g["dW1"], g["db1"] = dz1 @ x.T, dz1.sum(axis=1, keepdims=True)
                t += 1
                for k in p:
                    v[k] = 0.9 * v[k] + 0.1 * g["d" + k]
                    s[k] = 0.999 * s[k] + 0.001 * g["d" + k] ** 2
                    v_corrected, s_corrected = v[k] / (1 - 0.9 ** t), s[k] / (1 - 0.999 ** t)
                    p[k] = p[k] - learning_rate * v_corrected / (np.square(np.sum(s_corrected, axis=0)) + 1e-8)
                if epoch == 0:
                    trace["first_costs"].append(cost)
            if epoch == 0:
                trace["W2_norms"].append(float(np.linalg.norm(p["W2"])))
            if epoch % every == 0:
                observe(epoch=epoch, loss=cost, params=p, grads=g, lr=learning_rate, inputs=x, targets=y,
                        predictions=a3)
                trace["losses"].append(cost)
                trace["finite_params"].append(all(np.all(np.isfinite(a)) for a in p.values()))
        trace["out"] = forward(p, X)[4]
    return trace


def cost_nan_with_finite_weights(t):
    first = first_non_finite(t["losses"])
    return (np.isfinite(t["first_costs"][0]) and first is not None and first <= 1
            and all(not np.isfinite(c) for c in t["losses"][first:]) and all(t["finite_params"]))


SYMPTOMS = [
    Symptom("lr-too-high", "the first epoch's five steps grow W2's norm more than 50x",
            lambda t: t["W2_norms"][1] > 50 * t["W2_norms"][0]),
    Symptom("non-finite", "the cost is finite at the first minibatch, then NaN or inf at every observation from the "
            "first or second on, while every parameter stays finite", cost_nan_with_finite_weights),
    Symptom("loss-diverging", "the cost goes from finite to inf/NaN within the first epoch",
            lambda t: np.isfinite(t["first_costs"][0]) and not all(np.isfinite(t["first_costs"]))),
    Symptom("saturated-activation", "at the end at least 90% of the sigmoid outputs on the 300 samples are within "
            "0.01 of 0 or 1", lambda t: saturated_fraction(t["out"], 0.01) >= 0.9),
]
