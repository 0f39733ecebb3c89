"""A softmax classifier (one weight matrix W of shape (4, 3), a bias vector) on the four raw iris measurements,
trained by stochastic gradient descent with a batch size of 1: the per-sample gradient of the cross-entropy
x.T (p - y), one-hot labels, 75% of the flowers for training."""
import numpy as np

from doctor_corpus import Symptom, one_hot, softmax_rows

HELD_OUT = True
ROUND = 6
SOURCE = "https://github.com/Kaizen256/ML-Projects"
DIAGNOSIS = ("A working notebook: one-hot labels, a stable softmax, the cross-entropy gradient x.T (p - y) per "
             "sample and a small learning rate; the raw iris features (0.1 to 7.9) are on a unit-ish scale, so no "
             "normalisation is needed, and the training accuracy reaches the 95% range.")
CHOICES = ("The notebook's data and shapes: load_iris, one-hot targets, a 75/25 split (our seed, 112 training "
           "flowers), W (4, 3) = randn * 0.01, b zeros(3), batch size 1 in a shuffled order; learning rate 0.01 and"
           " 100 epochs (the notebook's values are not in our copy); observe once per epoch with the mean "
           "cross-entropy over the training set, W and b, the last sample's gradients dW and db, lr, and the "
           "training inputs, one-hot targets and probabilities.")


def data():
    from sklearn.datasets import load_iris
    iris = load_iris()
    order = np.random.default_rng(62).permutation(150)[:112]
    return iris["data"][order], iris["target"][order]


def run(observe, epochs=100, lr=0.01):
    X, labels = data()
    Y = one_hot(labels, 3)
    rng = np.random.default_rng(0)
    W, b = rng.standard_normal((4, 3)) * 0.01, np.zeros(3)
    trace = {"losses": []}
    for epoch in range(epochs):
        for i in rng.permutation(len(X)):
            x, y = X[i:i + 1], Y[i:i + 1]
            p = softmax_rows(x @ W + b)
            dW, db = x.T @ (p - y), (p - y)[0]
            W, b = W - lr * dW, b - lr * db
        probs = softmax_rows(X @ W + b)
        loss = float(-np.mean(np.sum(Y * np.log(probs), axis=1)))
        observe(epoch=epoch, loss=loss, params={"W": W, "b": b}, grads={"dW": dW, "db": db}, lr=lr, inputs=X,
                targets=Y, predictions=probs)
        trace["losses"].append(loss)
    trace["accuracy"] = float(np.mean(probs.argmax(axis=1) == labels))
    return trace


SYMPTOMS = [Symptom(None, "the cross-entropy falls below a third of its first value (about 1.1) and at least 93% "
                    "of the training flowers are right", lambda t: t["losses"][-1] < t["losses"][0] / 3
                    and t["accuracy"] >= 0.93)]
