"""A 2-8-1 sigmoid net whose output delta is (h - y) * (1 - (h - y)): the slope is taken of the error, not of h."""
import numpy as np

from doctor_corpus import Symptom, gradient_error, moons, sigmoid

HELD_OUT = True
ROUND = 2
SOURCE = "https://datascience.stackexchange.com/questions/20139/gradients-for-bias-terms-in-backpropagation"
DIAGNOSIS = ("An answer: the first derivative of the sigmoid is sigma(x) (1 - sigma(x)), so the delta should be "
             "dz2 = (1 - h2) * h2 * dh2; the posted dz2 = dh2 * (1 - dh2) uses the error dh2 = h2 - y in place "
             "of h2.")
CHOICES = ("The post's layout (x @ theta + b, samples on axis 0) and delta, one sigmoid hidden layer of 8 "
           "units, make_moons(200, noise 0.2), theta ~ N(0, 1), b = 0, half the summed squared error over the "
           "samples (the answer's dz2 is its gradient), gradients averaged over the batch, lr 0.5, 300 full-batch "
           "epochs; observe gets loss, params, grads, lr, inputs, targets and predictions.")


def forward(p, X):
    h1 = sigmoid(X @ p["theta1"] + p["b1"])
    return h1, sigmoid(h1 @ p["theta2"] + p["b2"])


def loss_of(X, y):
    return lambda p: float(0.5 * np.sum((forward(p, X)[1] - y) ** 2) / len(X))


def run(observe, epochs=300, lr=0.5):
    X, labels = moons()
    y = labels.reshape(-1, 1).astype(float)
    rng = np.random.default_rng(0)
    p = {"theta1": rng.standard_normal((2, 8)), "b1": np.zeros((1, 8)),
         "theta2": rng.standard_normal((8, 1)), "b2": np.zeros((1, 1))}
    trace = {"losses": []}
    for epoch in range(epochs):
        h1, h2 = forward(p, X)
        loss = loss_of(X, y)(p)
        dh2 = h2 - y
        dz2 = dh2 * (1 - dh2) / len(X)                   # the post's delta: the slope of the error, not of h2
        dz1 = (dz2 @ p["theta2"].T) * h1 * (1 - h1)
        g = {"theta1": X.T @ dz1, "b1": dz1.sum(0, keepdims=True),
             "theta2": h1.T @ dz2, "b2": dz2.sum(0, keepdims=True)}
        trace["last"] = ({k: v.copy() for k, v in p.items()}, g)
        p = {k: p[k] - lr * g[k] for k in p}
        observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, inputs=X, targets=y, predictions=h2)
        trace["losses"].append(loss)
    trace["loss_of"] = loss_of(X, y)
    return trace


SYMPTOMS = [Symptom("gradient-mismatch", "at the last epoch dtheta2 differs from central differences of the loss "
                    "by > 10%", lambda t: gradient_error(t["loss_of"], *t["last"], "theta2") > 0.1)]
