"""A course-project XOR network: 2-4-1 sigmoid, MSE, full-batch gradient descent with lr 0.1."""
import numpy as np

from doctor_corpus import Symptom, sigmoid

SOURCE = "https://github.com/electricalengineersiitk/Winter-projects-25-26"
DIAGNOSIS = ("A working notebook: W ~ randn, zero biases, np.random.seed(42), lr 0.1, 10,000 epochs; the loss "
             "falls from 0.2832 through 0.0572 (epoch 4,000) to about 0.01 (epoch 6,000).")
CHOICES = ("Same layout (samples on axis 0, X @ W1), sizes, seed, init and lr; 6,000 of its 10,000 epochs, "
           "observed every 30th (200 observations) with loss, params, grads, hidden activations with kind, "
           "predictions and targets. Its update uses (y_hat - y) without the 2/m of the mean it prints, as "
           "the notebook does.")

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
y = np.array([[0], [1], [1], [0]], dtype=float)


def run(observe, epochs=6000, lr=0.1):
    np.random.seed(42)
    p = {"W1": np.random.randn(2, 4), "b1": np.zeros((1, 4)), "W2": np.random.randn(4, 1), "b2": np.zeros((1, 1))}
    trace = {"losses": []}
    for epoch in range(epochs):
        a1 = sigmoid(X @ p["W1"] + p["b1"])
        y_hat = sigmoid(a1 @ p["W2"] + p["b2"])
        loss = float(np.mean((y - y_hat) ** 2))
        dz2 = (y_hat - y) * y_hat * (1 - y_hat)
        dz1 = dz2 @ p["W2"].T * a1 * (1 - a1)
        g = {"W2": a1.T @ dz2, "b2": dz2.sum(axis=0, keepdims=True), "W1": X.T @ dz1,
             "b1": dz1.sum(axis=0, keepdims=True)}
        for k in p:
            p[k] -= lr * g[k]
        if epoch % 30 == 0:
            observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, activations={"hidden": a1},
                    activation_kinds={"hidden": "sigmoid"}, predictions=y_hat, targets=y)
            trace["losses"].append(loss)
    trace["out"] = y_hat
    return trace


SYMPTOMS = [Symptom(None, "the first loss is the notebook's 0.2832 and the loss falls below 0.02",
                    lambda t: round(t["losses"][0], 4) == 0.2832 and t["losses"][-1] < 0.02)]
