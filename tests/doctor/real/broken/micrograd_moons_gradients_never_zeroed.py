"""micrograd's moons demo (a 2-16-16-1 ReLU MLP, max-margin loss plus 1e-4 L2, SGD with lr 1.0 - 0.9 k / 100)
written with NumPy layer objects, whose backward adds into each layer's .dW / .db (as micrograd's backward adds
into .grad) while the training loop never resets them. Every step then applies the sum of all gradients so far:
after k steps the step is k gradients long, the loss swings up instead of settling, and the applied dW is far from
the gradient of the current loss. Here the second hidden layer ends dead on every sample, the score is one
constant, and the loss (its L2 term) climbs to ~60 while the weights keep moving by the frozen accumulated sum."""
import numpy as np

from doctor_corpus import Symptom, constant_rows, dead_units, gradient_error, moons

HELD_OUT = True
ROUND = 9
SOURCE = "https://github.com/karpathy/micrograd/issues/53"
DIAGNOSIS = ("The issue (and PR #102 after it): backward() accumulates into .grad, so a second backward without "
             "zeroing adds the new gradient to the old one and the gradients are wrong; a training loop must "
             "reset the parameters' gradients (model.zero_grad()) before every backward pass, as micrograd's "
             "demo does.")
CHOICES = ("The demo's data and model: make_moons(100, noise=0.1) with labels -1/+1, Neuron weights uniform(-1, 1) "
           "and zero biases (our generator, seed 1337), ReLU on both hidden layers, linear output, loss mean(relu(1 "
           "- y * score)) + 1e-4 * sum of squared parameters, full batch, 100 steps at lr 1.0 - 0.9 k / 100; "
           "NumPy matrices (x @ W + b) in layer objects instead of scalar Values; the zero_grad() call left out. "
           "The user observes once per step, after backward and before the update, the loss, each layer's W, b "
           "and its accumulated .dW, .db (named W1, b1, ... in layer order), lr, inputs, targets and scores.")

X, _y = moons(100, noise=0.1, seed=0)
Y = (2.0 * _y - 1.0)[:, None]


class Layer:
    def __init__(self, rng, n_in, n_out, relu):
        self.W, self.b, self.relu = rng.uniform(-1, 1, (n_in, n_out)), np.zeros(n_out), relu
        self.dW, self.db = np.zeros_like(self.W), np.zeros_like(self.b)

    def forward(self, x):
        self.x, self.z = x, x @ self.W + self.b
        return np.maximum(self.z, 0.0) if self.relu else self.z

    def backward(self, dout):
        dz = dout * (self.z > 0) if self.relu else dout
        self.dW += self.x.T @ dz               # accumulates, as micrograd's backward does
        self.db += dz.sum(axis=0)
        return dz @ self.W.T


def loss_of(params, x=X, y=Y):
    a = x
    for k in (1, 2, 3):
        a = a @ params[f"W{k}"] + params[f"b{k}"]
        a = np.maximum(a, 0.0) if k < 3 else a
    reg = 1e-4 * sum(np.sum(v ** 2) for v in params.values())
    return float(np.mean(np.maximum(0.0, 1.0 - y * a)) + reg)


def run(observe, steps=100, zero_grad=False):
    rng = np.random.default_rng(1337)
    layers = [Layer(rng, 2, 16, True), Layer(rng, 16, 16, True), Layer(rng, 16, 1, False)]
    trace = {"losses": [], "errors": []}
    for k in range(steps):
        if zero_grad:
            for layer in layers:
                layer.dW[...] = 0.0
                layer.db[...] = 0.0
        a = X
        for layer in layers:
            a = layer.forward(a)
        margins = 1.0 - Y * a
        params = {}
        for i, layer in enumerate(layers, 1):
            params[f"W{i}"], params[f"b{i}"] = layer.W, layer.b
        loss = loss_of(params)
        dscore = np.where(margins > 0, -Y, 0.0) / len(X)
        for layer in reversed(layers):
            layer.dW += 2e-4 * layer.W           # the L2 term's gradient joins the same accumulator
            layer.db += 2e-4 * layer.b
            dscore = layer.backward(dscore)
        grads = {}
        for i, layer in enumerate(layers, 1):
            grads[f"W{i}"], grads[f"b{i}"] = layer.dW, layer.db
        lr = 1.0 - 0.9 * k / 100
        observe(epoch=k, loss=loss, params=params, grads=grads, lr=lr, inputs=X, targets=Y, predictions=a)
        trace["losses"].append(loss)
        trace["errors"].append(float(np.mean(np.sign(a) != Y)))
        if k == 30:
            trace["step30"] = ({n: v.copy() for n, v in params.items()}, {n: v.copy() for n, v in grads.items()})
        for layer in layers:
            layer.W -= lr * layer.dW
            layer.b -= lr * layer.db
    a = X
    for layer in layers:
        a = layer.forward(a)
    trace["z"], trace["scores"] = [layer.z for layer in layers[:2]], a
    return trace


SYMPTOMS = [
    Symptom("gradient-mismatch", "at step 30 the applied dW1, dW2, dW3 each differ from central differences of the "
            "loss by more than half their norm", lambda t: all(
                gradient_error(loss_of, t["step30"][0], t["step30"][1], f"W{k}") > 0.5 for k in (1, 2, 3))),
    Symptom("loss-diverging", "the loss ends more than 20x its lowest value and rose over each of the last 20 steps",
            lambda t: t["losses"][-1] > 20 * min(t["losses"]) and bool(np.all(np.diff(t["losses"][-21:]) > 0))),
    Symptom("dead-relu", "at the end all 16 units of the second hidden layer are <= 0 on all 100 samples",
            lambda t: len(dead_units(t["z"][1])) == 16),
    Symptom("constant-output", "at the end every sample gets the same score (within 1e-9)",
            lambda t: constant_rows(t["scores"], tol=1e-9)),
]
