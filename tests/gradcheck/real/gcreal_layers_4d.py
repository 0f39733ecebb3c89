"""Real cases in the layer-object form on 4-D tensors (N, C, H, W): convolution, pooling, batch norm.

Same ``build()`` contract as ``gcreal_layers.py``.
"""
import numpy as np

from gcreal_cases import Case


# --- An im2col convolution layer whose col2im adds (right) or assigns (the question) ----------

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
            window = (slice(None), slice(None), slice(dy, dy + stride * oh, stride),
                      slice(dx, dx + stride * ow, stride))
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
        return {"layers": [conv], "x": rng.standard_normal((4, 3, 8, 8)), "attrs": [{"W": "dW", "b": "db"}]}
    return build


# --- A convolution layer that returns (dX, [dW, db]), im2col by fancy indexing -------------------

def window_indices(x_shape, fh, fw, pad, stride):
    """(channel, row, column) index arrays picking every window of the padded input, one column each."""
    _, c, h, w = x_shape
    oh, ow = (h + 2 * pad - fh) // stride + 1, (w + 2 * pad - fw) // stride + 1
    rows = np.tile(np.repeat(np.arange(fh), fw), c)[:, None] + stride * np.repeat(np.arange(oh), ow)[None, :]
    cols = np.tile(np.arange(fw), fh * c)[:, None] + stride * np.tile(np.arange(ow), oh)[None, :]
    chans = np.repeat(np.arange(c), fh * fw)[:, None]
    return chans, rows, cols


class ConvReturnsGrads:
    """W (F, C, HH, WW), b (F, 1); columns ordered window-major, sample fastest; backward -> (dX, [dW, db])."""

    def __init__(self, W, b, stride, padding):
        self.W, self.b, self.stride, self.padding = W, b, stride, padding

    def forward(self, X):
        f, _, fh, fw = self.W.shape
        p, s = self.padding, self.stride
        self.X_shape = X.shape
        oh, ow = (X.shape[2] + 2 * p - fh) // s + 1, (X.shape[3] + 2 * p - fw) // s + 1
        k, i, j = window_indices(X.shape, fh, fw, p, s)
        patches = np.pad(X, [(0, 0), (0, 0), (p, p), (p, p)])[:, k, i, j]           # (N, C*HH*WW, L)
        self.X_col = patches.transpose(1, 2, 0).reshape(k.shape[0], -1)
        out = self.W.reshape(f, -1) @ self.X_col + self.b
        return out.reshape(f, oh, ow, X.shape[0]).transpose(3, 0, 1, 2)

    def backward(self, dout):
        f, _, fh, fw = self.W.shape
        p, s = self.padding, self.stride
        dout_flat = dout.transpose(1, 2, 3, 0).reshape(f, -1)
        dW = (dout_flat @ self.X_col.T).reshape(self.W.shape)
        db = dout.sum(axis=(0, 2, 3)).reshape(f, -1)
        dX_col = self.W.reshape(f, -1).T @ dout_flat
        n, c, h, w = self.X_shape
        k, i, j = window_indices(self.X_shape, fh, fw, p, s)
        dX_pad = np.zeros((n, c, h + 2 * p, w + 2 * p))
        # windows overlap: np.add.at sums every column's share into the pixel it came from
        np.add.at(dX_pad, (slice(None), k, i, j), dX_col.reshape(k.shape[0], -1, n).transpose(2, 0, 1))
        return dX_pad[:, :, p:p + h, p:p + w], [dW, db]


def build_conv_returns_grads():
    rng = np.random.default_rng(10)
    conv = ConvReturnsGrads(rng.standard_normal((4, 1, 3, 3)) / np.sqrt(2.0), np.zeros((4, 1)), 1, 1)
    return {"layers": [conv], "x": rng.standard_normal((2, 1, 8, 8)), "attrs": [{"W": 0, "b": 1}]}


# --- A 4-D batch norm whose input gradient forgets the scale gamma ------------------------------

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


