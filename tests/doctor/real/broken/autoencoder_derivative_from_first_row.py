"""A 2-1-2 sigmoid autoencoder whose sigmoid derivative is built from the first sample only: output = column mean."""
import numpy as np

from doctor_corpus import Symptom, flat, gradient_error, sigmoid

HELD_OUT = True
SOURCE = ("https://kiwix.lema.org/stackoverflow.com_en_all_2023-11/questions/40246536/autoencoder-cost-decreases-"
          "but-wrong-output-when-more-than-one-data-example")
DIAGNOSIS = ("(Our reading of the posted code; the thread's answer is not in the copy.) The poster checked the "
             "gradients numerically on one sample, where they are right; the sigmoid derivative matrix is built "
             "from x[0, i] only, so with two samples both get the first sample's derivative. The reconstruction of "
             "the first column goes to the column's mean and the cost plateaus (0.006 in the post).")
CHOICES = ("m = 2 samples of one feature from rand plus a column of ones, as posted; k = 1 hidden unit; weights "
           "N(0, 1) (the post's init is cut off); no biases (the ones column is the input's bias); cost = "
           "sum of squared errors / (2 m) as posted; lr 1; 10,000 iterations as posted, observe every 50th "
           "with loss, params, grads, predictions and targets (the loss and reconstruction of that iteration's "
           "forward pass, the parameters after its update).")

X = np.array([[0.37853141, 1.0], [0.59747807, 1.0]])   # the two samples the post prints


def forward(p):
    h = sigmoid(X @ p["W1"])
    return h, sigmoid(h @ p["W2"])


def cost(p):
    return float(np.sum((X - forward(p)[1]) ** 2) / (2 * len(X)))


def first_row_derivative(a):
    """The post's bug in our words: every sample gets a(1 - a) of sample 0."""
    return np.broadcast_to(a[:1] * (1 - a[:1]), a.shape)


def gradients(p):
    h, out = forward(p)
    d2 = (out - X) * first_row_derivative(out)
    d1 = (d2 @ p["W2"].T) * first_row_derivative(h)
    return {"W1": X.T @ d1 / len(X), "W2": h.T @ d2 / len(X)}


def run(observe, iterations=10000, lr=1.0, every=50):
    rng = np.random.default_rng(3)
    p = {"W1": rng.standard_normal((2, 1)), "W2": rng.standard_normal((1, 2))}
    trace = {"losses": []}
    for i in range(iterations):
        g, loss, out = gradients(p), cost(p), forward(p)[1]
        p = {k: p[k] - lr * g[k] for k in p}
        if i % every == 0:
            observe(epoch=i, loss=loss, params=p, grads=g, predictions=out, targets=X)
            trace["losses"].append(loss)
    trace["last"] = (p, gradients(p))
    trace["out"] = forward(p)[1]
    return trace


SYMPTOMS = [
    Symptom("gradient-mismatch", "at the end dW1 differs from central differences of the cost by > 10%",
            lambda t: gradient_error(cost, t["last"][0], t["last"][1], "W1") > 0.1),
    Symptom("loss-plateau", "the cost moves < 5% over the second half, above 1e-3",
            lambda t: flat(t["losses"]) and t["losses"][-1] > 1e-3),
    Symptom("constant-output", "the two reconstructions of the first column differ by < 5% of the inputs' spread",
            lambda t: abs(t["out"][0, 0] - t["out"][1, 0]) < 0.05 * abs(X[0, 0] - X[1, 0])),
]
