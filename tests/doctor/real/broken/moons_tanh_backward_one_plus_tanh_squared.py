"""A from-scratch 2-3-2 network built from gates (x @ W, + b, tanh on both layers, softmax on the last tanh
outputs), trained full-batch on 200 noisy moons with epsilon 0.01 and L2 0.01 on the summed gradient, after the
change an issue proposes to the tanh layer's backward: (1 + tanh^2) * top_diff, reading tanh as the trigonometric
tan, whose derivative is sec^2 = 1 + tan^2. The true factor 1 - tanh^2 shrinks to 0 as a unit saturates; 1 + tanh^2
grows to 2, so saturated units keep receiving full gradients: the weights grow without bound (W1 entries from 2 to
thousands), every hidden unit ends at +1 or -1 and the loss stalls near 0.45 with 83% of the points right, where
the repository's own backward keeps lowering it."""
import numpy as np

from doctor_corpus import Symptom, flat, gradient_error, moons, softmax_rows

HELD_OUT = True
ROUND = 11
SOURCE = "https://github.com/gy910210/neural-network-from-scratch/issues/2"
DIAGNOSIS = ("The issue proposes return (1.0 + np.square(output)) * top_diff for the Tanh layer's backward, because "
             "(tan x)' = sec^2 x = 1 + tan^2 x. (Our reading: that is the derivative of tan; for tanh it is "
             "1 - tanh^2 x, as the repository has it; the same mix-up is answered in nicodjimenez/lstm#41: 'tanh x is "
             "not the same as tan x'.)")
CHOICES = ("The repository's main.py: make_moons(200, noise 0.20) (our seed 0), layers [2, 3, 2], W randn / "
           "sqrt(fan_in) and b randn (our generator, seed 0), epsilon 0.01, reg_lambda 0.01 added to dW only, the "
           "summed softmax gradient; 3,000 of its 20,000 passes. observe() every 100 passes after the updates, "
           "where main.py prints the loss: calculate_loss (the mean cross-entropy, no regulariser), W1, b1, W2, b2, "
           "the gradients each layer applied (collected in the loop), lr, the inputs, integer labels, the softmax "
           "probabilities of the pass and the two tanh layers' outputs with their kind.")


def forward(p, X):
    a1 = np.tanh(X @ p["W1"] + p["b1"])
    a2 = np.tanh(a1 @ p["W2"] + p["b2"])
    return a1, a2, softmax_rows(a2)


def loss_of_data(X, y):
    def loss_of(p):
        probs = forward(p, X)[2]
        return float(-np.mean(np.log(probs[np.arange(len(y)), y])))
    return loss_of


def run(observe, passes=3000, epsilon=0.01, reg_lambda=0.01, every=100, issue=True):
    """issue=False: the repository's own tanh backward (the healthy twin)."""
    X, y = moons(200, 0.20, 0)
    n = len(y)
    rng = np.random.default_rng(0)
    p = {"W1": rng.standard_normal((2, 3)) / np.sqrt(2), "b1": rng.standard_normal((1, 3)),
         "W2": rng.standard_normal((3, 2)) / np.sqrt(3), "b2": rng.standard_normal((1, 2))}
    trace = {"losses": [], "accuracies": [], "saturation": []}
    for epoch in range(passes):
        a1, a2, probs = forward(p, X)
        d = probs.copy()
        d[np.arange(n), y] -= 1                                    # summed over the samples, as in the repository
        g = {}
        for layer, below in ((2, a1), (1, X)):
            out = a2 if layer == 2 else a1
            dadd = (1.0 + np.square(out) if issue else 1.0 - np.square(out)) * d   # the issue's tanh backward
            g[f"b{layer}"] = np.ones((1, n)) @ dadd
            g[f"W{layer}"] = below.T @ dadd + reg_lambda * p[f"W{layer}"]
            d = dadd @ p[f"W{layer}"].T
        if epoch % every == 0:
            trace["last_check"] = ({k: v.copy() for k, v in p.items()}, dict(g))
        for k in p:
            p[k] = p[k] - epsilon * g[k]
        if epoch % every == 0:
            loss = loss_of_data(X, y)(p)
            observe(epoch=epoch, loss=loss, params=p, grads=g, lr=epsilon, inputs=X, targets=y, predictions=probs,
                    activations={"tanh1": a1, "tanh2": a2}, activation_kinds={"tanh1": "tanh", "tanh2": "tanh"})
            trace["losses"].append(loss)
            trace["accuracies"].append(float(np.mean(probs.argmax(axis=1) == y)))
            trace["saturation"].append(float(np.mean(np.abs(a1) > 0.99)))
    trace["X"], trace["y"] = X, y
    return trace


def gradient_wrong(t):
    """W1's gradient (without its L2 term) against central differences of the mean cross-entropy times n."""
    params, g = t["last_check"]
    n = len(t["y"])
    data_grad = {"W1": (g["W1"] - 0.01 * params["W1"]) / n}
    return gradient_error(loss_of_data(t["X"], t["y"]), params, data_grad, "W1") > 0.5


SYMPTOMS = [
    Symptom("gradient-mismatch", "at the last observation W1's data gradient / n differs from central differences "
            "of the mean cross-entropy by more than 50%", gradient_wrong),
    Symptom("saturated-activation", "at each of the last three observations at least 90% of the hidden tanh values "
            "are beyond |a| > 0.99", lambda t: min(t["saturation"][-3:]) >= 0.9),
    Symptom("loss-plateau", "over the second half the loss moves by less than 5% while under 85% of the points are "
            "right",
            lambda t: flat(t["losses"], 0.5, 0.05) and max(t["accuracies"][len(t["accuracies"]) // 2:]) < 0.85),
]