# --- Max pooling with padding whose backward assigns: a pixel that wins several windows ---------

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


# --- A correct batch-norm layer kept in float32 -----------------------------------------------

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
    gamma, beta = rng.uniform(0.5, 1.5, 3), 0.1 * rng.standard_normal(3)
    bn = BatchNorm2dFloat32(gamma.astype(np.float32), beta.astype(np.float32))
    return {"layers": [bn], "x": rng.standard_normal((8, 3, 5, 5)).astype(np.float32),
            "attrs": [{"gamma": "dgamma", "beta": "dbeta"}], "float32": True}


CASES = [
    Case("im2col_conv_col2im_adds", "layer",
         "https://github.com/hguomin/deep-learning-from-scratch/issues/2",
         "asks why col2im accumulates (+=) instead of assigning; += is what the gradient needs",
         {"layers[0].W": "ok", "layers[0].b": "ok", "layers[0].input": "ok"},
         build_conv(add=True), four_d=True,
         note="x (4, 3, 8, 8) (768 entries: sampled), W (4, 3, 3, 3), stride 1, pad 1"),
    Case("im2col_conv_col2im_assigns", "layer",
         "https://github.com/hguomin/deep-learning-from-scratch/issues/2",
         "the questioner's variant: col2im assigns (=), so overlapping windows overwrite each other in dx "
         "(the answer: = rebuilds an image, += gives the gradient)",
         {"layers[0].W": "ok", "layers[0].b": "ok", "layers[0].input": ("mismatch",)},
         build_conv(add=False), four_d=True,
         note="x (4, 3, 8, 8) (768 entries: sampled), W (4, 3, 3, 3), stride 1, pad 1"),
    Case("batchnorm4_dx_without_gamma", "layer",
         "https://github.com/denizyuret/Knet.jl/issues/288",
         "batchnorm4_back multiplies dy by gamma only after dyivar was taken, so dx misses gamma "
         "(invisible with gamma = 1, as the maintainers found)",
         {"layers[0].gamma": "ok", "layers[0].beta": "ok", "layers[0].input": ("mismatch",)},
         build_batchnorm4, four_d=True,
         note="written as a Python layer object with gamma_grad / beta_grad; gamma drawn in [0.5, 2]"),
    Case("maxpool_padded_backward_assigns", "layer", "https://github.com/FluxML/Flux.jl/issues/1197",
         "MaxPool((3, 3), stride 2, pad 1) gives an element that is the max of several windows the gradient "
         "of one window only (compared with PyTorch)", {"layers[0].input": ("mismatch",)},
         build_maxpool_padded, four_d=True, note="a NumPy layer object; x (2, 2, 8, 8) instead of (2, 64, 112, 112)"),
    Case("batchnorm2d_layer_in_float32", "layer", "https://github.com/HomericIntelligence/Mnemosyne/pull/730",
         "float32 batch-norm backward checks fail at tight tolerances (N x H x W rounding errors accumulate); "
         "the formula is right: checked in float64 it matches", {"layers[0].gamma": "ok", "layers[0].beta": "ok",
                                                                    "layers[0].input": "ok"},
         build_batchnorm_float32, four_d=True,
         note="the layer's arrays and input (8, 3, 5, 5) are float32, as a learner's might be"),
    Case("conv_layer_returns_dx_and_grads", "layer", "https://github.com/parasdahal/deepnet/issues/8",
         "the Conv layer's gradient test gives 'dX error: 1.0' (dW, db fine) for Conv((1, 28, 28), 32 filters "
         "3x3, stride 1, padding 1); written after the repository's Conv (im2col by fancy indexing, np.add.at, "
         "backward returning (dX, [dW, db])), dX matches central differences: the report does not reproduce",
         {"layers[0].W": "ok", "layers[0].b": "ok", "layers[0].input": "ok"},
         build_conv_returns_grads, four_d=True, note="x (2, 1, 8, 8) and 4 filters instead of 28x28 and 32"),
]
