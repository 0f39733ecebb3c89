"""A lecture series' manual-backpropagation version of its 2-2-1 sigmoid XOR network (x @ W layout, weights and
biases N(0, 1), lr 0.1, binary cross-entropy as the cost), run on the four XOR rows copied 512 times (2,048
samples), the issue's way to show the bug: the weight gradients are X.T @ delta, summed over the samples, while
the biases step by the mean of theirs, and the output error is (h - y) * sigmoid'(z2), the error of a squared
loss, not the cross-entropy being printed. On 4 rows the sum is a factor of 4 and the network learns XOR; on
2,048 the first step moves each weight matrix by more than twice its size and the network sticks at 3 of 4
patterns right, with outputs near 0, 0.5, 1 and 0.5 whose sigmoid slopes (0.005 to 0.25) make the gradient no
longer even a multiple of the cost's."""
import numpy as np

from doctor_corpus import Symptom, central_difference, flat, sigmoid

HELD_OUT = True
ROUND = 11
SOURCE = "https://github.com/hunkim/DeepLearningZeroToAll/issues/173"
DIAGNOSIS = ("The issue (by the repository's owner): in lab-09-x-xor-nn-back_prop the manual backprop's weight "
             "gradients d_W = X^T d_l are proportional to the sample size; they must be averaged. With 4 samples it "
             "is fine, but when the sample size is large it does not work (reproduced by stacking the XOR data "
             "on itself many times).")
CHOICES = ("The lab builds the same arithmetic as a TensorFlow graph of explicit matrix products (no autodiff); we "
           "write it in NumPy. XOR stacked 9 times onto itself (2,048 rows; the issue stacks it more), N(0, 1) "
           "weights and biases (our generator, seed 0), lr 0.1, 1,201 of its 10,001 iterations. observe() every 50 "
           "iterations before the update, where the lab prints: the cross-entropy cost, W1, b1, W2, b2, the "
           "gradients as applied (d_W1, d_W2 summed; the bias steps use the mean of d_b1, d_b2, passed as those), "
           "lr, the inputs, targets and the hypothesis.")

X4 = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y4 = np.array([[0], [1], [1], [0]], dtype=float)


def forward(p, X):
    layer1 = sigmoid(X @ p["W1"] + p["b1"])
    return layer1, sigmoid(layer1 @ p["W2"] + p["b2"])


def cost_of(X, Y):
    def loss_of(p):
        h = forward(p, X)[1]
        return float(-np.mean(Y * np.log(h) + (1 - Y) * np.log(1 - h)))
    return loss_of


def run(observe, iterations=1201, learning_rate=0.1, copies=9, every=50):
    X, Y = X4, Y4
    for _ in range(copies):
        X, Y = np.vstack([X, X]), np.vstack([Y, Y])
    rng = np.random.default_rng(0)
    p = {"W1": rng.standard_normal((2, 2)), "b1": rng.standard_normal(2),
         "W2": rng.standard_normal((2, 1)), "b2": rng.standard_normal(1)}
    trace = {"losses": [], "accuracies": []}
    for i in range(iterations):
        layer1, h = forward(p, X)
        cost = cost_of(X, Y)(p)
        d_l2 = (h - Y) * h * (1 - h)
        d_l1 = (d_l2 @ p["W2"].T) * layer1 * (1 - layer1)
        g = {"W1": X.T @ d_l1, "b1": d_l1.mean(axis=0), "W2": layer1.T @ d_l2, "b2": d_l2.mean(axis=0)}
        if i % every == 0:
            trace["last"] = ({k: v.copy() for k, v in p.items()}, g, X, Y)
            observe(epoch=i, loss=cost, params=p, grads=g, lr=learning_rate, inputs=X, targets=Y, predictions=h)
            trace["losses"].append(cost)
            trace["accuracies"].append(float(np.mean((h > 0.5) == (Y > 0.5))))
        new = {k: p[k] - learning_rate * g[k] for k in p}
        if i == 0:
            trace["first_step"] = {k: float(np.linalg.norm(new[k] - p[k]) / np.linalg.norm(p[k])) for k in ("W1", "W2")}
        p = new
    return trace


def not_a_multiple(t, name):
    """Relative residual of the weight gradient after the best constant factor: 0 if it is c x the true one."""
    params, g, X, Y = t["last"]
    true = central_difference(cost_of(X, Y), params, name).ravel()
    given = g[name].ravel()
    c = given @ true / (given @ given)
    return float(np.linalg.norm(c * given - true) / np.linalg.norm(true))


SYMPTOMS = [
    Symptom("gradient-mismatch", "at the last observation dW1 and dW2 are no constant multiples of the cost's "
            "gradient by central differences (after the best factor more than 10% remains)",
            lambda t: min(not_a_multiple(t, "W1"), not_a_multiple(t, "W2")) > 0.1),
    Symptom("lr-too-high", "the first step changes W1 and W2 each by more than 1x their norm",
            lambda t: min(t["first_step"].values()) > 1.0),
    Symptom("loss-plateau", "over the second half the cost moves by less than 1% while 1 of the 4 patterns stays "
            "wrong",
            lambda t: flat(t["losses"], 0.5, 0.01) and max(t["accuracies"][len(t["accuracies"]) // 2:]) <= 0.75),
]
