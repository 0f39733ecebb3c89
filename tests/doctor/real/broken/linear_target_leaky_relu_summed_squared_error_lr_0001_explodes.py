"""A 2-8-8-8-1 network with leaky ReLU in every layer (slope 0.01, He-scaled weights, zero biases) fitted to
the linear target (3 I1 + 5 I2) / 2 by full-batch gradient descent on the summed squared error
E = sum_i (y_hat_i - y_i)^2 over 100 samples (a sum, not a mean). At lr 0.0005 the error falls to ~0.01; at
lr 0.001 each step is twice as large and, with gradients summed over 100 samples, past the stable step size:
the first step overshoots, the error grows ~100x and more with every step, is inf at the 5th iteration and
NaN from then on (the question's plot at 0.001 oscillates before it explodes; ours explodes at once)."""
import numpy as np

from doctor_corpus import EXPLODING_GRADIENTS, LOSS_EXPLODES, Symptom, first_non_finite, grad_norm

HELD_OUT = True
ROUND = 10
SOURCE = ("https://ai.stackexchange.com/questions/26707/why-is-the-error-curve-of-a-neural-network-trained-with-"
          "mse-to-output-frac3-i")
DIAGNOSIS = ("The asker's own finding in the question's edit (no answer in our copy): the explosion comes from "
             "weights that grow too large; clipping each derivative to [-1, 1] stopped it. Our reading: the error "
             "is summed over the samples, so the gradient and thus the step grow with the number of samples, and "
             "lr 0.001 is above the stable step size where 0.0005 was below it; lower the learning rate or average"
             " the error over the samples.")
CHOICES = ("The question's network (3 hidden layers of 8 leaky-ReLU units, one output, also leaky ReLU), target, "
           "summed squared error and the two learning rates; inputs: 100 samples uniform in [0, 3) (the question "
           "says only 'real-valued'; with these the run at 0.0005 converges and the one at 0.001 explodes, as in "
           "the question's two plots); He-scaled weights, zero biases (our generator, seed 0); x @ W; 60 "
           "iterations at lr 0.001; observe() every iteration after the update with E, W1..W4, b1..b4, the "
           "gradients dW1 ... of that step, lr, inputs, targets and the predictions of the step's forward pass.")

SIZES = [2, 8, 8, 8, 1]


def leaky_relu(z):
    return np.where(z > 0, z, 0.01 * z)


def leaky_slope(z):
    return np.where(z > 0, 1.0, 0.01)


def run(observe, iterations=60, lr=0.001, every=1):
    rng = np.random.default_rng(0)
    X = rng.uniform(0, 3, (100, 2))
    y = (3 * X[:, :1] + 5 * X[:, 1:]) / 2
    W = [rng.standard_normal((n_in, n_out)) * np.sqrt(2 / n_in) for n_in, n_out in zip(SIZES[:-1], SIZES[1:])]
    b = [np.zeros((1, n_out)) for n_out in SIZES[1:]]
    trace = {"losses": [], "grad_norms": []}
    with np.errstate(all="ignore"):
        for it in range(iterations):
            A, Z = [X], []
            for k in range(4):
                Z.append(A[-1] @ W[k] + b[k])
                A.append(leaky_relu(Z[-1]))
            error = float(np.sum((A[-1] - y) ** 2))
            grads = {}
            delta = 2 * (A[-1] - y) * leaky_slope(Z[-1])
            for k in (3, 2, 1, 0):
                grads[f"dW{k + 1}"], grads[f"db{k + 1}"] = A[k].T @ delta, delta.sum(axis=0, keepdims=True)
                if k:
                    delta = (delta @ W[k].T) * leaky_slope(Z[k - 1])
            if it < 3:
                ratios = [lr * np.linalg.norm(grads[f"dW{k + 1}"]) / np.linalg.norm(W[k]) for k in range(4)]
                trace.setdefault("step_ratios", []).append(max(ratios))
            for k in range(4):
                W[k] -= lr * grads[f"dW{k + 1}"]
                b[k] -= lr * grads[f"db{k + 1}"]
            if it % every == 0:
                params = {**{f"W{k + 1}": W[k] for k in range(4)}, **{f"b{k + 1}": b[k] for k in range(4)}}
                observe(epoch=it, loss=error, params=params, grads=grads, lr=lr, inputs=X, targets=y,
                        predictions=A[-1])
                trace["losses"].append(error)
                trace["grad_norms"].append(grad_norm(grads))
    return trace


SYMPTOMS = [
    LOSS_EXPLODES,
    EXPLODING_GRADIENTS,
    Symptom("non-finite", "the summed error is inf or NaN at every observation from the 5th on",
            lambda t: first_non_finite(t["losses"]) is not None and first_non_finite(t["losses"]) <= 5
            and not np.any(np.isfinite(t["losses"][first_non_finite(t["losses"]):]))),
    Symptom("lr-too-high", "within the first 3 steps, lr * ||dW|| of some weight matrix is larger than the "
            "matrix itself (||W||), and the first step multiplies the summed error by more than 10 (the run at half "
            "this learning rate converges)",
            lambda t: max(t["step_ratios"]) > 1 and t["losses"][1] > 10 * t["losses"][0]),
]
