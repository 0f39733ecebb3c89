"""A 3-2-1 sigmoid network on XOR (the third input a constant 1 as the bias), weights random - 1 (all in
[-1, 0)), full-batch updates weights += input.T @ delta with no learning rate; the derivative helper x * (1 - x)
expects a sigmoid output but is given the pre-activations z, so each delta is multiplied by z (1 - z), which is
negative and grows with |z|: the steps grow, exp overflows and every value is NaN within 50 iterations."""
import numpy as np

from doctor_corpus import LOSS_EXPLODES, Symptom, first_non_finite, gradient_error, sigmoid

HELD_OUT = True
ROUND = 7
SOURCE = "https://stackguides.com/questions/44419906/neural-network-xor-python"
DIAGNOSIS = ("(Our reading; the page's answer is not in our copy, only comments saying the exponent overflows.) "
             "The derivative function computes a (1 - a) from the sigmoid's output, but the loop passes the "
             "pre-activations z2, z3; z (1 - z) is not the sigmoid's slope (it is negative for |z| > 1 and "
             "unbounded), so the updates are not gradient descent and blow up until exp overflows. Pass the "
             "activations a2, a3 to the derivative.")
CHOICES = ("The post's network and data: XOR with a constant third input, weights1 (3, 2) and weights2 (2, 1) "
           "random - 1 (our generator, seed 1), no learning rate, deltas error * z (1 - z); 1,000 iterations "
           "(the post's 10,000 are NaN from iteration ~45 on); the post prints only the final output, so the "
           "user observes every 5th iteration the mean squared error, the weights, the negated steps -input.T @ "
           "delta as their gradients (what plain descent subtracts), lr 1, inputs, targets and predictions.")

X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=float)
Y = np.array([[0, 1, 1, 0]], dtype=float).T


def half_sse(p):
    return float(0.5 * np.sum((Y - sigmoid(sigmoid(X @ p["weights1"]) @ p["weights2"])) ** 2))


def run(observe, iterations=1000, every=5):
    rng = np.random.default_rng(1)
    weights1, weights2 = rng.random((3, 2)) - 1, rng.random((2, 1)) - 1
    trace = {"losses": []}
    with np.errstate(all="ignore"):
        for it in range(iterations):
            z2 = X @ weights1
            a2 = sigmoid(z2)
            z3 = a2 @ weights2
            a3 = sigmoid(z3)
            error = Y - a3
            delta3 = error * z3 * (1 - z3)
            delta2 = (delta3 @ weights2.T) * z2 * (1 - z2)
            step2, step1 = a2.T @ delta3, X.T @ delta2
            if it % every == 0:
                loss = float(np.mean(error ** 2))
                observe(epoch=it, loss=loss, params={"weights1": weights1, "weights2": weights2},
                        grads={"d_weights1": -step1, "d_weights2": -step2}, lr=1.0, inputs=X, targets=Y,
                        predictions=a3)
                trace["losses"].append(loss)
                if it == 0:
                    trace["first"] = ({"weights1": weights1.copy(), "weights2": weights2.copy()},
                                      {"weights1": -step1, "weights2": -step2})
            weights2 = weights2 + step2
            weights1 = weights1 + step1
    return trace


SYMPTOMS = [
    Symptom("non-finite", "the loss is NaN from some observation before iteration 100 on",
            lambda t: first_non_finite(t["losses"]) is not None and first_non_finite(t["losses"]) * 5 < 100),
    LOSS_EXPLODES,
    Symptom("gradient-mismatch", "at iteration 0 the applied steps (negated) differ from central differences of "
            "0.5 * sum(error^2) by more than half their norm, for both weight matrices",
            lambda t: all(gradient_error(half_sse, t["first"][0], t["first"][1], k) > 0.5
                          for k in ("weights1", "weights2"))),
]
