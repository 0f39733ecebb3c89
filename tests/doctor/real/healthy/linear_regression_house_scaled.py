"""The square-feet regression of the NaN question with scaled features and targets: it converges."""
import numpy as np

from doctor_corpus import Symptom

SOURCE = ("https://stackoverflow.com/questions/48497092/did-not-find-slope-and-intercept-in-multiple-linear-"
          "regression-nan-value-coming")
DIAGNOSIS = "The answer's remedy: bring the numbers to a small scale (normalise), and gradient descent converges."
CHOICES = ("The post's six rows, features standardised and prices in units of $100,000; the post's update with "
           "alpha 0.1; 300 passes; observe gets loss, params, grads, inputs, targets and predictions.")

X = np.array([[2104, 3], [1600, 3], [2400, 3], [1416, 2], [3000, 4], [1985, 4]], dtype=float)
y = np.array([399900, 329900, 369000, 232000, 539900, 299900], dtype=float) / 1e5


def run(observe, epochs=300, alpha=0.1):
    Z = (X - X.mean(0)) / X.std(0)
    p = {"b": np.array(0.0), "m1": np.array(0.0), "m2": np.array(0.0)}
    trace = {"losses": []}
    for epoch in range(epochs):
        h = p["m1"] * Z[:, 0] + p["m2"] * Z[:, 1] + p["b"]
        loss = float(np.mean((y - h) ** 2))
        n = len(y)
        g = {"b": -np.sum(y - h) / n, "m1": -np.sum(Z[:, 0] * (y - h)) / n, "m2": -np.sum(Z[:, 1] * (y - h)) / n}
        for k in p:
            p[k] = p[k] - alpha * g[k]
        observe(epoch=epoch, loss=loss, params=p, grads=g, lr=alpha, inputs=Z, targets=y, predictions=h)
        trace["losses"].append(loss)
    trace["var"] = float(np.var(y))
    return trace


SYMPTOMS = [Symptom(None, "the final MSE is below 30% of the prices' variance",
                    lambda t: t["losses"][-1] < 0.3 * t["var"])]
