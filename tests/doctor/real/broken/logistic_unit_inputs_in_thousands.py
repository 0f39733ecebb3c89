"""A logistic unit fed features of 1,000-3,000 with Xavier weights: the sigmoid saturates at once."""
import numpy as np

from doctor_corpus import Symptom, saturated_fraction, sigmoid

HELD_OUT = True
SOURCE = "https://github.com/vxnuaj/LABS"
DIAGNOSIS = ("The notebook's own diagnosis: the inputs are in the thousands, so even Xavier-initialised weights "
             "give pre-activations of hundreds, the sigmoid outputs sit at 0 or 1 and the gradient for one of the "
             "labels is ~0; normalise the inputs.")
CHOICES = ("The notebook shows one forward pass on features (1000, 2000, 3000); we train on 200 samples of three "
           "such features (uniform 500-1500, 1500-2500, 2500-3500, label 1 when the first is above its median), "
           "weights N(0, 1/3) (Xavier for 3 inputs) from seed 0, bias 0, binary cross-entropy with an epsilon of "
           "1e-10 inside the log as in the notebook, lr 0.01, 100 epochs; observe gets loss, params, grads, "
           "inputs, targets and predictions.")


def data():
    rng = np.random.default_rng(0)
    X = np.column_stack([rng.uniform(500, 1500, 200), rng.uniform(1500, 2500, 200), rng.uniform(2500, 3500, 200)])
    return X, (X[:, 0] > np.median(X[:, 0])).astype(float).reshape(-1, 1)


def run(observe, epochs=100, lr=0.01):
    X, y = data()
    rng = np.random.default_rng(0)
    p = {"w": rng.normal(0, np.sqrt(1 / 3), (3, 1)), "b": np.zeros((1, 1))}
    trace = {"losses": [], "outs": []}
    for epoch in range(epochs):
        a = sigmoid(X @ p["w"] + p["b"])
        loss = float(-np.mean(y * np.log(a + 1e-10) + (1 - y) * np.log(1 - a + 1e-10)))
        g = {"w": X.T @ (a - y) / len(X), "b": np.mean(a - y, keepdims=True)}
        p = {k: p[k] - lr * g[k] for k in p}
        observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, inputs=X, targets=y, predictions=a)
        trace["losses"].append(loss)
        trace["outs"].append(a)
    return trace


SYMPTOMS = [
    Symptom("unscaled-inputs", "the features reach the thousands", lambda t: data()[0].max() > 1000),
    Symptom("saturated-activation", "over the last 3 epochs >= 90% of the outputs are within 0.01 of 0 or 1",
            lambda t: all(saturated_fraction(a, 0.01) >= 0.9 for a in t["outs"][-3:])),
]
