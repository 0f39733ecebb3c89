"""A from-scratch iris classifier: standardised features, one sigmoid hidden layer, softmax, one-hot targets."""
import numpy as np

from doctor_corpus import Symptom, sigmoid

SOURCE = "https://www.c-sharpcorner.com/article/building-neural-networks-from-scratch-in-python/"
DIAGNOSIS = ("A working tutorial: iris with one-hot targets (pd.get_dummies), StandardScaler, a feed-forward "
             "net with one hidden layer trained by gradient descent on cross-entropy.")
CHOICES = ("All 150 iris samples (sklearn), standardised; 8 sigmoid hidden units, weights randn * 0.5 from our "
           "seed, biases 0; full-batch descent, lr 0.5, 300 epochs; observe gets loss, params, grads, "
           "predictions and the one-hot targets.")


def run(observe, epochs=300, lr=0.5):
    from sklearn.datasets import load_iris
    data = load_iris()
    X = (data.data - data.data.mean(0)) / data.data.std(0)
    Y = np.eye(3)[data.target]
    rng = np.random.default_rng(0)
    p = {"W1": rng.standard_normal((4, 8)) * 0.5, "b1": np.zeros(8),
         "W2": rng.standard_normal((8, 3)) * 0.5, "b2": np.zeros(3)}
    n = len(X)
    trace = {"losses": []}
    for epoch in range(epochs):
        a1 = sigmoid(X @ p["W1"] + p["b1"])
        z2 = a1 @ p["W2"] + p["b2"]
        e = np.exp(z2 - z2.max(axis=1, keepdims=True))
        out = e / e.sum(axis=1, keepdims=True)
        loss = float(-np.sum(Y * np.log(out)) / n)
        dz2 = (out - Y) / n
        dz1 = dz2 @ p["W2"].T * a1 * (1 - a1)
        g = {"W2": a1.T @ dz2, "b2": dz2.sum(0), "W1": X.T @ dz1, "b1": dz1.sum(0)}
        for k in p:
            p[k] -= lr * g[k]
        observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, predictions=out, targets=Y)
        trace["losses"].append(loss)
    trace["accuracy"] = float(np.mean(np.argmax(out, axis=1) == data.target))
    return trace


SYMPTOMS = [Symptom(None, "training accuracy above 95%", lambda t: t["accuracy"] > 0.95)]
