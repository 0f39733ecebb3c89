"""A class-based 2-5-5-1 sigmoid network in the column layout (W @ X) whose weight gradients are summed over the
200 samples while the cost is averaged, and whose bias 'gradients' are the per-sample deltas themselves: the first
update turns each (5, 1) bias into a (5, 200) matrix, one bias per training sample."""
import numpy as np

from doctor_corpus import Symptom, central_difference, moons, sigmoid

HELD_OUT = True
ROUND = 5
SOURCE = "https://datascience.stackexchange.com/questions/54364/back-propagation-on-matrix-of-weights"
DIAGNOSIS = ("(Our reading of the posted backward pass; the question asks how to finish it.) The deltas are right "
             "(sigmoid' times dBCE/da3 is a3 - y), but Dw = delta @ a.T sums over the samples while the cost is "
             "divided by m, so every weight step is m times what the learning rate says; and Db = delta keeps one "
             "column per sample, so b - lr * Db broadcasts each bias into a (units, m) matrix: a bias per training "
             "sample, which cannot be used on a new input. Divide by m and sum the deltas over the samples (axis=1,"
             " keepdims=True).")
CHOICES = ("The post's layers (2 inputs, 5 and 5 sigmoid units, 1 sigmoid output), its np.random.rand weights and "
           "biases (uniform [0, 1)), its cost -1/m (y log a3 + (1 - y) log(1 - a3)) and its deltas; 200 moons "
           "samples (noise 0.2) as the binary task of two features, passed as (2, 200); the update the post does "
           "not show written the usual way, p - lr * Dp, with lr 0.01 and 300 epochs; observe once per epoch after "
           "the backward pass and before the update (where the post prints), with the cost, the parameters, the "
           "gradients under the post's names, lr, inputs, targets and predictions (samples on axis 0).")


def forward(p, X):
    a1 = sigmoid(p["W1"] @ X + p["b1"])
    a2 = sigmoid(p["W2"] @ a1 + p["b2"])
    return a1, a2, sigmoid(p["W3"] @ a2 + p["b3"])


def cost_of(X, Y):
    def cost(p):
        a3 = forward(p, X)[2]
        return float(np.squeeze(-(Y @ np.log(a3).T + (1 - Y) @ np.log(1 - a3).T) / X.shape[1]))
    return cost


def run(observe, epochs=300, lr=0.01):
    x, y = moons(200, noise=0.2, seed=0)
    X, Y = x.T, y.reshape(1, -1).astype(float)
    rng = np.random.default_rng(0)
    p = {"W1": rng.random((5, 2)), "b1": rng.random((5, 1)), "W2": rng.random((5, 5)), "b2": rng.random((5, 1)),
         "W3": rng.random((1, 5)), "b3": rng.random((1, 1))}
    cost = cost_of(X, Y)
    trace = {"losses": [], "shapes": [], "cost": cost}
    for epoch in range(epochs):
        a1, a2, a3 = forward(p, X)
        d3 = a3 - Y
        d2 = (p["W3"].T @ d3) * a2 * (1 - a2)
        d1 = (p["W2"].T @ d2) * a1 * (1 - a1)
        g = {"Dw_layer3": d3 @ a2.T, "Db_layer3": d3, "Dw_layer2": d2 @ a1.T, "Db_layer2": d2,
             "Dw_layer1": d1 @ X.T, "Db_layer1": d1}
        loss = cost(p)
        observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, inputs=X.T, targets=Y.T, predictions=a3.T)
        if epoch == 5:
            trace["point"] = ({k: v.copy() for k, v in p.items()}, g["Dw_layer3"].copy())
        trace["shapes"].append((p["b1"].shape, g["Db_layer1"].shape))
        names = {"W1": "Dw_layer1", "b1": "Db_layer1", "W2": "Dw_layer2", "b2": "Db_layer2",
                 "W3": "Dw_layer3", "b3": "Db_layer3"}
        p = {k: p[k] - lr * g[names[k]] for k in p}
        trace["losses"].append(loss)
    trace["b1_final"] = p["b1"].shape
    return trace


def _scale(t):
    params, dw3 = t["point"]
    return float(np.mean(dw3 / central_difference(t["cost"], params, "W3")))


SYMPTOMS = [
    Symptom("gradient-shape", "Db_layer1 is (5, 200) for a (5, 1) bias at the first step, and b1 ends (5, 200)",
            lambda t: t["shapes"][0] == ((5, 1), (5, 200)) and t["b1_final"] == (5, 200)),
    Symptom("gradient-scale", "Dw_layer3 is 200x (= m) the central-difference gradient of the cost, within 1%",
            lambda t: abs(_scale(t) / 200 - 1) < 0.01),
]
