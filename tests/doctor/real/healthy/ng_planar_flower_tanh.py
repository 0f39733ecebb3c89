"""The deep-learning course's 'planar data classification with one hidden layer': 2-4-1 tanh/sigmoid."""
import numpy as np

from doctor_corpus import Symptom, sigmoid

SOURCE = "https://thetechartguy.com/post/deep-learning-week3"
DIAGNOSIS = ("A working assignment: the flower-shaped planar data, 4 tanh hidden units, W * 0.01, lr 1.2, "
             "10,000 iterations, about 90% accuracy where logistic regression gets 47%.")
CHOICES = ("The flower generated like the assignment's load_planar_dataset (400 points, 8 petals, our seed), "
           "features on axis 0 (X of shape (2, 400)); 400 of its 10,000 iterations; observe gets loss, "
           "params, grads, the hidden activations (transposed, with kind), predictions and targets.")


def flower(rng, m=400):
    X, Y = np.zeros((m, 2)), np.zeros((m, 1))
    half = m // 2
    for j in range(2):
        ix = range(half * j, half * (j + 1))
        t = np.linspace(j * 3.12, (j + 1) * 3.12, half) + rng.standard_normal(half) * 0.2
        r = 4 * np.sin(4 * t) + rng.standard_normal(half) * 0.2
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[ix] = j
    return X.T, Y.T


def run(observe, epochs=400, lr=1.2):
    rng = np.random.default_rng(2)
    X, Y = flower(rng)
    m = X.shape[1]
    p = {"W1": rng.standard_normal((4, 2)) * 0.01, "b1": np.zeros((4, 1)),
         "W2": rng.standard_normal((1, 4)) * 0.01, "b2": np.zeros((1, 1))}
    trace = {"losses": []}
    for epoch in range(epochs):
        A1 = np.tanh(p["W1"] @ X + p["b1"])
        A2 = sigmoid(p["W2"] @ A1 + p["b2"])
        loss = float(-np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)))
        dZ2 = A2 - Y
        dZ1 = p["W2"].T @ dZ2 * (1 - A1 ** 2)
        g = {"dW2": dZ2 @ A1.T / m, "db2": dZ2.sum(axis=1, keepdims=True) / m,
             "dW1": dZ1 @ X.T / m, "db1": dZ1.sum(axis=1, keepdims=True) / m}
        for k in p:
            p[k] = p[k] - lr * g["d" + k]
        observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, activations={"hidden": A1.T},
                activation_kinds={"hidden": "tanh"}, predictions=A2.T, targets=Y.T)
        trace["losses"].append(loss)
    trace["accuracy"] = float(np.mean((A2 > 0.5) == Y))
    return trace


SYMPTOMS = [Symptom(None, "training accuracy above 80% (logistic regression: ~50%)", lambda t: t["accuracy"] > 0.8)]
