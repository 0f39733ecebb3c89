"""A 1-3-1 net for sin(x) in the column layout (W1 @ X) that adds each bias after its activation, tanh(W1 x) + b1
and sigmoid(W2 h) + b2, and whose backward pass uses the pre-activation A1 where the hidden output belongs in dW2
and leaves out the sigmoid's derivative: W2 grows without end, the output becomes a step and the loss sits at 0.057."""
import numpy as np

from doctor_corpus import Symptom, flat, gradient_error, sigmoid

HELD_OUT = True
ROUND = 5
SOURCE = ("https://stackoverflow.com/questions/55884954/neural-network-sine-wave-regression-requires-hundreds-of-"
          "hidden-units-to-be-effective")
DIAGNOSIS = ("(Our reading of the posted code; no answer in the copy we could read.) The backward pass is not the "
             "derivative of the forward pass: dW2 multiplies the output error by A1 (the hidden pre-activations) "
             "instead of the hidden outputs, the output sigmoid's derivative is missing, and the tanh derivative is"
             " taken of tanh(A1) + b1. With 3 or 20 hidden units the fit is a horizontal line or a single tanh; "
             "only hundreds of units hide it. Put the biases inside the activations and derive each gradient from "
             "the forward pass (a finite-difference check shows the mismatch at once).")
CHOICES = ("100 points x evenly spaced over one period [-pi, pi] with y = sin(x), in the post's layout (X and Y of "
           "shape (1, m), samples on axis 1); 3 hidden units (the project's first setting), W ~ N(0, 1) and zero "
           "biases (the post does not show its init), lr 0.1 within the post's range and 1,500 epochs (its range is"
           " 2,000-5,000; this run turns NaN just before 2,000), no momentum (the post says it only made things "
           "worse); the squared error 0.5 * mean((Z2 - Y)^2) that its dA2 = Z2 - Y implies; observe once per epoch "
           "with loss, params, the backprop's gradients (dW1, db1, dW2, db2), lr, inputs, targets and predictions, "
           "transposed to samples on axis 0.")


def forward(p, X):
    A1 = p["W1"] @ X
    Z1 = np.tanh(A1) + p["b1"]
    A2 = p["W2"] @ Z1
    return A1, Z1, sigmoid(A2) + p["b2"]


def loss_of(X, Y):
    return lambda p: float(0.5 * np.mean((forward(p, X)[2] - Y) ** 2))


def run(observe, epochs=1500, lr=0.1, hidden=3):
    X = np.linspace(-np.pi, np.pi, 100).reshape(1, -1)
    Y = np.sin(X)
    m = X.shape[1]
    rng = np.random.default_rng(0)
    p = {"W1": rng.standard_normal((hidden, 1)), "b1": np.zeros((hidden, 1)),
         "W2": rng.standard_normal((1, hidden)), "b2": np.zeros((1, 1))}
    cost = loss_of(X, Y)
    trace = {"losses": [], "loss_of": cost}
    for epoch in range(epochs):
        A1, Z1, Z2 = forward(p, X)
        loss = cost(p)
        dA2 = Z2 - Y
        g = {"dW2": dA2 @ A1.T / m, "db2": dA2.sum(axis=1, keepdims=True) / m}
        dA1 = (p["W2"].T @ dA2) * (1 - Z1 ** 2)
        g["dW1"], g["db1"] = dA1 @ X.T / m, dA1.sum(axis=1, keepdims=True) / m
        if epoch == epochs - 1:
            trace["point"] = ({k: v.copy() for k, v in p.items()}, {k[1:]: v.copy() for k, v in g.items()})
        for k in p:
            p[k] = p[k] - lr * g["d" + k]
        observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, inputs=X.T, targets=Y.T, predictions=Z2.T)
        trace["losses"].append(loss)
        trace["pred"] = Z2.ravel()
    return trace


def _mismatch(t, name):
    params, grads = t["point"]
    return gradient_error(t["loss_of"], params, grads, name)


SYMPTOMS = [
    Symptom("gradient-mismatch", "at the last epoch dW2 differs from central differences of the loss by > 50%",
            lambda t: _mismatch(t, "W2") > 0.5),
    Symptom("loss-plateau", "the loss moves < 5% over the second half", lambda t: flat(t["losses"])),
]
