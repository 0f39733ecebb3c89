"""A question titled 'simple neural network cannot learn on MNIST: a weight initialisation problem?': 784-h-h-10 with
two sigmoid hidden layers and a softmax output, one image per update, weights np.random.rand(...) * sqrt(1 / fan_in).
rand draws from [0, 1), so every weight is positive: every unit of the second hidden layer adds up about a hundred
positive terms and sits near 0.97 for every image, the ten scores are the same for every image, and the network
predicts one fixed distribution whatever the digit (chance accuracy); the poster sees a cost that does not change
and blames vanishing sigmoids, dying ReLUs and the random seed."""
import numpy as np

from doctor_corpus import Symptom, constant_rows, digits, flat, one_hot, sigmoid, softmax_rows

HELD_OUT = True
ROUND = 12
SOURCE = "https://mlog.club/article/5559512"
DIAGNOSIS = ("(A copy of a Stack Overflow question; the copy we could read shows no answer; our reading of the "
             "posted code.) np.random.rand is uniform on [0, 1), not zero-centred like randn: with only positive "
             "weights and non-negative inputs the hidden units all respond alike, so the output does not depend on "
             "the input and the cost cannot fall. Zero-mean weights (randn * sqrt(1 / fan_in)) break this.")
CHOICES = ("scikit-learn's 8x8 digits (200 samples, pixels / 16) instead of MNIST, so 64 inputs; hidden layers of "
           "100 units (not given), weights rand * sqrt(1 / fan_in) as posted, zero biases (our generator, seed 0), "
           "softmax cross-entropy with the error a3 - y, Lambda 0 (the posted weight-decay term left out so that "
           "the logged loss is the one differentiated), lr 0.01 (not given), 10 epochs in data order; observe() "
           "once per epoch after its updates with the mean cross-entropy of the whole set, the parameters, lr, the "
           "inputs, one-hot targets and softmax outputs of the whole set (no gradients: they change with every "
           "image).")


def outputs(p, X):
    a1 = sigmoid(X @ p["W1"] + p["b1"])
    a2 = sigmoid(a1 @ p["W2"] + p["b2"])
    return a2, softmax_rows(a2 @ p["W3"] + p["b3"])


def run(observe, epochs=10, lr=0.01, hidden=100):
    X, labels = digits(200, seed=2)
    X, Y = X / 16.0, one_hot(labels, 10)
    rng = np.random.default_rng(0)
    p = {"W1": rng.random((64, hidden)) * np.sqrt(1 / 64), "b1": np.zeros(hidden),
         "W2": rng.random((hidden, hidden)) * np.sqrt(1 / hidden), "b2": np.zeros(hidden),
         "W3": rng.random((hidden, 10)) * np.sqrt(1 / hidden), "b3": np.zeros(10)}
    trace = {"losses": [], "accuracies": []}
    for epoch in range(epochs):
        for x, y in zip(X, Y):
            a1 = sigmoid(x @ p["W1"] + p["b1"])
            a2 = sigmoid(a1 @ p["W2"] + p["b2"])
            scores = a2 @ p["W3"] + p["b3"]
            e = np.exp(scores - scores.max())
            error3 = e / e.sum() - y
            error2 = a2 * (1 - a2) * (p["W3"] @ error3)
            error1 = a1 * (1 - a1) * (p["W2"] @ error2)
            for k, step in (("W3", np.outer(a2, error3)), ("b3", error3), ("W2", np.outer(a1, error2)),
                            ("b2", error2), ("W1", np.outer(x, error1)), ("b1", error1)):
                p[k] -= lr * step
        hidden2, probs = outputs(p, X)
        loss = float(-np.mean(np.sum(Y * np.log(probs), axis=1)))
        observe(epoch=epoch, loss=loss, params=p, lr=lr, inputs=X, targets=Y, predictions=probs)
        trace["losses"].append(loss)
        trace["accuracies"].append(float(np.mean(probs.argmax(axis=1) == labels)))
        trace["out"], trace["hidden2"] = probs, hidden2
    return trace


SYMPTOMS = [
    Symptom("constant-output", "at the last observation every softmax output is within 0.005 of its mean over the "
            "200 images (one distribution for every digit)", lambda t: constant_rows(t["out"], tol=0.005)),
    Symptom("loss-plateau", "over the second half of the run the loss moves by less than 1%, stays above log(10) = "
            "2.30 (no better than a uniform guess) and the accuracy stays below 20%",
            lambda t: flat(t["losses"], since=0.5, rel=0.01) and min(t["losses"]) > np.log(10)
            and max(t["accuracies"]) < 0.2),
]
