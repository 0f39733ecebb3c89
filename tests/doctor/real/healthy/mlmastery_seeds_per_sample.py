"""Jason Brownlee's 'backpropagation from scratch': wheat seeds, 5 sigmoid hidden units, per-sample updates."""
import numpy as np

from doctor_corpus import Symptom, sigmoid

SOURCE = "https://machinelearningmastery.com/implement-backpropagation-algorithm-scratch-python/"
DIAGNOSIS = ("A working tutorial: 7 min-max normalised features, 5 sigmoid hidden units, 3 sigmoid outputs "
             "against one-hot targets, sum of squared errors, lr 0.3, per-sample updates, ~93% accuracy.")
CHOICES = ("210 samples of the same kind (3 varieties x 70, 7 positive measurements, generated from class "
           "means like the wheat-seeds table), min-max normalised; weights uniform [0, 1) as in the tutorial; "
           "lr 0.3, 30 epochs; the loss is the epoch's sum of squared errors divided by the sample count; "
           "observe gets loss, params and the predictions with the one-hot targets.")


def seeds_like(rng):
    means = np.array([[14.3, 14.3, 0.88, 5.5, 3.2, 2.7, 5.1],
                      [18.3, 16.1, 0.88, 6.1, 3.7, 3.6, 6.0],
                      [11.9, 13.2, 0.85, 5.2, 2.9, 4.8, 5.1]])
    X = np.vstack([m * (1 + rng.normal(0, 0.06, (70, 7))) for m in means])
    return X, np.repeat(np.arange(3), 70)


def run(observe, epochs=30, lr=0.3):
    rng = np.random.default_rng(1)
    X, labels = seeds_like(rng)
    X = (X - X.min(0)) / (X.max(0) - X.min(0))
    Y = np.eye(3)[labels]
    p = {"hidden_w": rng.random((7, 5)), "hidden_b": rng.random(5), "out_w": rng.random((5, 3)), "out_b": rng.random(3)}
    trace = {"losses": []}
    for epoch in range(epochs):
        total = 0.0
        for i in rng.permutation(len(X)):
            h = sigmoid(X[i] @ p["hidden_w"] + p["hidden_b"])
            o = sigmoid(h @ p["out_w"] + p["out_b"])
            total += float(np.sum((Y[i] - o) ** 2))
            d_o = (Y[i] - o) * o * (1 - o)
            d_h = p["out_w"] @ d_o * h * (1 - h)
            p["out_w"] += lr * np.outer(h, d_o)
            p["out_b"] += lr * d_o
            p["hidden_w"] += lr * np.outer(X[i], d_h)
            p["hidden_b"] += lr * d_h
        out = sigmoid(sigmoid(X @ p["hidden_w"] + p["hidden_b"]) @ p["out_w"] + p["out_b"])
        observe(epoch=epoch, loss=total / len(X), params=p, predictions=out, targets=Y)
        trace["losses"].append(total / len(X))
    trace["accuracy"] = float(np.mean(np.argmax(out, axis=1) == labels))
    return trace


SYMPTOMS = [Symptom(None, "training accuracy above 85%", lambda t: t["accuracy"] > 0.85)]
