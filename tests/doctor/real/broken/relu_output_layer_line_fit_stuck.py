"""y = 2x - 1 fitted by a 1-4-2-1 network with ReLU on every layer, the output included, trained with Adam: in most
runs the output unit's pre-activation is negative for every input from the start (or becomes so), the output is 0
whatever x is, no gradient reaches any weight and the loss never moves."""
import numpy as np

from doctor_corpus import Symptom, constant_rows, dead_units, flat, gradients_vanish

HELD_OUT = True
ROUND = 6
SOURCE = "https://community.deeplearning.ai/t/loss-values-do-not-change/324182"
DIAGNOSIS = ("(Our reading; the replies are not in our copy.) A ReLU on the output layer cannot produce the "
             "negative targets (-3, -1) and, worse, when the output unit's pre-activation is negative for all seven "
             "inputs it outputs 0 with zero gradient: nothing upstream gets a gradient either, so the loss sticks "
             "at its first value whatever the optimiser, learning rate or layer sizes; it depends only on the "
             "random initialisation, hence 6 or 7 failures in 10 runs. A linear output layer fixes it.")
CHOICES = ("The post uses Keras; we write the same network in NumPy: Dense layers 1-4-2-1 with ReLU everywhere, "
           "Keras's default Glorot-uniform weights and zero biases, the mean squared error, Adam with lr 0.001 "
           "(beta 0.9 / 0.999, eps 1e-7) on the whole batch of seven points (Keras's default batch of 32 holds "
           "them all), 300 epochs instead of 500; one of the many seeds whose run sticks; observe once per epoch "
           "(what Keras prints) with the loss, the parameters and their gradients (dW1 ... db3), lr, inputs, "
           "targets and predictions.")

X = np.array([[-1.0], [0], [1], [2], [3], [4], [5]])
Y = 2 * X - 1


def glorot(rng, n_in, n_out):
    limit = np.sqrt(6 / (n_in + n_out))
    return rng.uniform(-limit, limit, (n_in, n_out))


def relu(z):
    return np.maximum(z, 0)


def run(observe, epochs=300, lr=0.001, seed=0):
    rng = np.random.default_rng(seed)
    sizes = [1, 4, 2, 1]
    p = {}
    for i in range(3):
        p[f"W{i + 1}"], p[f"b{i + 1}"] = glorot(rng, sizes[i], sizes[i + 1]), np.zeros(sizes[i + 1])
    m = {k: np.zeros_like(v) for k, v in p.items()}
    v = {k: np.zeros_like(v) for k, v in p.items()}
    trace = {"losses": []}
    for epoch in range(1, epochs + 1):
        a, zs = [X], []
        for i in range(1, 4):
            zs.append(a[-1] @ p[f"W{i}"] + p[f"b{i}"])
            a.append(relu(zs[-1]))
        loss = float(np.mean((a[-1] - Y) ** 2))
        delta = 2 * (a[-1] - Y) / len(X) * (zs[-1] > 0)
        g = {}
        for i in range(3, 0, -1):
            g[f"dW{i}"], g[f"db{i}"] = a[i - 1].T @ delta, delta.sum(axis=0)
            if i > 1:
                delta = (delta @ p[f"W{i}"].T) * (zs[i - 2] > 0)
        observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, inputs=X, targets=Y, predictions=a[-1])
        trace["losses"].append(loss)
        trace["last"] = ({k: val.copy() for k, val in p.items()}, {k: g["d" + k].copy() for k in p})
        trace["out"], trace["z_out"] = a[-1], zs[-1]
        for k in p:
            m[k] = 0.9 * m[k] + 0.1 * g["d" + k]
            v[k] = 0.999 * v[k] + 0.001 * g["d" + k] ** 2
            step = lr * (m[k] / (1 - 0.9 ** epoch)) / (np.sqrt(v[k] / (1 - 0.999 ** epoch)) + 1e-7)
            p[k] = p[k] - step
    return trace


SYMPTOMS = [
    Symptom("dead-relu", "the output ReLU's pre-activation is <= 0 for all seven inputs at the end",
            lambda t: len(dead_units(t["z_out"])) == 1),
    Symptom("constant-output", "every final prediction is the same (0)", lambda t: constant_rows(t["out"], tol=1e-9)),
    Symptom("loss-plateau", "the loss moves < 5% over the second half (it never moves)", lambda t: flat(t["losses"])),
    Symptom("vanishing-gradients", "at the last epoch every weight gradient is 0 (below 1e-8 of its weights)",
            gradients_vanish),
]
