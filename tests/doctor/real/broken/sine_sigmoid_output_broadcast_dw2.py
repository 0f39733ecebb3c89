"""Fitting sin(x) for integer x in 1..89 with a tanh/sigmoid net: three bugs at once."""
import numpy as np

from doctor_corpus import Symptom, gradient_error, sigmoid

SOURCE = ("https://stackoverflow.com/questions/55858141/my-neural-network-made-with-numpy-is-not-converging-"
          "why-is-the-cost-decreasin")
DIAGNOSIS = ("(No answer in the copy of the thread we could read; our reading of the posted code.) The targets "
             "sin(x) lie in [-1, 1] but the output is a sigmoid trained with binary cross-entropy, so negative "
             "targets can never be reached and the 'cost' can fall below 0 while predictions shrink; dW2 is "
             "computed with A2.T instead of A1.T (a (1, 1) number broadcast over W2); the inputs are raw integers "
             "up to 89.")
CHOICES = ("2,000 samples instead of 20,000 (same layout: X and Y of shape (1, m), samples on axis 1); 5 hidden "
           "tanh units; W * 0.01 init as posted; lr 0.05 and 300 epochs (the post does not say); observe gets "
           "the transposes X.T, Y.T, A2.T (samples on axis 0, as the README asks).")


def forward(X, p):
    A1 = np.tanh(p["W1"] @ X + p["b1"])
    return A1, sigmoid(p["W2"] @ A1 + p["b2"])


def cost(X, Y):
    def loss_of(p):
        A2 = forward(X, p)[1]
        return float(-np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)) / X.shape[1])
    return loss_of


def run(observe, epochs=300, lr=0.05):
    rng = np.random.default_rng(0)
    X = rng.integers(1, 90, size=(1, 2000)).astype(float)
    Y = np.sin(X)
    m = X.shape[1]
    p = {"W1": rng.standard_normal((5, 1)) * 0.01, "b1": np.zeros((5, 1)),
         "W2": rng.standard_normal((1, 5)) * 0.01, "b2": np.zeros((1, 1))}
    loss_of = cost(X, Y)
    trace = {"losses": []}
    for epoch in range(epochs):
        A1, A2 = forward(X, p)
        loss = loss_of(p)
        dZ2 = A2 - Y
        g = {"dW2": dZ2 @ A2.T / m,                      # the post's bug: A2.T where A1.T belongs -> (1, 1)
             "db2": dZ2.sum(axis=1, keepdims=True) / m}
        dZ1 = p["W2"].T * dZ2 * (1 - A1 ** 2)
        g["dW1"], g["db1"] = dZ1 @ X.T / m, dZ1.sum(axis=1, keepdims=True) / m
        if epoch == 5:
            trace["point"] = ({k: v.copy() for k, v in p.items()}, {k[1:]: v.copy() for k, v in g.items()})
        for k in p:
            p[k] = p[k] - lr * g["d" + k]             # (1, 5) - (1, 1): every weight of W2 gets the same step
        observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, inputs=X.T, targets=Y.T, predictions=A2.T)
        trace["losses"].append(loss)
    trace.update(loss_of=loss_of, Y=Y, A2=A2, X=X)
    return trace


SYMPTOMS = [
    Symptom("output-activation-mismatch", "some targets are below 0, which a sigmoid output never reaches",
            lambda t: t["Y"].min() < -0.5),
    Symptom("unscaled-inputs", "the inputs reach 89 (far from unit scale)", lambda t: np.abs(t["X"]).max() >= 50),
    Symptom("gradient-shape", "dW2 has shape (1, 1) for W2 of shape (1, 5), and broadcast over W2 it differs "
            "from central differences by > 10%", lambda t: t["point"][1]["W2"].shape != t["point"][0]["W2"].shape
            and gradient_error(t["loss_of"], *t["point"], "W2") > 0.1),
]
