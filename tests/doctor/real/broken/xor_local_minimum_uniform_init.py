"""XOR on a 2-2-1 sigmoid net started from uniform [0, 1) weights: three outputs stuck together."""
import numpy as np

from doctor_corpus import Symptom, sigmoid

SOURCE = "https://ai.stackexchange.com/questions/6170/neural-network-returns-similar-output"
DIAGNOSIS = ("A local minimum: from weights in [0, 1) the net often settles where three of the four XOR outputs "
             "are about 0.65; the answer says to randomise the initial weights over [-1, 1) (and to expect some "
             "starts to fail).")
CHOICES = ("Per-sample SGD on a randomly chosen XOR pattern with squared error, as in the tutorial the post "
           "follows; lr 0.5 (the post does not print it); weights and biases uniform in [0, 1) from seed 1, a start "
           "that gets stuck like the post's (outputs about 0.05, 0.98, 0.69, 0.69); an epoch is 100 random steps, "
           "120 epochs; observe gets the loss over the four patterns, the parameters, the last step's gradients "
           "and the four predictions.")

X = np.array([[0, 0], [1, 0], [0, 1], [1, 1]], dtype=float)
Y = np.array([[0], [1], [1], [0]], dtype=float)


def run(observe, epochs=120, lr=0.5):
    rng = np.random.default_rng(1)
    p = {"W_ih": rng.random((2, 2)), "b_h": rng.random((2, 1)), "W_ho": rng.random((1, 2)), "b_o": rng.random((1, 1))}
    trace = {"losses": []}
    for epoch in range(epochs):
        for _ in range(100):
            i = rng.integers(4)
            x, y = X[i].reshape(2, 1), Y[i].reshape(1, 1)
            h = sigmoid(p["W_ih"] @ x + p["b_h"])
            o = sigmoid(p["W_ho"] @ h + p["b_o"])
            d_o = (o - y) * o * (1 - o)
            d_h = p["W_ho"].T @ d_o * h * (1 - h)
            g = {"W_ho": d_o @ h.T, "b_o": d_o, "W_ih": d_h @ x.T, "b_h": d_h}
            for k in p:
                p[k] -= lr * g[k]
        out = sigmoid(p["W_ho"] @ sigmoid(p["W_ih"] @ X.T + p["b_h"]) + p["b_o"]).T
        loss = float(np.mean((out - Y) ** 2))
        observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, predictions=out, targets=Y)
        trace["losses"].append(loss)
    trace["out"] = out
    return trace


SYMPTOMS = [
    Symptom("loss-plateau", "over the second half the loss never falls below 0.1 (starts that learn reach < 0.01)",
            lambda t: min(t["losses"][len(t["losses"]) // 2:]) > 0.1),
]
