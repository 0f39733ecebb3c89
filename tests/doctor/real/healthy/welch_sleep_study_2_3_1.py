"""The 2-3-1 sigmoid network that predicts a test score from hours of sleep and study, by gradient descent."""
import numpy as np

from doctor_corpus import Symptom, sigmoid

HELD_OUT = True
ROUND = 2
SOURCE = "https://bogotobogo.com/python/scikit-learn/Artificial-Neural-Network-ANN-5-Checking-Gradient.php"
DIAGNOSIS = ("A working tutorial series: inputs divided by their maximum, scores by 100, sigmoid hidden and "
             "output layers, cost 0.5 * sum((y - yHat)^2), gradients checked numerically and found right.")
CHOICES = ("Three samples of our own of the tutorial's kind (hours of sleep and study, scores 75-93), W1 (2, 3) "
           "and W2 (3, 1) from randn, no biases as in the tutorial; plain gradient descent with lr 5 for 3,000 "
           "steps instead of the tutorial's BFGS; observe every 30th step with loss, params, grads, lr, inputs, "
           "targets and predictions.")

X = np.array([[3.0, 5.0], [5.0, 1.0], [10.0, 2.0]]) / np.array([10.0, 5.0])
Y = np.array([[75.0], [82.0], [93.0]]) / 100


def run(observe, steps=3000, lr=5.0):
    rng = np.random.default_rng(0)
    p = {"W1": rng.standard_normal((2, 3)), "W2": rng.standard_normal((3, 1))}
    trace = {"losses": []}
    for step in range(steps):
        a2 = sigmoid(X @ p["W1"])
        y_hat = sigmoid(a2 @ p["W2"])
        loss = float(0.5 * np.sum((Y - y_hat) ** 2))
        delta3 = -(Y - y_hat) * y_hat * (1 - y_hat)
        delta2 = (delta3 @ p["W2"].T) * a2 * (1 - a2)
        g = {"W1": X.T @ delta2, "W2": a2.T @ delta3}
        if step % 30 == 0:
            observe(epoch=step, loss=loss, params=p, grads=g, lr=lr, inputs=X, targets=Y, predictions=y_hat)
            trace["losses"].append(loss)
        p = {k: p[k] - lr * g[k] for k in p}
    trace["out"] = y_hat
    return trace


SYMPTOMS = [Symptom(None, "every predicted score within 2 points of its target",
                    lambda t: np.all(np.abs(t["out"] - Y) < 0.02))]
