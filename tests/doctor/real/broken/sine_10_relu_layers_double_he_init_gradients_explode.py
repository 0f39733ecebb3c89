"""A 1-16x10-1 regression network (10 ReLU hidden layers of 16 units, linear output, mean squared error) fitted
to sin(x) on [-3, 3], with weights drawn at twice the He scale, N(0, 1) * 2 * sqrt(2 / fan_in): each layer
multiplies the signal (forward) and the error (backward) by about 2, so after ten layers the outputs are hundreds of
times too large, the first mean squared error is ~2e5 and the gradient norm ~3e6. Even at a small learning
rate (0.001) the first step throws the weights far away; the error is inf at the third iteration and NaN after."""
import numpy as np

from doctor_corpus import EXPLODING_GRADIENTS, LOSS_EXPLODES, Symptom, first_non_finite, gradient_ratios, grad_norm

HELD_OUT = True
ROUND = 10
SOURCE = "https://arunprakaash.github.io/lab/neural-nets/lesson-07-depth-problem/"
DIAGNOSIS = ("The tutorial's explanation of exploding gradients: backpropagation multiplies a factor per layer; "
             "when the weights are large the factors are above 1 (2.0^10 = 1024 over ten layers), so the gradients "
             "explode, the weights jump wildly and the loss oscillates or becomes NaN. The fixes it gives: weight "
             "initialisation scaled to the layer (He for ReLU), and clipping the gradient norm.")
CHOICES = ("The tutorial's example depth (10 layers) and per-layer factor 2, as ReLU layers initialised at twice "
           "the He standard deviation; width 16, zero biases, a linear output, sin(x) at 200 points of [-3, 3] as "
           "the data (ours), lr 0.001, 30 full-batch iterations (our generator, seed 0); observe() every iteration "
           "before the update with the error, w1 .. w11, b1 .. b11, grad_w1 ..., lr, inputs, targets, predictions.")

SIZES = [1] + [16] * 10 + [1]


def run(observe, iterations=30, lr=0.001):
    x = np.linspace(-3, 3, 200).reshape(-1, 1)
    y = np.sin(x)
    rng = np.random.default_rng(0)
    W = [rng.standard_normal((n_in, n_out)) * 2 * np.sqrt(2 / n_in) for n_in, n_out in zip(SIZES[:-1], SIZES[1:])]
    b = [np.zeros((1, n_out)) for n_out in SIZES[1:]]
    last = len(W) - 1
    trace = {"losses": [], "grad_norms": []}
    with np.errstate(all="ignore"):
        for it in range(iterations):
            A, Z = [x], []
            for k in range(len(W)):
                Z.append(A[-1] @ W[k] + b[k])
                A.append(np.maximum(Z[-1], 0) if k < last else Z[-1])
            error = float(np.mean((A[-1] - y) ** 2))
            grads = {}
            delta = 2 * (A[-1] - y) / len(y)
            for k in range(last, -1, -1):
                grads[f"grad_w{k + 1}"], grads[f"grad_b{k + 1}"] = A[k].T @ delta, delta.sum(axis=0, keepdims=True)
                if k:
                    delta = (delta @ W[k].T) * (Z[k - 1] > 0)
            params = {**{f"w{k + 1}": W[k] for k in range(len(W))}, **{f"b{k + 1}": b[k] for k in range(len(W))}}
            observe(epoch=it, loss=error, params=params, grads=grads, lr=lr, inputs=x, targets=y, predictions=A[-1])
            trace["losses"].append(error)
            trace["grad_norms"].append(grad_norm(grads))
            if it == 0:
                trace["first"] = ({f"w{k + 1}": W[k].copy() for k in range(len(W))},
                                  {f"w{k + 1}": grads[f"grad_w{k + 1}"].copy() for k in range(len(W))})
                trace["first_error"] = error
                trace["target_variance"] = float(np.var(y))
            for k in range(len(W)):
                W[k] -= lr * grads[f"grad_w{k + 1}"]
                b[k] -= lr * grads[f"grad_b{k + 1}"]
    return trace


SYMPTOMS = [
    Symptom("exploding-gradients", "at the first observation ||dW|| > 100 ||W|| for some weight matrix, and the "
            "gradient norm then grows past 100x its first value", lambda t: max(gradient_ratios(*t["first"]).values())
            > 100 and EXPLODING_GRADIENTS.holds(t)),
    LOSS_EXPLODES,
    Symptom("non-finite", "the error is inf or NaN at every observation from the 3rd on",
            lambda t: first_non_finite(t["losses"]) is not None and first_non_finite(t["losses"]) <= 3
            and not np.any(np.isfinite(t["losses"][first_non_finite(t["losses"]):]))),
]
