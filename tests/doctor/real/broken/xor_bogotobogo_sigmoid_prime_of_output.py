"""A tutorial's 2-2-1 XOR network (a bias column on the inputs, an extra hidden unit, one random sample per step)
switched from tanh to sigmoid: its derivative functions receive a unit's *output*, which is right for the
tanh one (1 - a^2) but the sigmoid one computes sigmoid(a)(1 - sigmoid(a)), so every delta is scaled by a
nearly constant 0.2-0.25 instead of a(1 - a), and all four outputs stay near 0.45."""
import numpy as np

from doctor_corpus import Symptom, constant_rows, flat, gradient_error, sigmoid

HELD_OUT = True
ROUND = 6
SOURCE = ("https://datascience.stackexchange.com/questions/37545/neural-network-example-not-working-with-sigmoid-"
          "activation-function")
DIAGNOSIS = ("(Our reading: the asker's own answer is cut off in our copy after its first words.) The tutorial's "
             "backward pass calls activation_prime on the layer outputs a. For tanh it is written 1 - a^2, the "
             "derivative expressed through the output; for sigmoid it is written sigmoid(x)(1 - sigmoid(x)), the "
             "derivative expressed through the pre-activation, so on an output it computes sigmoid(a)(1 - "
             "sigmoid(a)) instead of a(1 - a). The deltas are not the gradient and the outputs stay near 0.5 on "
             "every input; writing the sigmoid derivative as a(1 - a) makes the same loop learn XOR (we checked: "
             "outputs 0.02 / 0.98 / 0.98 / 0.02 after the post's 100,000 steps).")
CHOICES = ("The tutorial's shapes: inputs with a leading 1 (4 x 3), a hidden layer of 2 + 1 units (W1 3 x 3) and one"
           " output (W2 3 x 1), weights uniform(-1, 1), learning rate 0.2, one random sample per step; 5,000 steps "
           "instead of 100,000 (to stay fast; the outputs are pinned near 0.45 long before); every 50 steps the "
           "user computes, over the four inputs, the loss 0.5 * mean((y - o)^2) and the gradient their backward "
           "pass gives (dW = -a.T @ delta / 4, with the same derivative function), and observes loss, W1, W2, "
           "those gradients, lr, inputs (with the bias column), targets and predictions.")

X = np.array([[1.0, 0, 0], [1, 0, 1], [1, 1, 0], [1, 1, 1]])
Y = np.array([[0.0], [1], [1], [0]])


def activation_prime(a):
    """The tutorial's sigmoid derivative, fed the unit's output (the bug)."""
    return sigmoid(a) * (1 - sigmoid(a))


def loss_of(p):
    out = sigmoid(sigmoid(X @ p["W1"]) @ p["W2"])
    return float(0.5 * np.mean((Y - out) ** 2))


def backward(W1, W2, x, y):
    h = sigmoid(x @ W1)
    o = sigmoid(h @ W2)
    delta2 = (y - o) * activation_prime(o)
    delta1 = (delta2 @ W2.T) * activation_prime(h)
    return h, o, delta1, delta2


def run(observe, steps=5000, lr=0.2, every=50):
    rng = np.random.default_rng(0)
    W1, W2 = 2 * rng.random((3, 3)) - 1, 2 * rng.random((3, 1)) - 1
    trace = {"losses": []}
    for step, i in enumerate(rng.integers(4, size=steps)):
        x = X[i:i + 1]
        h, o, delta1, delta2 = backward(W1, W2, x, Y[i:i + 1])
        W2 += lr * h.T @ delta2
        W1 += lr * x.T @ delta1
        if step % every == every - 1:
            h, o, delta1, delta2 = backward(W1, W2, X, Y)
            grads = {"dW1": -X.T @ delta1 / 4, "dW2": -h.T @ delta2 / 4}
            params = {"W1": W1.copy(), "W2": W2.copy()}
            loss = loss_of(params)
            observe(epoch=step, loss=loss, params=params, grads=grads, lr=lr, inputs=X, targets=Y, predictions=o)
            trace["losses"].append(loss)
            trace["last"] = (params, {"W1": grads["dW1"], "W2": grads["dW2"]})
            trace["out"] = o
    return trace


def _mismatch(t):
    params, grads = t["last"]
    return gradient_error(loss_of, params, grads, "W1")


SYMPTOMS = [
    Symptom("gradient-mismatch", "at the last observation dW1 differs from central differences of the loss by > 20%",
            lambda t: _mismatch(t) > 0.2),
    Symptom("loss-plateau", "the loss moves < 5% over the second half", lambda t: flat(t["losses"])),
    Symptom("constant-output", "the four final outputs lie within 0.02 of their mean (XOR needs 0 and 1)",
            lambda t: constant_rows(t["out"], tol=0.02)),
]
