"""Logistic regression (no intercept, weights uniform(-1/sqrt(n), 1/sqrt(n))) on two iris species with
L2-normalised rows, updating param -= lr * -(y - y_pred) @ X: the gradient is summed over the 67 training
samples, not averaged, so it is 67 times the gradient of the mean cross-entropy the loop reports."""
import numpy as np

from doctor_corpus import Symptom, central_difference, sigmoid

HELD_OUT = True
ROUND = 6
SOURCE = "https://github.com/eriklindernoren/ML-From-Scratch/pull/135"
DIAGNOSIS = ("The pull request: the logistic-regression update is missing the 1/n_samples factor; the correct "
             "binary cross-entropy gradient is (1/n) X.T (y_pred - y). Without it the effective learning rate "
             "scales with the size of the data set, so training behaves differently on every data set size.")
CHOICES = ("The repository's demo: iris without the first species (100 samples), rows normalised to unit L2 norm, "
           "labels 0/1, a 67/33 split (our seed), learning rate 0.1, 4,000 iterations, no intercept column, "
           "weights uniform(-1/sqrt(4), 1/sqrt(4)); the loop reports nothing, so the user observes every 40th "
           "iteration the mean binary cross-entropy on the training set, the weights, the gradient they apply "
           "(-(y - y_pred) @ X), lr, inputs, targets and predictions.")


def data():
    from sklearn.datasets import load_iris
    iris = load_iris()
    keep = iris.target != 0
    X = iris.data[keep]
    X = X / np.linalg.norm(X, axis=1, keepdims=True)
    y = (iris.target[keep] == 2).astype(float)
    order = np.random.default_rng(1).permutation(len(y))[:67]
    return X[order], y[order]


def cross_entropy(y, p):
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def run(observe, iterations=4000, learning_rate=0.1, every=40):
    X, y = data()
    limit = 1 / np.sqrt(X.shape[1])
    param = np.random.default_rng(0).uniform(-limit, limit, X.shape[1])
    trace = {"losses": [], "X": X, "y": y}
    for i in range(iterations):
        y_pred = sigmoid(X @ param)
        grad = -(y - y_pred) @ X
        if i % every == 0:
            loss = cross_entropy(y, y_pred)
            observe(epoch=i, loss=loss, params={"param": param}, grads={"grad_param": grad}, lr=learning_rate,
                    inputs=X, targets=y, predictions=y_pred)
            trace["losses"].append(loss)
            trace["point"] = (param.copy(), grad)
        param = param - learning_rate * grad
    trace["accuracy"] = float(np.mean((sigmoid(X @ param) > 0.5) == (y > 0.5)))
    return trace


def _ratio(t):
    """The applied gradient over central differences of the observed (mean) cross-entropy, per entry."""
    param, grad = t["point"]
    true = central_difference(lambda p: cross_entropy(t["y"], sigmoid(t["X"] @ p["param"])), {"param": param},
                              "param")
    return grad / true


SYMPTOMS = [
    Symptom("gradient-scale", "at the last observation every entry of the applied gradient is 67 (= n) times the "
            "central difference of the mean cross-entropy, within 1%",
            lambda t: bool(np.all(np.abs(_ratio(t) / 67 - 1) < 0.01))),
]
