"""The 2-1-1 ReLU/sigmoid net of the 'unlucky init' question with the answer's fix: standardised inputs."""
import numpy as np

from doctor_corpus import Symptom, sigmoid

SOURCE = ("https://stats.stackexchange.com/questions/450100/understanding-relu-does-this-unlucky-intialized-"
          "network-assign-all-instances")
DIAGNOSIS = ("The answer: standardise the data so it has both positive and negative values; then the same "
             "negative start is not dead and the unit learns.")
CHOICES = ("broken/relu_unit_dead_from_unlucky_init.py's data and start, inputs standardised; lr 0.5, 300 "
           "epochs; observe gets the same arguments as the broken case.")


def run(observe, epochs=300, lr=0.5):
    rng = np.random.default_rng(0)
    X = rng.uniform(1, 5, size=(200, 2))
    y = (X[:, 0] > X[:, 1]).astype(float).reshape(-1, 1)
    X = (X - X.mean(0)) / X.std(0)
    p = {"W1": np.array([[-0.03], [-0.01]]), "b1": np.zeros(1), "W2": np.array([[0.02]]), "b2": np.zeros(1)}
    trace = {"losses": []}
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
    trace["accuracy"] = float(np.mean((out > 0.5) == y))
    return trace


SYMPTOMS = [Symptom(None, "accuracy above 90% and the loss below half of log 2",
                    lambda t: t["accuracy"] > 0.9 and t["losses"][-1] < 0.5 * np.log(2))]
