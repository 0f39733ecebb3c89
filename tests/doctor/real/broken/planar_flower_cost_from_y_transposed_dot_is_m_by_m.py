"""The deep-learning course's planar-data assignment (2-4-1, tanh hidden layer, sigmoid output, lr 1.2, samples in
columns) with the cost written np.sum(np.dot(Y.T, log A2) + np.dot((1 - Y).T, log(1 - A2))) / -m: Y.T (m, 1) dot
(1, m) is an m x m table of every label against every prediction, so the sum is (number of 1s) x sum(log a) +
(number of 0s) x sum(log(1 - a)), not the cross-entropy. The backward pass is the assignment's and right for the
cross-entropy, so the network learns (93% of the flower) while the cost it logs starts at 277 and climbs to 900:
the gradients are not those of the logged loss."""
import numpy as np

from doctor_corpus import Symptom, gradient_error, load_case_module, sigmoid

HELD_OUT = True
ROUND = 12
SOURCE = "https://community.deeplearning.ai/t/week3-programming-assignment-4-4-compute-the-cost/18646/6"
DIAGNOSIS = ("The mentor's answer: both Y and A2 are 1 x m row vectors; transposing Y makes the dot product m x 1 "
             "times 1 x m, an m x m matrix, which is why the np.sum was needed; transposing A2 instead gives the "
             "1 x 1 sum of products. The m x m version has no relationship to the correct answer (the mentor "
             "reproduces the poster's wrong cost, 2.0797, this way).")
CHOICES = ("The flower generated like the assignment's load_planar_dataset (400 points, our generator, seed 1), "
           "weights N(0, 1) * 0.01 and zero biases, lr 1.2, 3,000 iterations; the cost as in the question (Y "
           "transposed); observe() every 100 iterations before the update with that cost, W1, b1, W2, b2, dW1 ... "
           "db2 (the assignment's, right for the cross-entropy), lr, and the inputs, labels and outputs transposed "
           "to samples on axis 0 (400, 2), (400, 1), (400, 1).")


# The flower of the assignment's load_planar_dataset, as the healthy planar case generates it.
flower = load_case_module("healthy", "ng_planar_flower_tanh").flower


def forward(p, X):
    A1 = np.tanh(p["W1"] @ X + p["b1"])
    return A1, sigmoid(p["W2"] @ A1 + p["b2"])


def posted_cost(A2, Y):
    m = Y.shape[1]
    return float(-np.sum(np.dot(Y.T, np.log(A2)) + np.dot((1 - Y).T, np.log(1 - A2))) / m)


def run(observe, iterations=3000, lr=1.2, every=100):
    rng = np.random.default_rng(1)
    X, Y = flower(rng)
    m = X.shape[1]
    p = {"W1": rng.standard_normal((4, 2)) * 0.01, "b1": np.zeros((4, 1)),
         "W2": rng.standard_normal((1, 4)) * 0.01, "b2": np.zeros((1, 1))}
    trace = {"losses": [], "accuracies": []}
    for i in range(iterations):
        A1, A2 = forward(p, X)
        dZ2 = A2 - Y
        dZ1 = (p["W2"].T @ dZ2) * (1 - A1 ** 2)
        g = {"dW1": dZ1 @ X.T / m, "db1": dZ1.sum(axis=1, keepdims=True) / m,
             "dW2": dZ2 @ A1.T / m, "db2": dZ2.sum(axis=1, keepdims=True) / m}
        if i % every == 0:
            cost = posted_cost(A2, Y)                    # the m x m table is costly: only where it is logged
            observe(epoch=i, loss=cost, params=p, grads=g, lr=lr, inputs=X.T, targets=Y.T, predictions=A2.T)
            trace["losses"].append(cost)
            trace["accuracies"].append(float(np.mean((A2 > 0.5) == (Y > 0.5))))
            trace["last"] = ({k: v.copy() for k, v in p.items()}, {k[1:]: v.copy() for k, v in g.items()}, X, Y)
        for k in p:
            p[k] = p[k] - lr * g["d" + k]
    return trace


def not_the_gradient_of_the_logged_cost(t):
    params, grads, X, Y = t["last"]

    def logged(q):
        return posted_cost(forward(q, X)[1], Y)
    return min(gradient_error(logged, params, grads, k) for k in ("W2", "b2")) > 0.5


SYMPTOMS = [
    Symptom("gradient-mismatch", "at the last observation dW2 and db2 are more than 0.5 (relative) away from the "
            "central-difference gradient of the logged cost", not_the_gradient_of_the_logged_cost),
    Symptom("loss-diverging", "the logged cost ends above 3x its first value and rises at every observation after "
            "the first", lambda t: t["losses"][-1] > 3 * t["losses"][0]
            and all(b > a for a, b in zip(t["losses"][1:], t["losses"][2:]))),
]
