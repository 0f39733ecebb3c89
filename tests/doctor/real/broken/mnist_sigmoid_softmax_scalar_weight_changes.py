"""A 784-128-64-10 tutorial network (here 64-128-64-10 on 8x8 digits), sigmoid hidden layers and a softmax output
in the column layout (W @ x, one sample at a time, no biases), whose backward pass takes np.dot of two vectors:
each 'change' is a single number, subtracted from every weight of its matrix."""
import numpy as np

from doctor_corpus import Symptom, digits, flat, one_hot, sigmoid

HELD_OUT = True
ROUND = 5
SOURCE = "https://github.com/casper-hansen/Neural-Network-From-Scratch/pull/1"
DIAGNOSIS = ("The pull request that fixed the tutorial: its network stayed near chance accuracy because the "
             "backward pass was wrong. np.dot(error, A) of two vectors is their inner product, one number, where "
             "the weight change is the outer product np.outer(error, A_previous) (and the error must carry the "
             "output derivative of the cost); the update then subtracts that one number from every row. With the "
             "outer products of the right activations the same network learns.")
CHOICES = ("scikit-learn's 8x8 digits (200 samples, pixels / 16 as float32, the tutorial divides MNIST by 255) "
           "instead of MNIST, so 64 inputs; the tutorial's hidden sizes 128 and 64, its init randn * sqrt(1 / "
           "units), sigmoid, stable softmax, lr 0.001, one sample per step and 10 epochs; its backward pass as "
           "posted and its row-by-row update written as one subtraction (the same arithmetic, 200x faster here); "
           "observe once per epoch the way the notebook keeps its state: params is the network's own dict (weights "
           "and the cached A0, Z1, A1 ... of the last sample), grads the last sample's change_w, with the epoch's "
           "mean squared error and lr.")


def softmax(x):
    e = np.exp(x - x.max())
    return e / np.sum(e, axis=0)


def dsigmoid(x):
    return np.exp(-x) / (np.exp(-x) + 1) ** 2


def run(observe, epochs=10, l_rate=0.001, sizes=(64, 128, 64, 10)):
    X, labels = digits(200, seed=5)
    X = (X / 16).astype("float32")
    Y = one_hot(labels, 10)
    rng = np.random.default_rng(0)
    params = {f"W{i + 1}": rng.standard_normal((sizes[i + 1], sizes[i])) * np.sqrt(1.0 / sizes[i + 1])
              for i in range(3)}
    trace = {"losses": [], "acc": [], "changes": []}
    for epoch in range(epochs):
        errors = []
        for x, y in zip(X, Y):
            params["A0"] = x
            params["Z1"] = params["W1"] @ params["A0"]
            params["A1"] = sigmoid(params["Z1"])
            params["Z2"] = params["W2"] @ params["A1"]
            params["A2"] = sigmoid(params["Z2"])
            params["Z3"] = params["W3"] @ params["A2"]
            output = params["A3"] = softmax(params["Z3"])
            errors.append(float(np.mean((output - y) ** 2)))
            change_w = {}
            error = output - y
            change_w["W3"] = np.dot(error, params["A3"])
            error = np.dot(params["W3"].T, error) * dsigmoid(params["Z2"])
            change_w["W2"] = np.dot(error, params["A2"])
            error = np.dot(params["W2"].T, error) * dsigmoid(params["Z1"])
            change_w["W1"] = np.dot(error, params["A1"])
            for key, value in change_w.items():
                params[key] -= l_rate * value         # the post loops over the rows: the same subtraction
        loss = float(np.mean(errors))
        observe(epoch=epoch, loss=loss, params=params, grads=change_w, lr=l_rate)
        trace["losses"].append(loss)
        trace["changes"].append({k: np.shape(v) for k, v in change_w.items()})
        scores = params["W3"] @ sigmoid(params["W2"] @ sigmoid(params["W1"] @ X.T))
        outputs = (np.exp(scores - scores.max(axis=0)) / np.exp(scores - scores.max(axis=0)).sum(axis=0)).T
        trace["acc"].append(float(np.mean(outputs.argmax(axis=1) == labels)))
        trace["outputs"] = outputs
    return trace


SYMPTOMS = [
    Symptom("gradient-shape", "every change_w is a single number (shape ()) for a (64, 128), (128, 64) or (10, 64) "
            "weight matrix", lambda t: all(s == () for c in t["changes"] for s in c.values())),
    Symptom("constant-output", "every sample's 10 final outputs within 0.01 of the mean output (all say one class)",
            lambda t: float(np.ptp(t["outputs"], axis=0).max()) < 0.01 and len(set(t["outputs"].argmax(1))) == 1),
    Symptom("loss-plateau", "the mean squared error moves < 5% over the second half", lambda t: flat(t["losses"])),
]
