"""Simple linear regression on raw ages 19-70 with lr 0.0005: slope and intercept flip sign and blow up."""
import numpy as np

from doctor_corpus import EXPLODING_GRADIENTS, LOSS_EXPLODES, Symptom, grad_norm

HELD_OUT = True
SOURCE = ("https://stats.stackexchange.com/questions/432707/alternating-negative-and-positive-value-of-slope-and-"
          "y-intercept-in-gradient-des")
DIAGNOSIS = ("Gradient descent is badly conditioned on raw x in the tens: the step overshoots, the slope "
             "alternates in sign with growing size, the cost reaches 1e74 and then inf/NaN. Centre and scale x "
             "(and y) by their mean and standard deviation, or use a much smaller learning rate.")
CHOICES = ("Twenty ages drawn uniformly from 19-70 and targets 100 + 0.65 x + N(0, 3) (the post's data are of "
           "this kind and size; we draw our own), m = b = 0, lr 0.0005 as posted, cost = mean squared error, "
           "1,000 iterations as posted, observe once per iteration with loss, params, grads, lr, inputs, "
           "targets and predictions.")


def data():
    rng = np.random.default_rng(5)
    x = rng.uniform(19, 70, 20).round()
    return x, 100 + 0.65 * x + rng.normal(0, 3, 20)


def run(observe, iterations=1000, lr=0.0005):
    x, y = data()
    p = {"m": np.array(0.0), "b": np.array(0.0)}
    trace = {"losses": [], "grad_norms": [], "slopes": []}
    for i in range(iterations):
        pred = p["m"] * x + p["b"]
        loss = float(np.mean((y - pred) ** 2))
        g = {"m": -2 * np.mean(x * (y - pred)), "b": -2 * np.mean(y - pred)}
        p = {k: p[k] - lr * g[k] for k in p}
        observe(epoch=i, loss=loss, params=p, grads=g, lr=lr, inputs=x, targets=y, predictions=pred)
        trace["losses"].append(loss)
        trace["grad_norms"].append(grad_norm(g))
        trace["slopes"].append(float(p["m"]))
    return trace


def _learns_with(lr, iterations=200):
    losses = run(lambda **record: None, iterations, lr)["losses"]
    return losses[-1] < 0.1 * losses[0]


SYMPTOMS = [
    LOSS_EXPLODES,
    EXPLODING_GRADIENTS,
    Symptom("lr-too-high", "the same loop with lr 0.0001 brings the cost below 10% of its first value",
            lambda t: _learns_with(0.0001)),
    Symptom("unscaled-inputs", "the inputs reach 70 (>= 20)", lambda t: data()[0].max() >= 20),
]
