"""A small network trained by full-batch gradient descent with binary cross-entropy on a medical data set
(breast tumours, 30 measurements, malignant or benign), the inputs standardised with the training split's
statistics and the result judged on held-out patients: a course lesson's from-scratch NumPy network whose
training loss falls epoch after epoch while the validation loss follows it."""
import numpy as np

from doctor_corpus import Symptom, sigmoid

HELD_OUT = True
ROUND = 10
SOURCE = ("https://datatweets.com/courses/machine-learning/deep-learning-foundations/"
          "lesson-3-gradient-descent-for-neural-networks/")
DIAGNOSIS = ("A working lesson: a network learns its weights by minimising a loss (binary cross-entropy for "
             "classification) with gradient descent, stepping against the gradient with a learning rate that is "
             "neither too small nor too large; trained with full-batch gradient descent on a real medical data set, "
             "its error falls epoch after epoch and it is evaluated on unseen data.")
CHOICES = ("The lesson's method (NumPy, full-batch gradient descent, binary cross-entropy, a held-out split); "
           "scikit-learn's breast-cancer data as the medical data set, split 80/20 (our generator, seed 9), "
           "standardised with the training split's mean and std; one hidden layer of 8 tanh units and a sigmoid "
           "output, N(0, 1) * sqrt(1 / fan_in) weights, zero biases, lr 0.5, 300 epochs; observe() every 5 epochs "
           "before the update with the training loss, the validation loss (val_loss), the parameters, gradients "
           "dW1 ..., lr, the training inputs, targets and predictions, and the activation kinds.")


def run(observe, epochs=300, lr=0.5, every=5):
    from sklearn.datasets import load_breast_cancer
    X, y = load_breast_cancer(return_X_y=True)
    y = y.reshape(-1, 1).astype(float)
    idx = np.random.default_rng(9).permutation(len(y))
    train, test = idx[:455], idx[455:]
    mean, std = X[train].mean(axis=0), X[train].std(axis=0)
    X_train, X_test = (X[train] - mean) / std, (X[test] - mean) / std
    y_train, y_test = y[train], y[test]
    rng = np.random.default_rng(9)
    W1, b1 = rng.standard_normal((30, 8)) * np.sqrt(1 / 30), np.zeros((1, 8))
    W2, b2 = rng.standard_normal((8, 1)) * np.sqrt(1 / 8), np.zeros((1, 1))

    def forward(A):
        hidden = np.tanh(A @ W1 + b1)
        return hidden, sigmoid(hidden @ W2 + b2)

    def bce(p, t):
        return float(-np.mean(t * np.log(p) + (1 - t) * np.log(1 - p)))

    trace = {"losses": [], "val_losses": []}
    for epoch in range(epochs):
        hidden, p = forward(X_train)
        dz2 = (p - y_train) / len(y_train)
        dz1 = (dz2 @ W2.T) * (1 - hidden ** 2)
        grads = {"dW1": X_train.T @ dz1, "db1": dz1.sum(axis=0, keepdims=True), "dW2": hidden.T @ dz2,
                 "db2": dz2.sum(axis=0, keepdims=True)}
        if epoch % every == 0:
            loss, val_loss = bce(p, y_train), bce(forward(X_test)[1], y_test)
            observe(epoch=epoch, loss=loss, val_loss=val_loss, params={"W1": W1, "b1": b1, "W2": W2, "b2": b2},
                    grads=grads, lr=lr, inputs=X_train, targets=y_train, predictions=p,
                    activation_kinds={"hidden": "tanh", "output": "sigmoid"})
            trace["losses"].append(loss)
            trace["val_losses"].append(val_loss)
        W1 -= lr * grads["dW1"]
        b1 -= lr * grads["db1"]
        W2 -= lr * grads["dW2"]
        b2 -= lr * grads["db2"]
    trace["test_accuracy"] = float(np.mean((forward(X_test)[1] > 0.5) == (y_test > 0.5)))
    return trace


SYMPTOMS = [
    Symptom(None, "the training loss falls below 0.15 of its first value, the validation loss below 0.3 of its first, "
            "and the held-out accuracy is above 95%", lambda t: t["losses"][-1] < 0.15 * t["losses"][0]
            and t["val_losses"][-1] < 0.3 * t["val_losses"][0] and t["test_accuracy"] > 0.95),
]
