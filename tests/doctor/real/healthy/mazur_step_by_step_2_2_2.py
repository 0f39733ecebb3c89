"""Matt Mazur's step-by-step backpropagation example: 2-2-2 sigmoid, one sample, fixed biases."""
import numpy as np

from doctor_corpus import Symptom, sigmoid

SOURCE = "https://mattmazur.com/2015/03/17/a-step-by-step-backpropagation-example/"
DIAGNOSIS = ("A worked example: total error 0.298371109 at the start, 0.291027924 after the first update and "
             "0.0000351085 after 10,000; the biases are not updated.")
CHOICES = ("The post's weights (.15 .. .55), biases .35 and .60 (kept fixed, so only the weights are passed "
           "as params), input (.05, .10), targets (.01, .99), lr 0.5; 1,000 of its 10,000 iterations; observe "
           "gets loss, weights, their gradients, predictions and targets.")

x = np.array([0.05, 0.10])
target = np.array([0.01, 0.99])


def run(observe, epochs=1000, lr=0.5):
    p = {"w_hidden": np.array([[0.15, 0.20], [0.25, 0.30]]), "w_out": np.array([[0.40, 0.45], [0.50, 0.55]])}
    b1, b2 = 0.35, 0.60
    trace = {"losses": []}
    for epoch in range(epochs):
        h = sigmoid(p["w_hidden"] @ x + b1)
        o = sigmoid(p["w_out"] @ h + b2)
        loss = float(np.sum(0.5 * (target - o) ** 2))
        d_o = -(target - o) * o * (1 - o)
        d_h = p["w_out"].T @ d_o * h * (1 - h)
        g = {"w_out": np.outer(d_o, h), "w_hidden": np.outer(d_h, x)}
        if epoch == 0:
            trace["first_update"] = {k: p[k] - lr * g[k] for k in p}
        for k in p:
            p[k] = p[k] - lr * g[k]
        observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, predictions=o.reshape(1, 2),
                targets=target.reshape(1, 2))
        trace["losses"].append(loss)
    return trace


SYMPTOMS = [Symptom(None, "the first two total errors are the post's 0.298371109 and 0.291027924; the error "
                          "falls below 0.002",
                    lambda t: abs(t["losses"][0] - 0.298371109) < 1e-9 and abs(t["losses"][1] - 0.291027924) < 1e-6
                    and t["losses"][-1] < 2e-3)]
