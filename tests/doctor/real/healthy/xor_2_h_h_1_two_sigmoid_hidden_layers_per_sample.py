"""A question about a 2-h-h-1 multilayer perceptron learning XOR by backpropagation: two sigmoid hidden layers, a
sigmoid output, a squared error, one update per row, lr 0.1, 20,000 epochs. It works (outputs about 0.11, 0.82,
0.82, 0.23 for 00, 01, 10, 11); the poster only asks whether a steep fall followed by a small bump in the error
curve counts as converging."""
import numpy as np

from doctor_corpus import Symptom, sigmoid

HELD_OUT = True
ROUND = 12
SOURCE = ("https://kiwix.lema.org/stackoverflow.com_en_all_2023-11/questions/66903569/multi-layer-perceptron-xor-"
          "plotting-error-loss-graph-converges-too-fast")
DIAGNOSIS = ("(No bug: the network outputs values close to the labels; the question is about the shape of the error "
             "curve.) A steep fall, a plateau while the hidden units separate the classes, then a second fall is the "
             "usual learning curve of XOR under backpropagation.")
CHOICES = ("Two hidden layers of 3 sigmoid units each (the post does not give the widths), weights uniform in "
           "[-1, 1) and zero biases (our generator, seed 0), error 1/2 (a - y)^2 per row, rows in order, lr 0.1 as "
           "posted, 6,000 epochs instead of 20,000 (the run has converged by then); observe() every 100 epochs with "
           "the mean squared error of the four rows after the epoch, the parameters, lr, inputs, targets and outputs "
           "(no gradients: they change with every row).")

X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
Y = np.array([[0.0], [1.0], [1.0], [0.0]])


def forward(p, x):
    h1 = sigmoid(x @ p["w1"] + p["b1"])
    h2 = sigmoid(h1 @ p["w2"] + p["b2"])
    return h1, h2, sigmoid(h2 @ p["w3"] + p["b3"])


def run(observe, epochs=6000, lr=0.1, every=100, seed=0):
    rng = np.random.default_rng(seed)
    p = {"w1": rng.uniform(-1, 1, (2, 3)), "b1": np.zeros(3), "w2": rng.uniform(-1, 1, (3, 3)), "b2": np.zeros(3),
         "w3": rng.uniform(-1, 1, (3, 1)), "b3": np.zeros(1)}
    trace = {"losses": []}
    for epoch in range(epochs):
        for x, y in zip(X, Y):
            h1, h2, out = forward(p, x)
            d3 = (out - y) * out * (1 - out)
            d2 = (p["w3"] @ d3) * h2 * (1 - h2)
            d1 = (p["w2"] @ d2) * h1 * (1 - h1)
            for key, step in (("w3", h2[:, None] * d3), ("b3", d3), ("w2", h1[:, None] * d2), ("b2", d2),
                              ("w1", x[:, None] * d1), ("b1", d1)):
                p[key] -= lr * step
        if epoch % every == 0:
            out = forward(p, X)[2]
            loss = float(np.mean((out - Y) ** 2))
            observe(epoch=epoch, loss=loss, params=p, lr=lr, inputs=X, targets=Y, predictions=out)
            trace["losses"].append(loss)
    trace["out"] = forward(p, X)[2]
    return trace


SYMPTOMS = [
    Symptom(None, "the squared error falls below 0.1 of its first value and every output is on the right side of 0.5",
            lambda t: t["losses"][-1] < 0.1 * t["losses"][0] and bool(np.all((t["out"] > 0.5) == (Y > 0.5)))),
]
