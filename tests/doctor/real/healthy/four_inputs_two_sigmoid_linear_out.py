"""A 4-2-1 network (two sigmoid hidden units, linear output) trained per sample with MSE on standardised data:
the loop of a question about turning normalised predictions back into real values, which trains fine."""
import numpy as np

from doctor_corpus import Symptom, sigmoid

HELD_OUT = True
ROUND = 4
SOURCE = "https://www.52zhanxing.com/ask/7709732.html"
DIAGNOSIS = ("The training loop works (the question is only about undoing the standardisation afterwards): "
             "per-sample SGD with lr 0.01 lowers the mean squared error steadily.")
CHOICES = ("The post's architecture (w11..w24 into two sigmoid units, w1, w2 and b3 to a linear output; every "
           "weight and bias ~ N(0, 1)), lr 0.01 and per-sample updates as posted; 60 samples of our own with four "
           "features and a smooth target, both standardised (the post standardises); 300 epochs instead of 5,000; "
           "observe once per epoch with the epoch's MSE over all samples, the parameters as single numbers and lr.")


def data(n=60):
    rng = np.random.default_rng(4)
    X = rng.normal(size=(n, 4))
    y = np.tanh(X[:, 0] - 0.5 * X[:, 1]) + 0.3 * X[:, 2]
    return X, (y - y.mean()) / y.std()


def forward(p, x):
    h1 = sigmoid(sum(p[f"w1{j + 1}"] * x[j] for j in range(4)) + p["b1"])
    h2 = sigmoid(sum(p[f"w2{j + 1}"] * x[j] for j in range(4)) + p["b2"])
    return h1, h2, p["w1"] * h1 + p["w2"] * h2 + p["b3"]


def run(observe, epochs=300, lr=0.01):
    X, Y = data()
    rng = np.random.default_rng(0)
    names = [f"w{i}{j}" for i in (1, 2) for j in range(1, 5)] + ["w1", "w2", "b1", "b2", "b3"]
    p = {k: float(rng.normal()) for k in names}
    trace = {"losses": []}
    for epoch in range(epochs):
        for x, y in zip(X, Y):
            h1, h2, o = forward(p, x)
            d = 2 * (o - y)
            d1, d2 = d * p["w1"] * h1 * (1 - h1), d * p["w2"] * h2 * (1 - h2)
            g = {"w1": d * h1, "w2": d * h2, "b3": d, "b1": d1, "b2": d2}
            g.update({f"w1{j + 1}": d1 * x[j] for j in range(4)})
            g.update({f"w2{j + 1}": d2 * x[j] for j in range(4)})
            p = {k: p[k] - lr * g[k] for k in p}
        loss = float(np.mean([(forward(p, x)[2] - y) ** 2 for x, y in zip(X, Y)]))
        observe(epoch=epoch, loss=loss, params=dict(p), lr=lr)
        trace["losses"].append(loss)
    return trace


SYMPTOMS = [Symptom(None, "the MSE on the standardised target falls below 0.3 (a constant gets 1.0)",
                    lambda t: t["losses"][-1] < 0.3)]
