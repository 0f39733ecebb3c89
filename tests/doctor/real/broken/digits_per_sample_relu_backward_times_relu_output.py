"""A 784-300-10-style network (here 64-300-10) in the W @ x layout with column vectors: ReLU hidden layer, softmax
output, cross-entropy, trained by stochastic gradient descent on one randomly drawn sample per step at lr 0.01.
Before a later commit its backward pass multiplied the error reaching the hidden layer by the activation function
itself, relu(z), instead of its derivative 1[z > 0]: each hidden unit's gradient is scaled by how strongly the unit
fired. The network still learns: 94% of the training digits after 6,000 steps."""
import numpy as np

from doctor_corpus import Symptom, digits, gradient_error

HELD_OUT = True
ROUND = 11
SOURCE = ("https://github.com/yawen-d/Neural-Network-on-MNIST-with-NumPy-from-Scratch/commit/"
          "24cfe103c40316ec1af5e84634e351e2e177efdc")
DIAGNOSIS = ("The commit 'Updated the activation function' gives the activation a derivative mode (for ReLU, "
             "1 where z > 0 else 0) and changes the hidden-layer delta from delta * activfunc(Z) to "
             "delta * activfunc(Z, deri=True): before it, backpropagation multiplied by the ReLU's output instead "
             "of its derivative.")
CHOICES = ("scikit-learn's digits (1,000 samples, pixels / 16) instead of the repository's MNIST file, so 64 inputs; "
           "its 300 hidden units, its initialisation (first layer N(0, 1) / sqrt(inputs), its bias N(0, 1) / "
           "sqrt(hidden), second layer and bias N(0, 1) / sqrt(hidden); our generator, seed 0), lr 0.01, samples "
           "drawn with replacement; 6,000 of its 200,000 steps (its learning-rate schedule reads the sample's "
           "index where it means the step; with 1,000 samples it always gives the base rate). observe() every 150 "
           "steps before the update, as a user would put it next to the repository's progress print: that "
           "sample's cross-entropy, W1, b1, W2, b2, the gradients (dW, db_1, dC, db_2 under the parameters' "
           "names), lr, the input as a (64, 1) column, its integer label and the softmax output (10, 1).")


def forward(p, x):
    z = p["W1"] @ x + p["b1"]
    h = np.maximum(z, 0)
    u = p["W2"] @ h + p["b2"]
    e = np.exp(u - u.max())
    return z, h, e / e.sum()


def sample_loss(x, y):
    return lambda p: float(-np.log(forward(p, x)[2][y, 0]))


def run(observe, steps=6000, lr=0.01, every=150, hidden=300):
    X, labels = digits(1000)
    X = X / 16.0
    rng = np.random.default_rng(0)
    p = {"W1": rng.standard_normal((hidden, 64)) / np.sqrt(64),
         "b1": rng.standard_normal((hidden, 1)) / np.sqrt(hidden),
         "W2": rng.standard_normal((10, hidden)) / np.sqrt(hidden),
         "b2": rng.standard_normal((10, 1)) / np.sqrt(hidden)}
    trace = {"losses": [], "checks": [], "accuracies": []}
    for step, i in enumerate(rng.integers(0, len(X), steps)):
        x, y = X[i].reshape(-1, 1), labels[i]
        z, h, f = forward(p, x)
        dU = f.copy()
        dU[y] -= 1
        delta = p["W2"].T @ dU
        db_1 = delta * np.maximum(z, 0)                     # the activation, where its derivative belongs
        g = {"W1": db_1 @ x.T, "b1": db_1, "W2": dU @ h.T, "b2": dU}
        if step % every == 0:
            loss = float(-np.log(f[y, 0]))
            observe(epoch=step, loss=loss, params=p, grads=g, lr=lr, inputs=x, targets=y, predictions=f)
            trace["losses"].append(loss)
            if len(trace["checks"]) < 5:
                trace["checks"].append((x, y, {k: v.copy() for k, v in p.items()}, {k: v.copy() for k, v in g.items()}))
        for k in p:
            p[k] -= lr * g[k]
        if (step + 1) % 2000 == 0:
            z_all = X @ p["W1"].T + p["b1"].T
            u_all = np.maximum(z_all, 0) @ p["W2"].T + p["b2"].T
            trace["accuracies"].append(float(np.mean(u_all.argmax(axis=1) == labels)))
    return trace


SYMPTOMS = [
    Symptom("gradient-mismatch", "at each of the first five observed samples the hidden bias gradient differs from "
            "central differences of that sample's cross-entropy by more than 30%",
            lambda t: min(gradient_error(sample_loss(x, y), p, g, "b1") for x, y, p, g in t["checks"]) > 0.3),
]
