"""A 2-4-6-6-4-1 network (ReLU hidden layers, sigmoid output, binary cross-entropy) initialised with
N(0, 1) * 0.1 weights and biases, trained full-batch at lr 0.01 on two moons: each narrow layer shrinks the
signal tenfold, so the output barely depends on the input, the first layers get gradients ~1e-5 of their
weights, and the loss sits at log 2 with the accuracy at chance (the asker: 'always 0.48')."""
import numpy as np

from doctor_corpus import Symptom, constant_rows, flat, moons, sigmoid

HELD_OUT = True
ROUND = 7
SOURCE = "https://github.com/SkalskiP/ILearnDeepLearning.py/issues/2"
DIAGNOSIS = ("The maintainer: the notebook's network is the most basic version, with no optimisation techniques, so"
             " it can fall into traps such as a vanishing gradient; the cost does decrease, but extremely slowly "
             "with such a small network. (Our reading: with N(0, 1) * 0.1 weights the narrow ReLU layers shrink "
             "signal and gradient at each layer; He initialisation or a wider, shallower net trains.)")
CHOICES = ("The notebook's recipe (weights and biases N(0, 1) * 0.1, ReLU, sigmoid output, binary cross-entropy, "
           "lr 0.01, full batch) with the asker's architecture 2-4-6-6-4-1, on scikit-learn's two moons (500 "
           "points, noise 0.2, our seeds); 1,000 epochs instead of 10,000; observe every 10th epoch with the "
           "cost, W1..W5 and b1..b5 (weights (n_out, n_in), samples on axis 1 as the notebook lays them out), "
           "their gradients dW1 ..., lr, inputs, targets and the probabilities.")

SIZES = [2, 4, 6, 6, 4, 1]


def forward(W, b, X):
    A, Z = [X], []
    for layer in range(5):
        Z.append(W[layer] @ A[-1] + b[layer])
        A.append(np.maximum(0, Z[-1]) if layer < 4 else sigmoid(Z[-1]))
    return A, Z


def run(observe, epochs=1000, lr=0.01, every=10):
    X, y = moons(500, noise=0.2, seed=0)
    X, y = X.T, y.reshape(1, -1).astype(float)
    m = X.shape[1]
    rng = np.random.default_rng(2)
    W = [rng.standard_normal((o, i)) * 0.1 for i, o in zip(SIZES[:-1], SIZES[1:])]
    b = [rng.standard_normal((o, 1)) * 0.1 for o in SIZES[1:]]
    trace = {"losses": []}
    for epoch in range(epochs):
        A, Z = forward(W, b, X)
        p = A[-1]
        cost = float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
        dZ = p - y                                      # dcost/dZ5 times m
        dW, db = [None] * 5, [None] * 5
        for layer in range(4, -1, -1):
            dW[layer], db[layer] = dZ @ A[layer].T / m, dZ.sum(axis=1, keepdims=True) / m
            if layer > 0:
                dZ = (W[layer].T @ dZ) * (Z[layer - 1] > 0)
        if epoch % every == 0:
            params = {**{f"W{k + 1}": W[k] for k in range(5)}, **{f"b{k + 1}": b[k] for k in range(5)}}
            grads = {**{f"dW{k + 1}": dW[k] for k in range(5)}, **{f"db{k + 1}": db[k] for k in range(5)}}
            observe(epoch=epoch, loss=cost, params=params, grads=grads, lr=lr, inputs=X, targets=y, predictions=p)
            trace["losses"].append(cost)
            trace["ratios"] = [float(np.linalg.norm(g) / np.linalg.norm(w)) for g, w in zip(dW, W)]
        W = [w - lr * g for w, g in zip(W, dW)]
        b = [v - lr * g for v, g in zip(b, db)]
    A, _ = forward(W, b, X)
    trace["p"], trace["accuracy"] = A[-1], float(np.mean((A[-1] > 0.5) == (y > 0.5)))
    return trace


SYMPTOMS = [
    Symptom("loss-plateau", "over the second half the cost moves < 0.1% and stays within 0.001 of log 2 while the"
            " accuracy is <= 0.55", lambda t: flat(t["losses"], rel=1e-3) and abs(t["losses"][-1] - np.log(2)) < 1e-3
            and t["accuracy"] <= 0.55),
    Symptom("constant-output", "every point gets the same probability (within 1e-3)",
            lambda t: constant_rows(t["p"].T, tol=1e-3)),
    Symptom("vanishing-gradients", "at the last observation ||dW|| / ||W|| of the three first layers is below 1e-4 "
            "(a step of lr 0.01 moves them by 1e-6 of their size)", lambda t: max(t["ratios"][:3]) < 1e-4),
]
