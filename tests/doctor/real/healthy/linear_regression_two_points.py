"""Linear regression by gradient descent on two points (3, 30) and (5, 50): w -> 10, b -> 0."""
import numpy as np

from doctor_corpus import Symptom

HELD_OUT = True
SOURCE = "https://kishan-ved.github.io/Blogs/posts/mlalgos/gradient_descent_from_scratch.html"
DIAGNOSIS = "A working tutorial: the cost falls from 440 to 0.13 by iteration 700 and keeps falling."
CHOICES = ("The tutorial's two points, w = b = 1, lr 0.01, cost = sum of squared errors / (2 n), gradients "
           "averaged over the samples, 3,000 of its 10,000 iterations; the loop updates first and then computes "
           "the cost, as in the tutorial; observe every 10th iteration with loss, params, grads, lr, inputs, "
           "targets and predictions.")

X, Y = np.array([3.0, 5.0]), np.array([30.0, 50.0])


def run(observe, iterations=3000, lr=0.01):
    p = {"w": np.array(1.0), "b": np.array(1.0)}
    trace = {"losses": []}
    for i in range(iterations):
        err = p["w"] * X + p["b"] - Y
        g = {"w": np.mean(err * X), "b": np.mean(err)}
        p = {k: p[k] - lr * g[k] for k in p}
        pred = p["w"] * X + p["b"]
        loss = float(np.sum((pred - Y) ** 2) / (2 * len(X)))
        if i % 10 == 0:
            observe(epoch=i, loss=loss, params=p, grads=g, lr=lr, inputs=X, targets=Y, predictions=pred)
            trace["losses"].append(loss)
    return trace


SYMPTOMS = [Symptom(None, "the cost falls below 1e-3 of its first value",
                    lambda t: t["losses"][-1] < 1e-3 * t["losses"][0])]
