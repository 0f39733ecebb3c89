"""A 1-1-1 sigmoid chain for odd/even whose weight gradients multiply by the weight instead of the input."""
import numpy as np

from doctor_corpus import Symptom, central_difference, flat, sigmoid

HELD_OUT = True
SOURCE = ("https://stats.stackexchange.com/questions/464262/backpropagation-demo-gives-always-the-same-result-"
          "after-training")
DIAGNOSIS = ("(Our reading of the posted code.) Each weight's delta is error * sigmoid'(output) * the weight "
             "itself, where the chain rule has the layer's input (h for w2, x for w1); every prediction ends "
             "the same. One neuron per layer cannot tell odd from even either: the output is monotone in x.")
CHOICES = ("x = 1..9 divided by 9, target 1 for even, squared error, w1, w2 uniform(-1, 1) from seed 0, "
           "biases 0, lr 0.1 as posted; one random sample per step as posted, 9 steps an epoch, 300 epochs; "
           "observe once per epoch with the epoch's mean squared error over all nine, params, the last step's "
           "grads, predictions and targets.")

X = np.arange(1, 10) / 9.0
Y = (np.arange(1, 10) % 2 == 0).astype(float)


def forward(p, x):
    h = sigmoid(x * p["w1"] + p["b1"])
    return h, sigmoid(h * p["w2"] + p["b2"])


def cost(p):
    return float(np.mean((forward(p, X)[1] - Y) ** 2))


def loop_gradients(p, x, y):
    h, out = forward(p, x)
    gy = 2 * (out - y) * out * (1 - out)
    gh = gy * p["w2"] * h * (1 - h)
    return {"w2": gy * p["w2"], "b2": gy, "w1": gh * p["w1"], "b1": gh}   # the bug: * w where * h and * x belong


def run(observe, epochs=300, lr=0.1):
    rng = np.random.default_rng(0)
    p = {"w1": np.array(rng.uniform(-1, 1)), "w2": np.array(rng.uniform(-1, 1)), "b1": np.array(0.0),
         "b2": np.array(0.0)}
    trace = {"losses": []}
    for epoch in range(epochs):
        for _ in range(9):
            i = rng.integers(9)
            g = loop_gradients(p, X[i], Y[i])
            p = {k: p[k] - lr * g[k] for k in p}
        observe(epoch=epoch, loss=cost(p), params=p, grads=g, predictions=forward(p, X)[1], targets=Y)
        trace["losses"].append(cost(p))
    trace["p"] = p
    trace["out"] = forward(p, X)[1]
    return trace


def _batch_error(p, name):
    """The loop's formula averaged over the nine samples against central differences of the mean cost."""
    g = np.mean([loop_gradients(p, x, y)[name] for x, y in zip(X, Y)])
    true = central_difference(cost, p, name)
    return float(abs(g - true) / max(abs(g), abs(true), 1e-300))


SYMPTOMS = [
    Symptom("gradient-mismatch", "at the end the loop's dw1 averaged over all samples differs from central "
            "differences of the mean squared error by > 10%", lambda t: _batch_error(t["p"], "w1") > 0.1),
    Symptom("constant-output", "the nine predictions lie within 5% of the targets' spread (1) of each other",
            lambda t: np.ptp(t["out"]) < 0.05),
    Symptom("loss-plateau", "the cost moves < 5% over the second half", lambda t: flat(t["losses"])),
]
