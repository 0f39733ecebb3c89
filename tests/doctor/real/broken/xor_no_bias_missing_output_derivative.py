"""XOR on a 2-2-1 sigmoid net without biases whose output-weight gradient lacks the sigmoid slope."""
import numpy as np

from doctor_corpus import Symptom, flat, gradient_error, gradients_vanish, sigmoid

SOURCE = "https://stackoverflow.com/questions/59399842/xor-gate-with-backpropagation"
DIAGNOSIS = ("(No answer in the copy of the thread we could read; our reading of the posted code.) The "
             "hand-written output-weight gradients deW1 = (y0 - y) * h leave out the output sigmoid's derivative "
             "y0 (1 - y0) that the hidden-weight formulas include, and with no biases the pattern (0, 0) always "
             "gives hidden outputs 0.5: the trained net does not compute XOR.")
CHOICES = ("The post's start w0 = [[.9, .1], [.3, .5]], w1 = [.8, .7], X in the post's order; per-sample updates "
           "w - lr * dw with lr 0.5 (the post's self.gradient is not shown); the error is the mean squared "
           "error over the 4 patterns; 400 epochs; observe gets the loss, params and the last sample's grads.")

X = np.array([[1, 1], [1, 0], [0, 1], [0, 0]], dtype=float)
Y = np.array([0, 1, 1, 0], dtype=float)


def outputs(p):
    h = sigmoid(X @ p["w0"])
    return sigmoid(h @ p["w1"])


def loss_of(p):
    return float(np.mean((outputs(p) - Y) ** 2))


def sample_grads(p, i):
    """The post's formulas for sample i (w0[j, k]: input j -> hidden k)."""
    x = X[i]
    h = sigmoid(x @ p["w0"])
    y0 = sigmoid(h @ p["w1"])
    dey0 = -(Y[i] - y0)
    dw0 = np.outer(x, dey0 * y0 * (1 - y0) * p["w1"] * h * (1 - h))
    dw1 = dey0 * h                                          # no y0 (1 - y0): the bug
    return {"w0": dw0, "w1": dw1}


def run(observe, epochs=400, lr=0.5):
    p = {"w0": np.array([[.9, .1], [.3, .5]]), "w1": np.array([.8, .7])}
    trace = {"losses": []}
    for epoch in range(epochs):
        for i in range(4):
            g = sample_grads(p, i)
            for k in p:
                p[k] = p[k] - lr * g[k]
        loss = loss_of(p)
        observe(epoch=epoch, loss=loss, params=p, grads={"d" + k: v for k, v in g.items()}, lr=lr)
        trace["losses"].append(loss)
    # the check point: the whole-batch version of the post's formulas (mean over the 4 samples)
    point = {k: v.copy() for k, v in p.items()}
    per_sample = [sample_grads(point, i) for i in range(4)]
    trace["point"] = (point, {k: 2 * np.mean([s[k] for s in per_sample], axis=0) for k in point})
    trace["out"] = outputs(p)
    trace["last"] = ({k: np.atleast_2d(v) for k, v in p.items()}, {k: np.atleast_2d(v) for k, v in g.items()})
    return trace


SYMPTOMS = [
    Symptom("gradient-mismatch", "the batch mean of the post's dw1 formula differs from central differences "
            "of the mean squared error by > 10% at the end",
            lambda t: gradient_error(loss_of, *t["point"], "w1") > 0.1),
    Symptom("loss-plateau", "the loss moves < 5% over the second half and stays above 0.2 (XOR unsolved)",
            lambda t: flat(t["losses"]) and t["losses"][-1] > 0.2),
    Symptom("vanishing-gradients", "at the last step one weight matrix's ||dW|| / ||W|| is < 1e-3 of another's "
            "(or every one < 1e-8)", gradients_vanish),
]
