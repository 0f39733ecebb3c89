"""A 2-10-5-1 ReLU/ReLU/sigmoid net on two circles started from all-zero weights: cost 0.693 forever."""
import numpy as np

from doctor_corpus import Symptom, constant_rows, dead_units, flat, sigmoid

SOURCE = ("https://community.deeplearning.ai/t/week-1-programming-assignment-initialization-exercise-1-"
          "initialize-parameters-zeros/121049")
DIAGNOSIS = ("With every weight 0 the ReLU layers output 0, so every weight gradient (delta times the previous "
             "layer's output) is 0: no weight ever changes, the prediction is 0.5 for every sample and the cost "
             "stays at 0.6931. The fix is to break the symmetry with random initial weights.")
CHOICES = ("The assignment's layout (features on axis 0, W @ A), sizes [2, 10, 5, 1], 300 samples of "
           "sklearn's make_circles (noise 0.05), cross-entropy, lr 0.01; 200 of its 15,000 iterations; observe "
           "gets loss, params, grads, activations of both hidden layers (samples on axis 0), predictions and "
           "targets.")


def run(observe, epochs=200, lr=0.01):
    from sklearn.datasets import make_circles
    X, y = make_circles(300, noise=0.05, random_state=1)
    X, Y = X.T, y.reshape(1, -1).astype(float)
    m = X.shape[1]
    sizes = [2, 10, 5, 1]
    p = {}
    for i in range(1, 4):
        p[f"W{i}"], p[f"b{i}"] = np.zeros((sizes[i], sizes[i - 1])), np.zeros((sizes[i], 1))
    trace = {"losses": [], "W1": [p["W1"].copy()]}
    for epoch in range(epochs):
        Z1 = p["W1"] @ X + p["b1"]
        A1 = np.maximum(Z1, 0)
        Z2 = p["W2"] @ A1 + p["b2"]
        A2 = np.maximum(Z2, 0)
        A3 = sigmoid(p["W3"] @ A2 + p["b3"])
        loss = float(-np.mean(Y * np.log(A3) + (1 - Y) * np.log(1 - A3)))
        dZ3 = A3 - Y
        dZ2 = p["W3"].T @ dZ3 * (Z2 > 0)
        dZ1 = p["W2"].T @ dZ2 * (Z1 > 0)
        g = {"dW3": dZ3 @ A2.T / m, "db3": dZ3.mean(axis=1, keepdims=True),
             "dW2": dZ2 @ A1.T / m, "db2": dZ2.mean(axis=1, keepdims=True),
             "dW1": dZ1 @ X.T / m, "db1": dZ1.mean(axis=1, keepdims=True)}
        for k in p:
            p[k] = p[k] - lr * g["d" + k]
        observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, activations={"layer1": A1.T, "layer2": A2.T},
                activation_kinds={"layer1": "relu", "layer2": "relu"}, predictions=A3.T, targets=Y.T)
        trace["losses"].append(loss)
        trace["W1"].append(p["W1"].copy())
    trace.update(A3=A3.T, Z1=Z1.T)
    return trace


SYMPTOMS = [
    Symptom("symmetric-units", "every weight starts at the same value (0)", lambda t: not np.any(t["W1"][0])),
    Symptom("dead-relu", "every unit of layer1 has pre-activation <= 0 (exactly 0) on every sample",
            lambda t: len(dead_units(t["Z1"])) == 10),
    # Not labelled weights-not-updating (it was until round 2): that rule is about an update that never reaches
    # a parameter whose gradient is not zero. Here dW1 is exactly 0 (the ReLUs pass nothing back), so W1 staying
    # at zero is the right update of a wrong start: symmetric-units and dead-relu, both labelled, are the causes.
    Symptom("constant-output", "every prediction within 1e-6 of the mean", lambda t: constant_rows(t["A3"], 1e-6)),
    Symptom("loss-plateau", "the loss moves < 5% over the second half and sits at log 2 = 0.693",
            lambda t: flat(t["losses"]) and abs(t["losses"][-1] - np.log(2)) < 1e-3),
]
