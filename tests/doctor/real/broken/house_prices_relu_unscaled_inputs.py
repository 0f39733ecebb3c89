"""A 10-32-32-1 ReLU/sigmoid classifier trained on the raw house features although a scaled copy was made."""
import numpy as np

from doctor_corpus import Symptom, flat, sigmoid

HELD_OUT = True
ROUND = 2
SOURCE = "https://stackoverflow.com/questions/72749455/why-is-binary-classification-network-not-converging"
DIAGNOSIS = ("(Our reading of the posted code.) The inputs are min-max scaled into X_scale, but the training "
             "split is taken from the raw X (lot areas in the thousands, garage areas in the hundreds), so the "
             "ReLU layers see inputs thousands of times larger than their 0.01 * randn weights expect and the "
             "loss hovers around 0.7 on the full data set. In our reproduction the min-max scaled run stays at "
             "0.693 too over 40 epochs (0.01 * randn weights through three layers pass little signal), so the "
             "scale is a true symptom here but not the whole story.")
CHOICES = ("Ten features of the kind and scale of the post's house-price CSV (lot area ~10,000, quality 1-10, "
           "condition 1-9, basement area ~1,000, baths 0-3, bedrooms 0-6, rooms 3-12, fireplaces 0-3, garage "
           "area ~500) and the label 'above the median price' from a rule of our own; 1,024 training rows, "
           "weights 0.01 * randn and zero biases as posted, binary cross-entropy, minibatches of 64, lr 0.01, "
           "40 epochs; observe once per epoch with the epoch's mean loss, params, the last batch's grads, lr, "
           "inputs, targets and predictions of the whole training set.")


def data(n=1024):
    rng = np.random.default_rng(0)
    quality = rng.integers(1, 11, n)
    area = rng.lognormal(9.2, 0.4, n)
    X = np.column_stack([area, quality, rng.integers(1, 10, n), rng.normal(1000, 400, n).clip(0),
                         rng.integers(0, 4, n), rng.integers(0, 3, n), rng.integers(0, 7, n),
                         rng.integers(3, 13, n), rng.integers(0, 4, n), rng.normal(480, 200, n).clip(0)])
    score = quality + 0.0002 * area + 0.002 * X[:, 3] + rng.normal(0, 1, n)
    return X, (score > np.median(score)).astype(float).reshape(-1, 1)


def forward(p, X):
    z1 = X @ p["w1"] + p["b1"]
    a1 = np.maximum(z1, 0)
    z2 = a1 @ p["w2"] + p["b2"]
    a2 = np.maximum(z2, 0)
    return z1, a1, z2, a2, sigmoid(a2 @ p["w3"] + p["b3"])


def bce(a, y):
    a = np.clip(a, 1e-7, 1 - 1e-7)
    return float(-np.mean(y * np.log(a) + (1 - y) * np.log(1 - a)))


def run(observe, epochs=40, lr=0.01, batch=64, scale=False):
    X, y = data()
    if scale:
        X = (X - X.min(0)) / (X.max(0) - X.min(0))
    rng = np.random.default_rng(1)
    p = {}
    for k, (i, o) in enumerate([(10, 32), (32, 32), (32, 1)], start=1):
        p[f"w{k}"], p[f"b{k}"] = 0.01 * rng.standard_normal((i, o)), np.zeros(o)
    trace = {"losses": []}
    for epoch in range(epochs):
        order, total = rng.permutation(len(X)), 0.0
        for k in range(0, len(X), batch):
            xb, yb = X[order[k:k + batch]], y[order[k:k + batch]]
            z1, a1, z2, a2, out = forward(p, xb)
            total += bce(out, yb) * len(xb)
            d3 = (out - yb) / len(xb)
            d2 = (d3 @ p["w3"].T) * (z2 > 0)
            d1 = (d2 @ p["w2"].T) * (z1 > 0)
            g = {"w3": a2.T @ d3, "b3": d3.sum(0), "w2": a1.T @ d2, "b2": d2.sum(0), "w1": xb.T @ d1, "b1": d1.sum(0)}
            p = {n: p[n] - lr * g[n] for n in p}
        loss = total / len(X)
        observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, inputs=X, targets=y, predictions=forward(p, X)[4])
        trace["losses"].append(loss)
    return trace


SYMPTOMS = [
    Symptom("unscaled-inputs", "lot areas in the thousands (>= 20)", lambda t: data()[0][:, 0].max() > 1000),
    Symptom("loss-plateau", "the loss moves < 5% over the second half and stays above 0.6 (log 2 = 0.693 is a "
            "coin flip)", lambda t: flat(t["losses"]) and t["losses"][-1] > 0.6),
]
