"""A question on fitting one period of a sine with a 1-100-1 network (tanh hidden layer, linear output, biases
everywhere) by plain gradient descent at lr 0.2. The poster had checked the backward pass against central
differences (it is right), yet the gradient grows at every epoch and the weights explode, and lowering the
learning rate 'did not change' it. With the squared error summed over the samples (not averaged), the curvature
grows with the number of samples: lr 0.2 and even lr 0.02 overshoot, the loss reaches 1e100 and then NaN; only a
far smaller rate (0.002 here) is stable."""
import numpy as np

from doctor_corpus import EXPLODING_GRADIENTS, Symptom, first_non_finite

HELD_OUT = True
ROUND = 12
SOURCE = ("https://web-offline.shuffle-on.com/content/stats.stackexchange.com_en_all_2024-10/questions/76329/"
          "neural-network-weights-explode-in-linear-unit")
DIAGNOSIS = ("(A copy of a Cross Validated question; its comment:) the system is stable once the learning rate is "
             "small enough, and as the rate goes to zero it becomes completely stable. The gradients are right; the "
             "step is too large for this loss, whose size (and curvature) is a sum over the samples.")
CHOICES = ("The posted code (a pastebin) is not in the copy: 50 points x evenly spaced on [0, 2 pi] (unscaled) with "
           "targets sin(x); the post's 100 tanh units, linear output and lr 0.2; weights N(0, 1) * 0.1 and zero "
           "biases (our generator, seed 0); the loss 1/2 sum((y - t)^2) over the 50 points and its exact gradient "
           "(which would pass the poster's central-difference check); 60 epochs; observe() every epoch before the "
           "update with that loss, W1, b1, W2, b2, dW1 ... db2, lr, inputs, targets and predictions.")


def run(observe, lr=0.2, epochs=60):
    x = np.linspace(0, 2 * np.pi, 50).reshape(-1, 1)
    t = np.sin(x)
    rng = np.random.default_rng(0)
    p = {"W1": rng.standard_normal((1, 100)) * 0.1, "b1": np.zeros(100),
         "W2": rng.standard_normal((100, 1)) * 0.1, "b2": np.zeros(1)}
    trace = {"losses": [], "grad_norms": [], "step_ratios": []}
    with np.errstate(all="ignore"):
        for epoch in range(epochs):
            a = np.tanh(x @ p["W1"] + p["b1"])
            y = a @ p["W2"] + p["b2"]
            e = y - t
            loss = float(0.5 * np.sum(e ** 2))
            da = (e @ p["W2"].T) * (1 - a ** 2)
            g = {"dW1": x.T @ da, "db1": da.sum(axis=0), "dW2": a.T @ e, "db2": e.sum(axis=0)}
            observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, inputs=x, targets=t, predictions=y)
            trace["losses"].append(loss)
            trace["grad_norms"].append(float(np.sqrt(sum(np.sum(v ** 2) for v in g.values()))))
            trace["step_ratios"].append(max(float(lr * np.linalg.norm(g["d" + k]) / np.linalg.norm(p[k]))
                                            for k in ("W1", "W2")))
            for k in p:
                p[k] = p[k] - lr * g["d" + k]
    return trace


SYMPTOMS = [
    EXPLODING_GRADIENTS,
    Symptom("lr-too-high", "the first step lr * ||dW|| is more than 10x ||W|| for W1 or W2",
            lambda t: t["step_ratios"][0] > 10),
    Symptom("loss-diverging", "the loss rises above 1000x its first value and is NaN/inf at the end",
            lambda t: max(v for v in t["losses"] if np.isfinite(v)) > 1000 * t["losses"][0]
            and not np.isfinite(t["losses"][-1])),
    Symptom("non-finite", "from some epoch on every observed loss is NaN/inf",
            lambda t: first_non_finite(t["losses"]) is not None
            and not any(np.isfinite(t["losses"][first_non_finite(t["losses"]):]))),
]
