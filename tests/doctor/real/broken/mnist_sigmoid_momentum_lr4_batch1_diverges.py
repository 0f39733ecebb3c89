"""A 784-64-10 network (here 64-64-10 on 8x8 digits) with sigmoid hidden units and a softmax output, laid out as
W @ X.T (units on axis 0, samples on axis 1), trained with momentum (beta 0.9) on batches of one image at learning
rate 4. The steps are far too large: hidden pre-activations are driven to hundreds, the training loss climbs from
7.5 after the first epoch to 16 after the tenth, the accuracy never leaves chance (~10%), nearly every hidden unit
ends saturated and the output is the same for every image. On MNIST's 60,000 images per epoch the asker's run went
on to NaN (the derivative written as exp(-z) / (exp(-z) + 1)^2 is inf / inf once z < -709); on our 1,000 small
images the pre-activations reach ~670 in ten epochs, not yet NaN."""
import numpy as np

from doctor_corpus import Symptom, constant_rows, digits, one_hot, saturated_fraction

HELD_OUT = True
ROUND = 9
SOURCE = "https://github.com/lionelmessi6410/Neural-Networks-from-Scratch/issues/2"
DIAGNOSIS = ("The maintainer's answer to 'NaN with --activation sigmoid --optimizer momentum --l_rate 4 --batch_size "
             "1': the learning rate is too high; below 1 the NaN does not appear. (The overflow itself comes from the"
             " sigmoid derivative computed as exp(-z) / (exp(-z) + 1)^2, which is inf / inf for very negative z; the "
             "repository notes those overflow warnings.)")
CHOICES = ("scikit-learn's digits (1,000 images, pixels / 16) for MNIST /255: the repository's sizes with 64 inputs "
           "(W1 (64, 64), W2 (10, 64) N(0, 1/fan_in), zero column biases; our generator, seed 0), sigmoid hidden "
           "layer with that derivative, softmax over axis 0 after subtracting the batch maximum, cross-entropy "
           "averaged over the batch, momentum v = 0.9 v + 0.1 g, w -= 4 v, batches of one image in a fresh shuffle "
           "each epoch (we leave out the repository's empty last batch), 10 epochs. The user observes once per epoch,"
           " as the repository prints: the training loss over all images, W1, b1, W2, b2, the last batch's gradients "
           "under the same keys, the learning rate, all inputs (n, 64), their one-hot targets (n, 10) and the "
           "network's output as it returns it, (10, n).")

X, LABELS = digits(1000, seed=0)
X = X / 16.0
Y = one_hot(LABELS, 10)


def sigmoid(x, derivative=False):
    if derivative:
        return np.exp(-x) / (np.exp(-x) + 1) ** 2
    return 1 / (1 + np.exp(-x))


def softmax(x):
    e = np.exp(x - x.max())
    return e / np.sum(e, axis=0)


def feed_forward(p, x):
    z1 = p["W1"] @ x.T + p["b1"]
    a1 = sigmoid(z1)
    return z1, a1, softmax(p["W2"] @ a1 + p["b2"])


def cross_entropy(y, out):
    return float(-np.sum(y.T * np.log(out)) / len(y))


def run(observe, epochs=10, l_rate=4.0, beta=0.9, batch_size=1):
    rng = np.random.default_rng(0)
    p = {"W1": rng.standard_normal((64, 64)) * np.sqrt(1 / 64), "b1": np.zeros((64, 1)),
         "W2": rng.standard_normal((10, 64)) * np.sqrt(1 / 64), "b2": np.zeros((10, 1))}
    v = {k: np.zeros_like(w) for k, w in p.items()}
    trace = {"losses": [], "step_ratio": [], "accuracy": []}
    with np.errstate(all="ignore"):
        for epoch in range(epochs):
            order = rng.permutation(len(X))
            for start in range(0, len(X), batch_size):
                x, y = X[order[start:start + batch_size]], Y[order[start:start + batch_size]]
                z1, a1, out = feed_forward(p, x)
                m = len(y)
                dZ2 = out - y.T
                dZ1 = (p["W2"].T @ dZ2) * sigmoid(z1, derivative=True)
                grads = {"W1": dZ1 @ x / m, "b1": dZ1.sum(axis=1, keepdims=True) / m,
                         "W2": dZ2 @ a1.T / m, "b2": dZ2.sum(axis=1, keepdims=True) / m}
                for k in p:
                    v[k] = beta * v[k] + (1 - beta) * grads[k]
                    p[k] = p[k] - l_rate * v[k]
                if start == 0:
                    trace["step_ratio"].append(max(l_rate * np.linalg.norm(v[k]) / np.linalg.norm(p[k])
                                                   for k in ("W1", "W2")))
            _, a1, out = feed_forward(p, X)
            loss = cross_entropy(Y, out)
            observe(epoch=epoch, loss=loss, params=p, grads=grads, lr=l_rate, inputs=X, targets=Y, predictions=out)
            trace["losses"].append(loss)
            trace["accuracy"].append(float(np.mean(np.argmax(out, axis=0) == LABELS)))
    trace["a1"], trace["out"] = a1, out
    return trace


SYMPTOMS = [
    Symptom("lr-too-high", "the run's first step moves W1 or W2 by more than 0.3 of its norm (at lr 0.5 it is 0.065) "
            "and the training accuracy stays below 15% in every epoch",
            lambda t: t["step_ratio"][0] > 0.3 and max(t["accuracy"]) < 0.15),
    Symptom("loss-diverging", "the training loss ends above twice its value after the first epoch and above 5 x "
            "ln 10 (chance is ln 10 = 2.3)", lambda t: t["losses"][-1] > 2 * t["losses"][0]
            and t["losses"][-1] > 5 * np.log(10)),
    Symptom("saturated-activation", "at the end more than 95% of the hidden sigmoid outputs on the 1,000 images are "
            "within 1e-3 of 0 or 1", lambda t: saturated_fraction(t["a1"]) > 0.95),
    Symptom("constant-output", "at the end every image gets the same ten probabilities within 1e-3",
            lambda t: constant_rows(t["out"].T, tol=1e-3)),
]
