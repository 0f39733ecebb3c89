"""Real cases in the layer-object form on matrices: ``forward(inputs)`` / ``backward(dvalues)``.

``build()`` returns ``layers``, ``x``, ``attrs`` (per layer, parameter attribute -> gradient
attribute: what the oracle reads), and optionally ``params`` / ``loss`` passed to
``gradcheck_layer`` as they are. Each class is written here after the report's description.
"""
import numpy as np

from gcreal_cases import Case


class LayerDense:
    """NNFS-style dense layer: ``output = inputs @ weights + biases``; biases (1, n_neurons)."""

    def __init__(self, n_inputs, n_neurons, rng):
        self.weights = 0.5 * rng.standard_normal((n_inputs, n_neurons))
        self.biases = 0.1 * rng.standard_normal((1, n_neurons))

    def forward(self, inputs):
        self.inputs = inputs
        self.output = inputs @ self.weights + self.biases

    def backward(self, dvalues):
        self.dweights = self.inputs.T @ dvalues
        self.dbiases = np.sum(dvalues, axis=0, keepdims=True)
        self.dinputs = dvalues @ self.weights.T


DENSE_ATTRS = {"weights": "dweights", "biases": "dbiases"}


# --- A sigmoid that stores its *output* under the name ``inputs`` --------------------------------

class SigmoidOutputAsInputs:
    """sigm = clip(1 / (1 + e^-M), 1e-7, 1 - 1e-7), kept as ``self.inputs``; backward uses sigm(1 - sigm)."""

    def forward(self, M):
        sigm = np.clip(1 / (1 + np.exp(-M)), 1e-7, 1 - 1e-7)
        self.output = sigm
        self.inputs = sigm          # the name says input, the value is the output

    def backward(self, dvalues):
        sigm = self.inputs
        self.dinputs = sigm * (1 - sigm) * dvalues


def build_sigmoid():
    rng = np.random.default_rng(1)
    return {"layers": [LayerDense(4, 3, rng), SigmoidOutputAsInputs()], "x": rng.standard_normal((5, 4)),
            "attrs": [DENSE_ATTRS, {}]}


# --- Softmax activation + categorical cross-entropy as separate NNFS objects --------------------

class ActivationSoftmax:
    def forward(self, inputs):
        exp = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))
        self.output = exp / np.sum(exp, axis=1, keepdims=True)

    def backward(self, dvalues):
        self.dinputs = np.empty_like(dvalues)
        for k, (out, dv) in enumerate(zip(self.output, dvalues)):
            col = out.reshape(-1, 1)
            jacobian = np.diagflat(col) - col @ col.T        # d softmax_i / d z_j
            self.dinputs[k] = jacobian @ dv


def build_softmax_cce():
    rng = np.random.default_rng(2)
    y_true = np.array([0, 2, 1, 2, 0, 1])
    onehot = np.eye(3)[y_true]

    def cce_value(y_pred):
        picked = np.clip(y_pred, 1e-7, 1 - 1e-7)[np.arange(len(y_pred)), y_true]
        return np.mean(-np.log(picked))

    def cce_backward(dvalues):          # dinputs = -y_true / dvalues, normalized by the samples
        return -onehot / dvalues / len(dvalues)

    return {"layers": [LayerDense(4, 3, rng), ActivationSoftmax()], "x": rng.standard_normal((6, 4)),
            "attrs": [DENSE_ATTRS, {}], "loss": (cce_value, cce_backward)}


# --- Inverted dropout whose backward uses the 0/1 mask ------------------------------------------

class DropoutBinaryBackward:
    """Forward scales kept units by 1/(1-rate); backward multiplies by the 0/1 mask only."""

    def __init__(self, rate):
        self.rate = rate

    def forward(self, inputs):
        self.keep = np.random.binomial(1, 1 - self.rate, size=inputs.shape)
        self.output = inputs * self.keep / (1 - self.rate)

    def backward(self, dvalues):
        self.dinputs = dvalues * self.keep


def build_dropout():
    rng = np.random.default_rng(3)
    return {"layers": [DropoutBinaryBackward(0.5)], "x": rng.standard_normal((6, 8)), "attrs": [{}]}


# --- L2 penalty put into the linear layer's backward, the loss layer without it ----------------

class Linear:
    """x W + b; backward adds lam * W to grad_W, as the assignment suggests for L2 regularization."""

    def __init__(self, W, b, lam):
        self.W, self.b, self.lam = W, b, lam

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, grad):
        self.grad_W = self.x.T @ grad + self.lam * self.W
        self.grad_b = grad.sum(axis=0)
        return grad @ self.W.T


class Relu:
    def forward(self, x):
        self.x = x
        return np.maximum(x, 0)

    def backward(self, grad):
        return grad * (self.x > 0)


