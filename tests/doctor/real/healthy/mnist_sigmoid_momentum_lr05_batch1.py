"""The repository's 784-64-10 network (here 64-64-10 on 8x8 digits): sigmoid hidden units, softmax output, W @ X.T
layout, momentum 0.9 on batches of one image, at learning rate 0.5, below the 1 the maintainer names as the limit.
The training loss falls to ~0.03 and the accuracy passes 95% within ten epochs."""
import numpy as np

from doctor_corpus import Symptom, digits, one_hot

HELD_OUT = True
ROUND = 9
SOURCE = "https://github.com/lionelmessi6410/Neural-Networks-from-Scratch/issues/2"
DIAGNOSIS = ("The maintainer: with sigmoid, momentum and batches of one, a learning rate below 1 trains without the "
             "NaN that lr 4 produces.")
CHOICES = ("As in the broken twin (mnist_sigmoid_momentum_lr4_batch1_diverges): digits (1,000 images, pixels / 16), "
           "W1 (64, 64), W2 (10, 64) N(0, 1/fan_in), zero column biases (seed 0), the repository's sigmoid derivative"
           " and softmax, momentum v = 0.9 v + 0.1 g, batches of one image, 10 epochs, the same observe() once per "
           "epoch (training loss, W1..b2, the last batch's gradients, lr, all inputs, one-hot targets, output (10, "
           "n)); learning rate 0.5.")

X, LABELS = digits(1000, seed=0)
X = X / 16.0
Y = one_hot(LABELS, 10)


def sigmoid(x, derivative=False):
    if derivative:
        return np.exp(-x) / (np.exp(-x) + 1) ** 2
    return 1 / (1 + np.exp(-x))


def softmax(x):
    e = np.exp(x - x.max())
    return e / np.sum(e, axis=0)


def feed_forward(p, x):
    z1 = p["W1"] @ x.T + p["b1"]
    a1 = sigmoid(z1)
    return z1, a1, softmax(p["W2"] @ a1 + p["b2"])


def cross_entropy(y, out):
    return float(-np.sum(y.T * np.log(out)) / len(y))


def run(observe, epochs=10, l_rate=0.5, beta=0.9, batch_size=1):
    rng = np.random.default_rng(0)
    p = {"W1": rng.standard_normal((64, 64)) * np.sqrt(1 / 64), "b1": np.zeros((64, 1)),
         "W2": rng.standard_normal((10, 64)) * np.sqrt(1 / 64), "b2": np.zeros((10, 1))}
    v = {k: np.zeros_like(w) for k, w in p.items()}
    trace = {"losses": [], "accuracy": []}
    with np.errstate(all="ignore"):
        for epoch in range(epochs):
            order = rng.permutation(len(X))
            for start in range(0, len(X), batch_size):
                x, y = X[order[start:start + batch_size]], Y[order[start:start + batch_size]]
                z1, a1, out = feed_forward(p, x)
                m = len(y)
                dZ2 = out - y.T
                dZ1 = (p["W2"].T @ dZ2) * sigmoid(z1, derivative=True)
                grads = {"W1": dZ1 @ x / m, "b1": dZ1.sum(axis=1, keepdims=True) / m,
                         "W2": dZ2 @ a1.T / m, "b2": dZ2.sum(axis=1, keepdims=True) / m}
                for k in p:
                    v[k] = beta * v[k] + (1 - beta) * grads[k]
                    p[k] = p[k] - l_rate * v[k]
            _, _, out = feed_forward(p, X)
            loss = cross_entropy(Y, out)
            observe(epoch=epoch, loss=loss, params=p, grads=grads, lr=l_rate, inputs=X, targets=Y, predictions=out)
            trace["losses"].append(loss)
            trace["accuracy"].append(float(np.mean(np.argmax(out, axis=0) == LABELS)))
    return trace


SYMPTOMS = [
    Symptom(None, "the training loss ends below 0.1 (from above 0.2 after the first epoch) and the training "
            "accuracy above 95%", lambda t: t["losses"][0] > 0.2 and t["losses"][-1] < 0.1
            and t["accuracy"][-1] > 0.95),
]
