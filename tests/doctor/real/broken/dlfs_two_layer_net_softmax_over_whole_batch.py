"""The two-layer network of "Deep Learning from Scratch" (Affine -> Relu -> Affine -> SoftmaxWithLoss layer
objects, each keeping its dW, db) run with the book's first, one-sample softmax: it subtracts the batch's single
maximum and divides by the sum over the whole (batch, 10) array, so the hundred rows together sum to 1. The loss is
the cross-entropy of those probabilities, but the backward pass keeps (y - t) / batch_size, the gradient of a
row-wise softmax: the gradients are not the gradient of the loss the network reports (the reader's gradient check
differs by up to 0.28). On our stand-in the mismatch also wrecks training: (y - t) / batch_size keeps pushing
every row's target logit up because almost all of the mass sits in one row, the weights grow to ~1e58, every image
is classed as one digit and the loss stays pinned at -log(1e-7) = 16.118 by the loss's clip."""
import numpy as np

from doctor_corpus import EXPLODING_GRADIENTS, Symptom, digits, flat, grad_norm, gradient_error, one_hot

HELD_OUT = True
ROUND = 9
SOURCE = "https://github.com/oreilly-japan/deep-learning-from-scratch/issues/85"
DIAGNOSIS = ("The reader found it (whether their training run used the stale softmax too is not said): a stale copy "
             "of the early softmax (one global maximum, one sum over the whole array) was still used, so on a 2-d "
             "batch the outputs are normalised over all samples at once and no longer match the backward pass (y - t)"
             " / batch_size; the gradient check's differences (b2: 0.28) come from that. Use the batch version that "
             "takes the maximum and the sum per row.")
CHOICES = ("scikit-learn's digits (1,000 images, pixels / 16) for MNIST: 64-50-10, weights 0.01 * standard normal and"
           " zero biases as the book's TwoLayerNet (our generator, seed 0), ReLU, mini-batches of 100 drawn at "
           "random, lr 0.1, 1,500 iterations. The user observes every 100 iterations (the book's iter_per_epoch for "
           "this data size) the batch's loss, network.params (W1, b1, W2, b2) and the dict network.gradient() returns"
           " under the same keys (the layers' dW, db), lr, the batch's inputs, one-hot targets and the softmax "
           "outputs.")

X, LABELS = digits(1000, seed=0)
X = X / 16.0
T = one_hot(LABELS, 10)


def whole_array_softmax(a):
    c = np.max(a)
    e = np.exp(a - c)
    return e / np.sum(e)


class Affine:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, dout):
        self.dW = self.x.T @ dout
        self.db = dout.sum(axis=0)
        return dout @ self.W.T


class Relu:
    def forward(self, x):
        self.mask = x <= 0
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout = dout.copy()
        dout[self.mask] = 0
        return dout


class SoftmaxWithLoss:
    def forward(self, x, t):
        self.t, self.y = t, whole_array_softmax(x)
        return float(-np.sum(t * np.log(self.y + 1e-7)) / len(x))

    def backward(self):
        return (self.y - self.t) / len(self.t)


def loss_of(params, x, t):
    h = np.maximum(x @ params["W1"] + params["b1"], 0)
    return SoftmaxWithLoss().forward(h @ params["W2"] + params["b2"], t)


def run(observe, iterations=1500, lr=0.1, batch_size=100, every=100):
    rng = np.random.default_rng(0)
    params = {"W1": 0.01 * rng.standard_normal((64, 50)), "b1": np.zeros(50),
              "W2": 0.01 * rng.standard_normal((50, 10)), "b2": np.zeros(10)}
    layers = [Affine(params["W1"], params["b1"]), Relu(), Affine(params["W2"], params["b2"])]
    last = SoftmaxWithLoss()
    trace = {"losses": [], "grad_norms": []}
    for i in range(iterations):
        idx = rng.choice(len(X), batch_size)
        x, t = X[idx], T[idx]
        a = x
        for layer in layers:
            a = layer.forward(a)
        loss = last.forward(a, t)
        d = last.backward()
        for layer in reversed(layers):
            d = layer.backward(d)
        grads = {"W1": layers[0].dW, "b1": layers[0].db, "W2": layers[2].dW, "b2": layers[2].db}
        if i % every == 0:
            observe(epoch=i // every, loss=loss, params=params, grads=grads, lr=lr, inputs=x, targets=t,
                    predictions=last.y)
            trace["losses"].append(loss)
            trace["grad_norms"].append(grad_norm(grads))
            if i == 5 * every:
                trace["check"] = ({k: v.copy() for k, v in params.items()}, grads, x, t)
        for key in params:
            params[key] -= lr * grads[key]        # in place: the layers hold the same arrays
    h = np.maximum(X @ params["W1"] + params["b1"], 0)
    trace["accuracy"] = float(np.mean(np.argmax(h @ params["W2"] + params["b2"], axis=1) == LABELS))
    return trace


def _errors(t):
    params, grads, x, target = t["check"]
    return {k: gradient_error(lambda q: loss_of(q, x, target), params, grads, k) for k in ("W2", "b2")}


SYMPTOMS = [
    Symptom("gradient-mismatch", "at iteration 500 the gradients of W2 and b2 differ from central differences of "
            "the reported loss (whole-array softmax cross-entropy) by more than half their norm",
            lambda t: min(_errors(t).values()) > 0.5),
    EXPLODING_GRADIENTS,
    Symptom("loss-plateau", "over the second half the loss is flat at 16.118 (the 1e-7 clip) and at the end the "
            "training accuracy is below 20%", lambda t: flat(t["losses"], rel=0.02)
            and abs(t["losses"][-1] - 16.118) < 0.01 and t["accuracy"] < 0.2),
]
