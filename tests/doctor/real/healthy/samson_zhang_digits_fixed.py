"""The Samson-Zhang-style 10-10 ReLU/softmax MNIST net with the fixes its asker reported (W @ X layout)."""
import numpy as np

from doctor_corpus import Symptom, digits, one_hot

SOURCE = "https://bot.dharman.net/reports.php?id=1943234"
DIAGNOSIS = ("The asker's own answer, the working version: biases actually updated, weights scaled by "
             "sqrt(1/n), pixels divided by their maximum; about 90% accuracy within 100 iterations.")
CHOICES = ("sklearn's digits / 16 (64 inputs), samples on axis 1 (X of shape (64, m)), W1 randn * sqrt(1/64), "
           "W2 randn * sqrt(1/10), biases 0, alpha 0.5, 150 iterations of full-batch descent; observe gets "
           "loss, params, grads and the (m, 10) probabilities with the integer labels.")


def run(observe, epochs=150, alpha=0.5):
    X, labels = digits(800, seed=3)
    X = (X / 16.0).T
    m = X.shape[1]
    Y = one_hot(labels, 10).T
    rng = np.random.default_rng(0)
    p = {"W1": rng.standard_normal((10, 64)) * np.sqrt(1 / 64), "b1": np.zeros((10, 1)),
         "W2": rng.standard_normal((10, 10)) * np.sqrt(1 / 10), "b2": np.zeros((10, 1))}
    trace = {"losses": []}
    for epoch in range(epochs):
        Z1 = p["W1"] @ X + p["b1"]
        A1 = np.maximum(Z1, 0)
        Z2 = p["W2"] @ A1 + p["b2"]
        e = np.exp(Z2 - Z2.max(axis=0))
        A2 = e / e.sum(axis=0)
        loss = float(-np.mean(np.log(A2[labels, np.arange(m)])))
        dZ2 = A2 - Y
        dZ1 = p["W2"].T @ dZ2 * (Z1 > 0)
        g = {"dW2": dZ2 @ A1.T / m, "db2": dZ2.sum(axis=1, keepdims=True) / m,
             "dW1": dZ1 @ X.T / m, "db1": dZ1.sum(axis=1, keepdims=True) / m}
        for k in p:
            p[k] = p[k] - alpha * g["d" + k]
        observe(epoch=epoch, loss=loss, params=p, grads=g, lr=alpha, predictions=A2.T, targets=labels)
        trace["losses"].append(loss)
    trace["accuracy"] = float(np.mean(np.argmax(A2, axis=0) == labels))
    return trace


SYMPTOMS = [Symptom(None, "training accuracy above 85%", lambda t: t["accuracy"] > 0.85)]
