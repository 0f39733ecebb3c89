"""A 2-2-1 sigmoid net (no biases) whose hidden delta multiplies the output error, not the hidden error."""
import numpy as np

from doctor_corpus import Symptom, gradient_error, sigmoid

SOURCE = ("https://whosebug.com/question/2948401/Backpropagation-Why-doesn-t-error-approach-zero-when-it-is-"
          "multiplied-by-deriv-of-sigmoid")
DIAGNOSIS = ("The hidden delta is error * sigmoid'(hidden) where it should be hidden_error * sigmoid'(hidden) with"
             " hidden_error = W1.T @ delta: the hidden gradient skips the output weights and the output slope, so "
             "the error does not approach 0; the answer writes delta_hidden = hidden_error * sigmoid(hidden, "
             "True).")
CHOICES = ("The post's data, seed 1 and init 2 * rand - 1, lr 0.1, per-sample updates w += lr * delta x "
           "(ascent on y - output); 200 epochs of the 4 samples (the post runs 6,000); the loss is the mean "
           "squared error of the 4 samples; observe gets loss, params and the last sample's 'gradients' as the "
           "loop adds them (with the sign of y - output, as such a loop has them).")

X = np.array([[0, 1], [0, 1], [1, 0], [1, 0]], dtype=float)
Y = np.array([[0, 0, 1, 1]], dtype=float).T


def outputs(p):
    return sigmoid(p["w_1"] @ sigmoid(p["w_0"] @ X.T)).T


def loss_of(p):
    return float(np.mean((Y - outputs(p)) ** 2))


def sample_steps(p, j):
    x = X[j].reshape(2, 1)
    hidden = sigmoid(p["w_0"] @ x)
    output = sigmoid(p["w_1"] @ hidden)
    error = Y[j].reshape(1, 1) - output
    delta = error * output * (1 - output)
    delta_hidden = error * hidden * (1 - hidden)        # the bug: error, not w_1.T @ delta
    return {"w_1": delta @ hidden.T, "w_0": delta_hidden @ x.T}


def run(observe, epochs=200, lr=0.1):
    np.random.seed(1)
    p = {"w_0": 2 * np.random.rand(2, 2) - 1, "w_1": 2 * np.random.rand(1, 2) - 1}
    trace = {"losses": []}
    for epoch in range(epochs):
        for j in range(4):
            step = sample_steps(p, j)
            for k in p:
                p[k] += lr * step[k]
        loss = loss_of(p)
        observe(epoch=epoch, loss=loss, params=p, grads=step, lr=lr)
        trace["losses"].append(loss)
    point = {k: v.copy() for k, v in p.items()}
    steps = [sample_steps(point, j) for j in range(4)]
    # the batch gradient the loop's formulas stand for: -2 * mean of the per-sample ascent steps
    trace["point"] = (point, {k: -2 * np.mean([s[k] for s in steps], axis=0) for k in point})
    return trace


SYMPTOMS = [
    Symptom("gradient-mismatch", "the loop's w_0 direction differs from central differences of the loss by > 10%",
            lambda t: gradient_error(loss_of, *t["point"], "w_0") > 0.1),
]
