"""XOR on a 2-5-1 sigmoid net with weights * 0.01, zero biases and lr 0.03: the loss sits near log 2."""
import numpy as np

from doctor_corpus import Symptom, constant_rows, flat, sigmoid

SOURCE = "https://datascience.stackexchange.com/questions/31384/neural-network-xor-gate-classification"
DIAGNOSIS = ("The answer's three changes: the initial weights (randn * 0.01) are too small, remove the scaling; "
             "initialise the biases randomly too; and use the learning rate variable (0.1, or more) instead of the"
             " hard-coded 0.03. From a start that small the five hidden units are nearly copies of each other and "
             "the gradients are tiny, so the loss stays near 0.69 for a very long time.")
CHOICES = ("The post's shapes (features on axis 0, X of shape (2, 4)), sizes 2-5-1, init and the hard-coded lr "
           "0.03; np.random.seed(0); 400 of its 1,000,000 iterations; the cost is the cross-entropy (the "
           "post's J); observe gets loss, params, grads, the hidden activations with their kind (transposed), "
           "predictions and targets.")

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float).T
Y = np.array([[0, 1, 1, 0]], dtype=float)


def run(observe, epochs=400, lr=0.03, scale=0.01, random_biases=False):
    np.random.seed(0)
    p = {"w1": np.random.randn(5, 2) * scale, "b1": np.zeros((5, 1)),
         "w2": np.random.randn(1, 5) * scale, "b2": np.zeros((1, 1))}
    if random_biases:
        p["b1"], p["b2"] = np.random.randn(5, 1), np.random.randn(1, 1)
    m = 4
    trace = {"losses": []}
    for epoch in range(epochs):
        A1 = sigmoid(p["w1"] @ X + p["b1"])
        A2 = sigmoid(p["w2"] @ A1 + p["b2"])
        J = float(np.sum(-Y * np.log(A2) + (Y - 1) * np.log(1 - A2)) / m)
        dZ2 = A2 - Y
        dZ1 = p["w2"].T @ dZ2 * A1 * (1 - A1)
        g = {"w2": dZ2 @ A1.T / m, "b2": dZ2.sum(axis=1, keepdims=True) / m,
             "w1": dZ1 @ X.T / m, "b1": dZ1.sum(axis=1, keepdims=True) / m}
        for k in p:
            p[k] = p[k] - lr * g[k]
        observe(epoch=epoch, loss=J, params=p, grads=g, lr=lr, activations={"hidden": A1.T},
                activation_kinds={"hidden": "sigmoid"}, predictions=A2.T, targets=Y.T)
        trace["losses"].append(J)
    trace["out"] = A2
    return trace


SYMPTOMS = [
    Symptom("loss-plateau", "the loss moves < 5% over the second half and stays within 0.01 of log 2 = 0.693",
            lambda t: flat(t["losses"]) and abs(t["losses"][-1] - np.log(2)) < 0.01),
    Symptom("constant-output", "the four outputs within 1e-3 of their mean", lambda t: constant_rows(t["out"].T)),
]
