"""A NumPy MLP built from forward/backward functions (fully connected -> tanh -> fully connected -> softmax
cross-entropy) whose tanh backward returns 1 - tanh(next_dz)^2: the derivative formula evaluated at the incoming
gradient instead of the layer's input, and never multiplied by that gradient. For small gradients it is ~1 for every
unit and sample, so the first layer's gradient is just the column sums of the batch, the same for every hidden
unit: W1 is driven one way, every hidden unit saturates, the network outputs one distribution for every image and
the loss hovers at chance (~2.3) with 10% accuracy."""
import numpy as np

from doctor_corpus import Symptom, constant_rows, digits, flat, gradient_error, saturated_fraction

HELD_OUT = True
ROUND = 9
SOURCE = "https://github.com/yizt/numpy_neural_network/issues/6"
DIAGNOSIS = ("The issue (the maintainer confirmed and fixed it): tanh's backward must be next_dz * (1 - "
             "tanh(z)^2), the upstream gradient times the derivative at the layer's input z; the code returned "
             "1 - tanh(next_dz)^2. (The same issue also reports AdaGrad/RMSProp accumulating the squared weights "
             "instead of the squared gradients; we use plain SGD.)")
CHOICES = ("scikit-learn's digits (1,000 images, pixels / 16): 64-32-10, weights N(0, 1) * sqrt(2 / fan_in) and "
           "zero biases (our generator, seed 0), tanh hidden layer, softmax cross-entropy whose gradient dy = "
           "(p - y) / N, fully connected backward dW = z.T @ next_dz, db = sum over the batch, plain SGD lr 0.1 "
           "on shuffled batches of 32, 20 epochs. The user observes once per epoch the last batch's loss, the "
           "weights dict (W1, b1, W2, b2), the gradients dict under the same keys, lr, that batch's inputs, its "
           "integer labels and the softmax outputs.")

X, LABELS = digits(1000, seed=0)
X = X / 16.0


def fc_forward(z, W, b):
    return z @ W + b


def fc_backward(next_dz, W, z):
    return next_dz @ W.T, z.T @ next_dz, next_dz.sum(axis=0)


def tanh_backward(next_dz):
    return 1 - np.square(np.tanh(next_dz))


def cross_entropy_loss(scores, labels):
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    probs = e / e.sum(axis=1, keepdims=True)
    n = len(labels)
    loss = float(-np.mean(np.log(probs[np.arange(n), labels] + 1e-300)))
    dy = probs.copy()
    dy[np.arange(n), labels] -= 1
    return loss, dy / n, probs


def loss_of(weights, x, labels):
    return cross_entropy_loss(fc_forward(np.tanh(fc_forward(x, weights["W1"], weights["b1"])), weights["W2"],
                                         weights["b2"]), labels)[0]


def run(observe, epochs=20, lr=0.1, batch=32):
    rng = np.random.default_rng(0)
    weights = {"W1": rng.standard_normal((64, 32)) * np.sqrt(2 / 64), "b1": np.zeros(32),
               "W2": rng.standard_normal((32, 10)) * np.sqrt(2 / 32), "b2": np.zeros(10)}
    trace = {"losses": [], "full_losses": []}
    for epoch in range(epochs):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch):
            idx = order[start:start + batch]
            x, y = X[idx], LABELS[idx]
            z1 = fc_forward(x, weights["W1"], weights["b1"])
            a1 = np.tanh(z1)
            scores = fc_forward(a1, weights["W2"], weights["b2"])
            loss, dy, probs = cross_entropy_loss(scores, y)
            gradients = {}
            da1, gradients["W2"], gradients["b2"] = fc_backward(dy, weights["W2"], a1)
            dz1 = tanh_backward(da1)
            _, gradients["W1"], gradients["b1"] = fc_backward(dz1, weights["W1"], x)
            if epoch == 0 and start == 0:
                trace["first"] = ({k: v.copy() for k, v in weights.items()}, gradients, x, y)
            for k in weights:
                weights[k] = weights[k] - lr * gradients[k]
        observe(epoch=epoch, loss=loss, params=weights, grads=gradients, lr=lr, inputs=x, targets=y,
                predictions=probs)
        trace["losses"].append(loss)
        trace["full_losses"].append(loss_of(weights, X, LABELS))
    a1 = np.tanh(fc_forward(X, weights["W1"], weights["b1"]))
    probs = cross_entropy_loss(fc_forward(a1, weights["W2"], weights["b2"]), LABELS)[2]
    trace["a1"], trace["probs"] = a1, probs
    trace["accuracy"] = float(np.mean(np.argmax(probs, axis=1) == LABELS))
    return trace


def _first_error(t, name):
    params, grads, x, y = t["first"]
    return gradient_error(lambda q: loss_of(q, x, y), params, grads, name)


SYMPTOMS = [
    Symptom("gradient-mismatch", "at the first batch dW1 differs from central differences of the batch loss by "
            "more than 0.9 of its norm (dW2 agrees to 1e-6)",
            lambda t: _first_error(t, "W1") > 0.9 and _first_error(t, "W2") < 1e-6),
    Symptom("saturated-activation", "at the end every hidden tanh output on the 1,000 images is within 2e-3 of -1 "
            "or +1", lambda t: saturated_fraction((t["a1"] + 1) / 2) == 1.0),
    Symptom("constant-output", "at the end every image gets the same ten probabilities within 1e-3",
            lambda t: constant_rows(t["probs"], tol=1e-3)),
    Symptom("loss-plateau", "the loss over all 1,000 images stays within 5% of ln 10 = 2.303 (chance) over the "
            "second half and the accuracy ends below 15%", lambda t: flat(t["full_losses"], rel=0.05)
            and abs(np.mean(t["full_losses"][10:]) - np.log(10)) < 0.1 * np.log(10) and t["accuracy"] < 0.15),
]
