"""A 2-1-1 net (ReLU hidden unit, sigmoid output) on positive features: the one hidden unit starts dead."""
import numpy as np

from doctor_corpus import Symptom, constant_rows, dead_units, flat, gradients_vanish, sigmoid

SOURCE = ("https://stats.stackexchange.com/questions/450100/understanding-relu-does-this-unlucky-intialized-"
          "network-assign-all-instances")
DIAGNOSIS = ("If both hidden weights start negative and every feature is positive, the ReLU outputs 0 for every "
             "sample and passes back no gradient: it is dead forever and the output is sigmoid(b) for all "
             "instances. Standardise the data (so it has both signs) or use a leaky ReLU.")
CHOICES = ("200 samples with two features uniform in [1, 5], label x1 > x2; hidden weights the post's "
           "uniform(-0.05, 0.05) draw with both negative (fixed at -0.03, -0.01), hidden bias 0; output weight "
           "0.02, bias 0; full-batch gradient descent on binary cross-entropy, lr 0.5, 150 epochs; observe "
           "gets everything a user has: pre-activations, kinds, predictions, targets, inputs.")


def run(observe, epochs=150, lr=0.5, standardize=False):
    """The loop; ``standardize=True`` is the answer's fix (healthy/relu_unit_standardized_inputs.py)."""
    rng = np.random.default_rng(0)
    X = rng.uniform(1, 5, size=(200, 2))
    y = (X[:, 0] > X[:, 1]).astype(float).reshape(-1, 1)
    if standardize:
        X = (X - X.mean(0)) / X.std(0)
    p = {"W1": np.array([[-0.03], [-0.01]]), "b1": np.zeros(1), "W2": np.array([[0.02]]), "b2": np.zeros(1)}
    trace = {"losses": [], "dead": []}
    for epoch in range(epochs):
        z1 = X @ p["W1"] + p["b1"]
        a1 = np.maximum(z1, 0)
        z2 = a1 @ p["W2"] + p["b2"]
        out = sigmoid(z2)
        loss = float(-np.mean(y * np.log(out) + (1 - y) * np.log(1 - out)))
        dz2 = (out - y) / len(X)
        dz1 = dz2 @ p["W2"].T * (z1 > 0)
        g = {"W2": a1.T @ dz2, "b2": dz2.sum(0), "W1": X.T @ dz1, "b1": dz1.sum(0)}
        for k in p:
            p[k] -= lr * g[k]
        observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, preactivations={"hidden": z1, "output": z2},
                activation_kinds={"hidden": "relu", "output": "sigmoid"}, predictions=out, targets=y, inputs=X)
        trace["losses"].append(loss)
        trace["dead"].append(len(dead_units(z1)))
    trace.update(out=out, accuracy=float(np.mean((out > 0.5) == y)))
    trace["last"] = ({k: np.array(v, dtype=float) for k, v in p.items()},
                     {k: np.array(v, dtype=float) for k, v in g.items()})
    return trace


SYMPTOMS = [
    Symptom("dead-relu", "the hidden unit's pre-activation is <= 0 on every sample at every epoch",
            lambda t: min(t["dead"]) == 1),
    Symptom("constant-output", "every prediction within 1e-6 of the mean", lambda t: constant_rows(t["out"], 1e-6)),
    Symptom("loss-plateau", "the loss moves < 5% over the second half, above 0.6 (0.69 = guessing)",
            lambda t: flat(t["losses"]) and t["losses"][-1] > 0.6),
    Symptom("vanishing-gradients", "at the last step one weight matrix's ||dW|| / ||W|| is < 1e-3 of another's "
            "(or every one < 1e-8)", gradients_vanish),
]