def build_l2_in_backward():
    rng = np.random.default_rng(6)
    target = rng.standard_normal((8, 2))
    layers = [Linear(rng.standard_normal((5, 4)) / 2, 0.1 * rng.standard_normal(4), 0.01), Relu(),
              Linear(rng.standard_normal((4, 2)) / 2, 0.1 * rng.standard_normal(2), 0.01)]
    mse = (lambda y: np.mean((y - target) ** 2), lambda y: 2 * (y - target) / y.size)
    attrs = [{"W": "grad_W", "b": "grad_b"}, {}, {"W": "grad_W", "b": "grad_b"}]
    return {"layers": layers, "x": rng.standard_normal((8, 5)), "attrs": attrs, "loss": mse}


# --- A rectifier whose backward replaces the upstream gradient by 0 / 1 -------------------------

class RectifierOverwritesGradient:
    """ReLU whose backward sets the gradient to f'(x) instead of multiplying it ('*' missing before '=')."""

    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.maximum(inputs, 0)

    def backward(self, dvalues):
        self.dinputs = (self.inputs > 0).astype(float)


def build_rectifier_overwrites():
    rng = np.random.default_rng(8)
    target = rng.standard_normal((6, 2))
    mse = (lambda y: 0.5 * np.mean(np.sum((y - target) ** 2, axis=1)), lambda y: (y - target) / len(y))
    return {"layers": [LayerDense(3, 5, rng), RectifierOverwritesGradient(), LayerDense(5, 2, rng)],
            "x": rng.standard_normal((6, 3)), "attrs": [DENSE_ATTRS, {}, DENSE_ATTRS], "loss": mse}



CASES = [
    Case("sigmoid_stores_output_as_inputs", "layer",
         "https://github.com/DrBigMau/LSTM-from-Scratch-in-Python/issues/1",
         "Sigmoid.forward keeps its output as self.inputs and backward takes sigm(1 - sigm) from it; the issue "
         "calls this wrong, the author agrees the naming misleads: the derivative itself is right",
         {"layers[0].weights": "ok", "layers[0].biases": "ok", "layers[0].input": "ok", "layers[1].input": "ok"},
         build_sigmoid, note="a dense layer in front, as in the repository's network; sizes 5x4 -> 3"),
    Case("nnfs_softmax_then_cce_backward", "layer",
         "https://go-mk-websites.co.uk/post/how-is-the-derivative-of-the-loss-function-wrt-to-the",
         "asks how the NNFS cross-entropy backward dinputs = -y_true / dvalues (over samples) can be right "
         "before the softmax Jacobian; it is",
         {"layers[0].weights": "ok", "layers[0].biases": "ok", "layers[0].input": "ok",
          "layers[1].input": "ok", "loss.input": "ok"},
         build_softmax_cce, batch_sizes=(6,)),
    Case("dropout_backward_binary_mask", "layer",
         "https://stats.stackexchange.com/questions/207481/dropout-backpropagation-implementation",
         "inverted dropout scales by 1/(1-p) forward; the question is whether backward keeps the 0/2 mask or "
         "goes binary again: the answer is the scaled mask, so a binary one gives (1-p) x the gradient",
         {"layers[0].input": ("scale", 0.5)}, build_dropout),
    Case("l2_penalty_in_linear_backward", "layer",
         "http://yangli-feasibility.com/home/classes/lfd2021fall/pa3/PA3.html",
         "students unsure where L2 goes are told to add it in the linear layer's backward, the MSE loss layer "
         "having no access to the weights: checked against that loss, grad_W carries an extra lam * W",
         {"layers[0].W": ("regularization",), "layers[0].b": "ok", "layers[2].W": ("regularization",),
          "layers[2].b": "ok", "layers[0].input": "ok", "layers[1].input": "ok", "layers[2].input": "ok",
          "loss.input": "ok"},
         build_l2_in_backward, note="Linear(5, 4) - ReLU - Linear(4, 2), lam 0.01, 8 samples"),
    Case("rectifier_backward_overwrites_gradient", "layer", "https://github.com/haifengl/smile/issues/528",
         "the rectifier's backward overrides the gradient from the upper layer with 0 or 1 (a '*' missing "
         "before '='), so lower layers never see the cost's gradient",
         {"layers[0].weights": ("mismatch",), "layers[0].biases": ("mismatch",), "layers[0].input": ("mismatch",),
          "layers[1].input": ("mismatch",), "layers[2].weights": "ok", "layers[2].biases": "ok",
          "layers[2].input": "ok", "loss.input": "ok"},
         build_rectifier_overwrites, batch_sizes=(6,),
         note="an NNFS-style Dense - ReLU - Dense network with an MSE loss; smile's MLP is Java"),
]
