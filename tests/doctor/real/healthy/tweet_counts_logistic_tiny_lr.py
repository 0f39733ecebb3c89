"""Logistic regression on [1, positive-word count, negative-word count] features in the hundreds to thousands,
theta = 0, alpha 1e-9, 1,500 iterations: the course's sentiment lab, which learns despite the raw counts."""
import numpy as np

from doctor_corpus import Symptom, sigmoid

HELD_OUT = True
ROUND = 3
SOURCE = "https://github.com/Phamlong2675/Machine-learning-"
DIAGNOSIS = ("A working gradientDescent(X, Y, theta, alpha, num_iters): z = X theta, h = sigmoid(z), gradient "
             "X^T (h - Y) / m, theta -= alpha gradient, J the mean cross-entropy; its notes only add guards (an "
             "epsilon in the logs, a stop on a tiny gradient).")
CHOICES = ("Features of the lab's kind (the sentiment course it follows): a bias column of ones and two word-"
           "frequency sums, positive tweets ~ (3000, 300) and negative ~ (300, 3000) with spread, 1,000 of each "
           "(ours, drawn); theta = zeros(3, 1), alpha 1e-9 and 1,500 iterations as in that lab; observe every 10th "
           "iteration with loss, params, grads, lr, inputs, targets and predictions.")


def data(n=1000):
    rng = np.random.default_rng(2)
    pos = np.column_stack([rng.gamma(6, 500, n), rng.gamma(3, 100, n)])
    neg = np.column_stack([rng.gamma(3, 100, n), rng.gamma(6, 500, n)])
    X = np.column_stack([np.ones(2 * n), np.vstack([pos, neg])])
    return X, np.concatenate([np.ones(n), np.zeros(n)]).reshape(-1, 1)


def run(observe, iterations=1500, alpha=1e-9):
    X, Y = data()
    theta = np.zeros((3, 1))
    trace = {"losses": []}
    for i in range(iterations):
        h = sigmoid(X @ theta)
        J = float(-np.mean(Y * np.log(h) + (1 - Y) * np.log(1 - h)))
        grad = X.T @ (h - Y) / len(X)
        theta = theta - alpha * grad
        if i % 10 == 0:
            observe(epoch=i, loss=J, params={"theta": theta}, grads={"dtheta": grad}, lr=alpha, inputs=X,
                    targets=Y, predictions=h)
        trace["losses"].append(J)
    trace["accuracy"] = float(np.mean((sigmoid(X @ theta) > 0.5) == (Y > 0.5)))
    return trace


SYMPTOMS = [Symptom(None, "the cost falls below half of log 2 and 95% of the samples are classified right",
                    lambda t: t["losses"][-1] < 0.5 * np.log(2) and t["accuracy"] > 0.95)]
