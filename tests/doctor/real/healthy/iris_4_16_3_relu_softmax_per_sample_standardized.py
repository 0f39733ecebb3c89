"""A notebook's from-scratch iris classifier: standardised features, a 4-16-3 network (ReLU hidden layer, softmax
output, cross-entropy on integer labels), N(0, 1) weights and biases, trained one sample at a time in a shuffled
order with lr 0.01. The mean loss of an epoch falls from about 1 to about 0.1 within a few epochs."""
import numpy as np

from doctor_corpus import Symptom

HELD_OUT = True
ROUND = 12
SOURCE = "https://github.com/noachr/notebooks"
DIAGNOSIS = ("A working notebook (no bug reported): the softmax-plus-cross-entropy gradient is p - onehot, passed "
             "back through the ReLU mask, one sample per update; its printed epoch losses fall from 1.05 to about "
             "0.10 in ten epochs.")
CHOICES = ("scikit-learn's iris data standardised per feature, the notebook's sizes (4-16-3), N(0, 1) weights and "
           "biases (our generator, seed 0), lr 0.01, a fresh permutation each epoch, 30 epochs; observe() once per "
           "epoch after the epoch's updates with the mean of the per-sample losses, the parameters, lr, and the whole "
           "data set's inputs, integer labels and softmax outputs at the end of the epoch (no gradients: they change "
           "with every sample).")


def data():
    from sklearn.datasets import load_iris
    X, y = load_iris(return_X_y=True)
    return (X - X.mean(axis=0)) / X.std(axis=0), y


def probabilities(x, w1, b1, w2, b2):
    scores = np.maximum(x @ w1 + b1, 0.0) @ w2 + b2
    e = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def run(observe, epochs=30, lr=0.01):
    X, labels = data()
    rng = np.random.default_rng(0)
    w1, b1 = rng.standard_normal((4, 16)), rng.standard_normal(16)
    w2, b2 = rng.standard_normal((16, 3)), rng.standard_normal(3)
    trace = {"losses": [], "accuracies": []}
    for epoch in range(epochs):
        sample_losses = []
        for i in rng.permutation(len(X)):
            x = X[i:i + 1]
            hidden_in = x @ w1 + b1
            hidden = np.maximum(hidden_in, 0.0)
            p = probabilities(x, w1, b1, w2, b2)
            sample_losses.append(float(-np.log(p[0, labels[i]])))
            d_scores = p.copy()
            d_scores[0, labels[i]] -= 1.0
            d_hidden = (d_scores @ w2.T) * (hidden_in > 0)
            w2 -= lr * hidden.T @ d_scores
            b2 -= lr * d_scores[0]
            w1 -= lr * x.T @ d_hidden
            b1 -= lr * d_hidden[0]
        loss = float(np.mean(sample_losses))
        out = probabilities(X, w1, b1, w2, b2)
        observe(epoch=epoch, loss=loss, params={"w1": w1, "b1": b1, "w2": w2, "b2": b2}, lr=lr, inputs=X,
                targets=labels, predictions=out)
        trace["losses"].append(loss)
        trace["accuracies"].append(float(np.mean(out.argmax(axis=1) == labels)))
    return trace


SYMPTOMS = [
    Symptom(None, "the epoch loss falls below 0.2 of its first value and the last training accuracy is at least 95%",
            lambda t: t["losses"][-1] < 0.2 * t["losses"][0] and t["accuracies"][-1] >= 0.95),
]
