"""Real cases in the layer-object form: ``forward(inputs)`` / ``backward(dvalues)`` methods.

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


# --- 1. A sigmoid that stores its *output* under the name ``inputs`` --------------------------------

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


# --- 2. Softmax activation + categorical cross-entropy as separate NNFS objects --------------------

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


# --- 3. Inverted dropout whose backward uses the 0/1 mask ------------------------------------------

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


# --- 4/5. An im2col convolution layer whose col2im adds (right) or assigns (the question) ----------

def im2col(x, fh, fw, stride, pad):
    n, c, h, w = x.shape
    oh, ow = (h + 2 * pad - fh) // stride + 1, (w + 2 * pad - fw) // stride + 1
    padded = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)])
    cols = np.empty((n, c, fh, fw, oh, ow))
    for dy in range(fh):
        for dx in range(fw):
            cols[:, :, dy, dx] = padded[:, :, dy:dy + stride * oh:stride, dx:dx + stride * ow:stride]
    return cols.transpose(0, 4, 5, 1, 2, 3).reshape(n * oh * ow, -1)


def col2im(cols, shape, fh, fw, stride, pad, add=True):
    n, c, h, w = shape
    oh, ow = (h + 2 * pad - fh) // stride + 1, (w + 2 * pad - fw) // stride + 1
    cols = cols.reshape(n, oh, ow, c, fh, fw).transpose(0, 3, 4, 5, 1, 2)
    img = np.zeros((n, c, h + 2 * pad + stride - 1, w + 2 * pad + stride - 1))
    for dy in range(fh):
        for dx in range(fw):
            window = (slice(None), slice(None), slice(dy, dy + stride * oh, stride), slice(dx, dx + stride * ow, stride))
            if add:
                img[window] += cols[:, :, dy, dx]
            else:                       # each window overwrites the overlap of the previous one
                img[window] = cols[:, :, dy, dx]
    return img[:, :, pad:h + pad, pad:w + pad]


class Convolution:
    """W (FN, C, FH, FW), b (FN,); forward returns the output, backward returns dx, stores dW, db."""

    def __init__(self, W, b, stride=1, pad=0, add=True):
        self.W, self.b, self.stride, self.pad, self.add = W, b, stride, pad, add

    def forward(self, x):
        fn, _, fh, fw = self.W.shape
        n, _, h, w = x.shape
        oh, ow = (h + 2 * self.pad - fh) // self.stride + 1, (w + 2 * self.pad - fw) // self.stride + 1
        self.x = x
        self.col = im2col(x, fh, fw, self.stride, self.pad)
        self.col_W = self.W.reshape(fn, -1).T
        out = self.col @ self.col_W + self.b
        return out.reshape(n, oh, ow, fn).transpose(0, 3, 1, 2)

    def backward(self, dout):
        fn, c, fh, fw = self.W.shape
        dout = dout.transpose(0, 2, 3, 1).reshape(-1, fn)
        self.db = np.sum(dout, axis=0)
        self.dW = (self.col.T @ dout).T.reshape(fn, c, fh, fw)
        dcol = dout @ self.col_W.T
        return col2im(dcol, self.x.shape, fh, fw, self.stride, self.pad, add=self.add)


def build_conv(add):
    def build():
        rng = np.random.default_rng(4)
        conv = Convolution(0.3 * rng.standard_normal((4, 3, 3, 3)), 0.1 * rng.standard_normal(4), 1, 1, add)
        return {"layers": [conv], "x": rng.standard_normal((2, 3, 5, 5)), "attrs": [{"W": "dW", "b": "db"}]}
    return build


# --- 6. A 4-D batch norm whose input gradient forgets the scale gamma ------------------------------

class BatchNorm4:
    """Per-channel batch norm of (N, C, H, W); gamma, beta (1, C, 1, 1); gradients gamma_grad, beta_grad."""

    def __init__(self, gamma, beta, eps=1e-5):
        self.gamma, self.beta, self.eps = gamma, beta, eps

    def forward(self, x):
        self.x_mu = x - x.mean(axis=(0, 2, 3), keepdims=True)
        self.ivar = 1 / np.sqrt(x.var(axis=(0, 2, 3), keepdims=True) + self.eps)
        return self.gamma * self.x_mu * self.ivar + self.beta

    def backward(self, dy):
        axes, m = (0, 2, 3), dy.size // dy.shape[1]
        dyivar = dy * self.ivar                      # dy before it is multiplied by gamma
        self.gamma_grad = np.sum(self.x_mu * dyivar, axis=axes, keepdims=True)
        self.beta_grad = np.sum(dy, axis=axes, keepdims=True)
        dsigma2 = -0.5 * np.sum(dyivar * self.x_mu * self.ivar ** 2, axis=axes, keepdims=True)
        dmu = -np.sum(dyivar, axis=axes, keepdims=True) - 2 * dsigma2 * np.sum(self.x_mu, axis=axes, keepdims=True) / m
        return dyivar + dsigma2 * 2 * self.x_mu / m + dmu / m


def build_batchnorm4():
    rng = np.random.default_rng(5)
    gamma = rng.uniform(0.5, 2.0, (1, 3, 1, 1))
    bn = BatchNorm4(gamma, 0.1 * rng.standard_normal((1, 3, 1, 1)))
    mapping = {"gamma": "gamma_grad", "beta": "beta_grad"}
    return {"layers": [bn], "x": rng.standard_normal((4, 3, 2, 2)), "attrs": [mapping], "params": [mapping]}


# --- 7. L2 penalty put into the linear layer's backward, the loss layer without it ----------------

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


# --- 8. Max pooling with padding whose backward assigns: a pixel that wins several windows ---------

class MaxPool2d:
    """(N, C, H, W) max pooling, ``k`` x ``k`` windows, ``stride``, ``pad`` (padded with -inf)."""

    def __init__(self, k, stride, pad):
        self.k, self.stride, self.pad = k, stride, pad

    def forward(self, x):
        k, s, p = self.k, self.stride, self.pad
        xp = np.pad(x, [(0, 0), (0, 0), (p, p), (p, p)], constant_values=-np.inf)
        oh, ow = (xp.shape[2] - k) // s + 1, (xp.shape[3] - k) // s + 1
        self.x_shape, self.argmax = x.shape, np.empty((x.shape[0], x.shape[1], oh, ow), dtype=int)
        out = np.empty((x.shape[0], x.shape[1], oh, ow))
        for i in range(oh):
            for j in range(ow):
                window = xp[:, :, i * s:i * s + k, j * s:j * s + k].reshape(x.shape[0], x.shape[1], -1)
                self.argmax[:, :, i, j] = window.argmax(axis=2)
                out[:, :, i, j] = window.max(axis=2)
        return out

    def backward(self, dout):
        k, s, p = self.k, self.stride, self.pad
        n, c, h, w = self.x_shape
        dxp = np.zeros((n, c, h + 2 * p, w + 2 * p))
        for a in range(n):
            for b in range(c):
                for i in range(dout.shape[2]):
                    for j in range(dout.shape[3]):
                        r, q = divmod(self.argmax[a, b, i, j], k)
                        dxp[a, b, i * s + r, j * s + q] = dout[a, b, i, j]     # '=': one window wins
        return dxp[:, :, p:p + h, p:p + w]


def build_maxpool_padded():
    rng = np.random.default_rng(7)
    return {"layers": [MaxPool2d(3, 2, 1)], "x": rng.standard_normal((2, 2, 8, 8)), "attrs": [{}]}


# --- 9. A rectifier whose backward replaces the upstream gradient by 0 / 1 -------------------------

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


# --- 10. A correct batch-norm layer kept in float32 -----------------------------------------------

class BatchNorm2dFloat32:
    """Per-channel batch norm of (N, C, H, W) in the dtype of its arrays (float32 here); gamma, beta (C,)."""

    def __init__(self, gamma, beta, eps=1e-5):
        self.gamma, self.beta, self.eps = gamma, beta, eps

    def forward(self, x):
        axes = (0, 2, 3)
        self.invstd = 1 / np.sqrt(x.var(axis=axes, keepdims=True) + self.eps)
        self.x_norm = (x - x.mean(axis=axes, keepdims=True)) * self.invstd
        return self.gamma.reshape(1, -1, 1, 1) * self.x_norm + self.beta.reshape(1, -1, 1, 1)

    def backward(self, dout):
        axes = (0, 2, 3)
        self.dgamma = np.sum(dout * self.x_norm, axis=axes)
        self.dbeta = np.sum(dout, axis=axes)
        k = dout.mean(axis=axes, keepdims=True)
        dotp = (dout * self.x_norm).mean(axis=axes, keepdims=True)
        return (dout - k - self.x_norm * dotp) * self.gamma.reshape(1, -1, 1, 1) * self.invstd


def build_batchnorm_float32():
    rng = np.random.default_rng(9)
    bn = BatchNorm2dFloat32(rng.uniform(0.5, 1.5, 3).astype(np.float32), (0.1 * rng.standard_normal(3)).astype(np.float32))
    return {"layers": [bn], "x": rng.standard_normal((4, 3, 5, 5)).astype(np.float32),
            "attrs": [{"gamma": "dgamma", "beta": "dbeta"}], "float32": True}


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
    Case("im2col_conv_col2im_adds", "layer",
         "https://github.com/hguomin/deep-learning-from-scratch/issues/2",
         "asks why col2im accumulates (+=) instead of assigning; += is what the gradient needs",
         {"layers[0].W": "ok", "layers[0].b": "ok", "layers[0].input": "ok"},
         build_conv(add=True), four_d=True, note="x (2,3,5,5), W (4,3,3,3), stride 1, pad 1"),
    Case("im2col_conv_col2im_assigns", "layer",
         "https://github.com/hguomin/deep-learning-from-scratch/issues/2",
         "the questioner's variant: col2im assigns (=), so overlapping windows overwrite each other in dx "
         "(the answer: = rebuilds an image, += gives the gradient)",
         {"layers[0].W": "ok", "layers[0].b": "ok", "layers[0].input": ("mismatch",)},
         build_conv(add=False), four_d=True, note="x (2,3,5,5), W (4,3,3,3), stride 1, pad 1"),
    Case("batchnorm4_dx_without_gamma", "layer",
         "https://github.com/denizyuret/Knet.jl/issues/288",
         "batchnorm4_back multiplies dy by gamma only after dyivar was taken, so dx misses gamma "
         "(invisible with gamma = 1, as the maintainers found)",
         {"layers[0].gamma": "ok", "layers[0].beta": "ok", "layers[0].input": ("mismatch",)},
         build_batchnorm4, four_d=True,
         note="written as a Python layer object with gamma_grad / beta_grad; gamma drawn in [0.5, 2]"),
    Case("l2_penalty_in_linear_backward", "layer", "http://yangli-feasibility.com/home/classes/lfd2021fall/pa3/PA3.html",
         "students unsure where L2 goes are told to add it in the linear layer's backward, the MSE loss layer "
         "having no access to the weights: checked against that loss, grad_W carries an extra lam * W",
         {"layers[0].W": ("regularization",), "layers[0].b": "ok", "layers[2].W": ("regularization",),
          "layers[2].b": "ok", "layers[0].input": "ok", "layers[1].input": "ok", "layers[2].input": "ok",
          "loss.input": "ok"},
         build_l2_in_backward, note="Linear(5, 4) - ReLU - Linear(4, 2), lam 0.01, 8 samples"),
    Case("maxpool_padded_backward_assigns", "layer", "https://github.com/FluxML/Flux.jl/issues/1197",
         "MaxPool((3, 3), stride 2, pad 1) gives an element that is the max of several windows the gradient "
         "of one window only (compared with PyTorch)", {"layers[0].input": ("mismatch",)},
         build_maxpool_padded, four_d=True, note="a NumPy layer object; x (2, 2, 8, 8) instead of (2, 64, 112, 112)"),
    Case("rectifier_backward_overwrites_gradient", "layer", "https://github.com/haifengl/smile/issues/528",
         "the rectifier's backward overrides the gradient from the upper layer with 0 or 1 (a '*' missing "
         "before '='), so lower layers never see the cost's gradient",
         {"layers[0].weights": ("mismatch",), "layers[0].biases": ("mismatch",), "layers[0].input": ("mismatch",),
          "layers[1].input": ("mismatch",), "layers[2].weights": "ok", "layers[2].biases": "ok",
          "layers[2].input": "ok", "loss.input": "ok"},
         build_rectifier_overwrites, batch_sizes=(6,),
         note="an NNFS-style Dense - ReLU - Dense network with an MSE loss; smile's MLP is Java"),
    Case("batchnorm2d_layer_in_float32", "layer", "https://github.com/HomericIntelligence/Mnemosyne/pull/730",
         "float32 batch-norm backward checks fail at tight tolerances (N x H x W rounding errors accumulate); "
         "the formula is right: checked in float64 it matches", {"layers[0].gamma": "ok", "layers[0].beta": "ok",
                                                                    "layers[0].input": "ok"},
         build_batchnorm_float32, four_d=True, note="the layer's arrays and input are float32, as a learner's might be"),
]
