"""Held-out real cases (round 2): collected and measured *before* the checker was changed for them.

Same record and forms as the rest of the corpus, plus the ``dict`` form: ``build()`` returns
``loss_fn``, ``params`` (a dict of arrays, or one flat vector), ``grads`` (what the learner hands to
``gradcheck``: a dict under the learner's own keys, or one vector) and ``user`` (result name -> the
user's gradient, what the oracle reads). Every function here is written for this corpus after the
mechanism the source describes; none is copied from it.
"""
import numpy as np

from gcreal_cases import Case

try:
    import torch
    from torch.autograd import Function
except ImportError:                          # the torch case's builder raises; its tests skip
    torch, Function = None, object


# --- embedding lookup, backward by a loop over samples (makemore, lecture 4) ----------------------

def embed_forward(C, Xb):
    """emb[k, j] = C[Xb[k, j]]: (vocab, d) table, (batch, block) indices -> (batch, block, d)."""
    return C[Xb], (Xb, C.shape)


def embed_backward_row_scatter(demb, cache):
    """One fancy-index ``+=`` per sample: a letter repeated inside one context is added once."""
    Xb, shape = cache
    dC = np.zeros(shape)
    for k in range(Xb.shape[0]):
        dC[Xb[k]] += demb[k]
    return dC


def embed_backward_per_position(demb, cache):
    """The loop the issue gives as the answer: one add per (sample, position)."""
    Xb, shape = cache
    dC = np.zeros(shape)
    for k in range(Xb.shape[0]):
        for j in range(Xb.shape[1]):
            dC[Xb[k, j]] += demb[k, j]
    return dC


def build_embedding(backward):
    """27 characters, 10-d embeddings, contexts of 3, a batch of 32; word starts pad with '.' (0)."""
    def build():
        rng = np.random.default_rng(5)
        Xb = rng.integers(1, 27, (32, 3))
        Xb[:6, 0] = 0                    # "..e", ".em" : the first letters of six words
        Xb[:3, 1] = 0
        Xb[6] = (1, 1, 1)                # the example context
        return {"forward": embed_forward, "backward": backward, "inputs": {"C": rng.standard_normal((27, 10))},
                "args": (Xb,)}
    return build


# --- CS231n softmax_loss_naive: p - 1 for the right class -----------------------------------------

def softmax_loss_naive(W, X, y, reg):
    """Cross-entropy of softmax(X W) averaged over N, plus reg * sum(W^2); W (D, C), X (N, D)."""
    loss, dW = 0.0, np.zeros_like(W)
    for i in range(X.shape[0]):
        scores = X[i] @ W
        scores = scores - scores.max()
        p = np.exp(scores) / np.sum(np.exp(scores))
        loss -= np.log(p[y[i]])
        for j in range(W.shape[1]):
            dW[:, j] += (p[j] - (j == y[i])) * X[i]       # s - 1 on the right class, s elsewhere
    loss = loss / X.shape[0] + reg * np.sum(W * W)
    return loss, dW / X.shape[0] + 2 * reg * W


def build_softmax_naive():
    rng = np.random.default_rng(21)
    X, y = 60 * rng.standard_normal((12, 20)), rng.integers(0, 10, 12)
    return {"forward": softmax_loss_naive, "backward": None, "inputs": {"W": 1e-4 * rng.standard_normal((20, 10))},
            "args": (X, y, 0.5)}


# --- CS231n svm_loss_vectorized with a mask matrix ------------------------------------------------

def svm_loss_vectorized(W, X, y, reg):
    """Hinge loss over the wrong classes, 0.5 * reg * ||W||^2; the gradient through a 0/1/-count mask."""
    n = X.shape[0]
    scores = X @ W
    margins = np.maximum(0, scores - scores[np.arange(n), y][:, None] + 1.0)
    margins[np.arange(n), y] = 0
    loss = np.sum(margins) / n + 0.5 * reg * np.sum(W * W)
    mask = (margins > 0).astype(float)
    mask[np.arange(n), y] = -mask.sum(axis=1)          # '=' suffices: that entry was 0 already
    return loss, X.T @ mask / n + reg * W


def build_svm_vectorized():
    rng = np.random.default_rng(22)
    X, y = 60 * rng.standard_normal((12, 20)), rng.integers(0, 10, 12)
    return {"forward": svm_loss_vectorized, "backward": None, "inputs": {"W": 1e-4 * rng.standard_normal((20, 10))},
            "args": (X, y, 0.1)}


# --- CS231n lstm_step: two outputs (next_h, next_c), backward(dnext_h, dnext_c, cache) ------------

def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    """a = x Wx + prev_h Wh + b split in i, f, o, g; next_c = f prev_c + i g; next_h = o tanh(next_c)."""
    H = prev_h.shape[1]
    a = x @ Wx + prev_h @ Wh + b
    i, f, o, g = _sigmoid(a[:, :H]), _sigmoid(a[:, H:2 * H]), _sigmoid(a[:, 2 * H:3 * H]), np.tanh(a[:, 3 * H:])
    next_c = f * prev_c + i * g
    next_h = o * np.tanh(next_c)
    return next_h, next_c, (x, prev_h, prev_c, Wx, Wh, i, f, o, g, next_c)


def make_lstm_step_backward(accumulate):
    def lstm_step_backward(dnext_h, dnext_c, cache):
        x, prev_h, prev_c, Wx, Wh, i, f, o, g, next_c = cache
        t = np.tanh(next_c)
        through_h = o * (1 - t ** 2) * dnext_h
        # the cell branches: next_c reaches the loss directly and through next_h, so both add up
        dc = dnext_c + through_h if accumulate else through_h
        da = np.hstack([dc * g * i * (1 - i), dc * prev_c * f * (1 - f), dnext_h * t * o * (1 - o),
                        dc * i * (1 - g ** 2)])
        return da @ Wx.T, da @ Wh.T, dc * f, x.T @ da, prev_h.T @ da, da.sum(axis=0)
    return lstm_step_backward


def build_lstm_step(accumulate):
    """The assignment's check: N, D, H = 4, 5, 6."""
    def build():
        rng = np.random.default_rng(31)
        N, D, H = 4, 5, 6
        inputs = {"x": rng.standard_normal((N, D)), "prev_h": rng.standard_normal((N, H)),
                  "prev_c": rng.standard_normal((N, H)), "Wx": rng.standard_normal((D, 4 * H)),
                  "Wh": rng.standard_normal((H, 4 * H)), "b": rng.standard_normal(4 * H)}
        return {"forward": lstm_step_forward, "backward": make_lstm_step_backward(accumulate), "inputs": inputs}
    return build


# --- MXNet's 2015 BatchNorm backward: the paper's mean term, sum(-2 (x - mean)) / m ---------------

def mx_batchnorm_forward(x, gamma, beta, eps=1e-3):
    """Per channel (axis 1) of (N, C, H, W): gamma (x - mean) / sqrt(var + eps) + beta."""
    axes = (0, 2, 3)
    mean, var = x.mean(axis=axes), x.var(axis=axes)
    x_hat = (x - mean[:, None, None]) / np.sqrt(var + eps)[:, None, None]
    return gamma[:, None, None] * x_hat + beta[:, None, None], (x, x_hat, mean, var, gamma, eps)


def mx_batchnorm_backward(dout, cache):
    """The paper's three terms; gmean includes dvar * sum(-2 (x - mean)) / m, which the issue calls wrong."""
    x, x_hat, mean, var, gamma, eps = cache
    axes = (0, 2, 3)
    scale = 1.0 / (x.size / x.shape[1])
    xc = x - mean[:, None, None]
    dxhat = dout * gamma[:, None, None]
    gvar = np.sum(dxhat * xc * -0.5 * (var + eps)[:, None, None] ** -1.5, axis=axes)
    gmean = np.sum(dxhat, axis=axes) * -1.0 / np.sqrt(var + eps)
    gmean += gvar * scale * np.sum(-2.0 * xc, axis=axes)           # zero up to rounding: sum of deviations
    dx = (dxhat / np.sqrt(var + eps)[:, None, None] + gvar[:, None, None] * scale * 2.0 * xc
          + gmean[:, None, None] * scale)
    return dx, np.sum(dout * x_hat, axis=axes), np.sum(dout, axis=axes)


def build_mx_batchnorm():
    rng = np.random.default_rng(41)
    return {"forward": mx_batchnorm_forward, "backward": mx_batchnorm_backward,
            "inputs": {"x": 3 * rng.standard_normal((2, 3, 4, 4)) + 1, "gamma": rng.uniform(0.5, 1.5, 3),
                       "beta": rng.standard_normal(3)}}


# --- deeplearning.ai: dropout net whose backward skips dA2 * D2 -------------------------------------

def _dlai_dropout_forward(X, p, keep_prob):
    np.random.seed(1)                                 # as the assignment does, inside forward
    Z1 = p["W1"] @ X + p["b1"]
    A1 = np.maximum(0, Z1)
    D1 = np.random.rand(*A1.shape) < keep_prob
    A1 = A1 * D1 / keep_prob
    Z2 = p["W2"] @ A1 + p["b2"]
    A2 = np.maximum(0, Z2)
    D2 = np.random.rand(*A2.shape) < keep_prob
    A2 = A2 * D2 / keep_prob
    A3 = _sigmoid(p["W3"] @ A2 + p["b3"])
    return A3, (A1, D1, A2, D2)


def _dlai_cost(A3, Y):
    return float(-np.mean(Y * np.log(A3) + (1 - Y) * np.log(1 - A3)))


def dlai_backward_without_d2(X, Y, p, cache, A3, keep_prob):
    """dA2 is only divided by keep_prob: the ReLU test A2 > 0 runs on the dropped A2, which is 0 there."""
    A1, D1, A2, D2 = cache
    m = X.shape[1]
    dZ3 = A3 - Y
    g = {"dZ3": dZ3, "dW3": dZ3 @ A2.T / m, "db3": dZ3.sum(axis=1, keepdims=True) / m}
    dA2 = p["W3"].T @ dZ3 / keep_prob
    dZ2 = dA2 * (A2 > 0)
    g.update(dA2=dA2, dZ2=dZ2, dW2=dZ2 @ A1.T / m, db2=dZ2.sum(axis=1, keepdims=True) / m)
    dA1 = p["W2"].T @ dZ2 * D1 / keep_prob
    dZ1 = dA1 * (A1 > 0)
    g.update(dA1=dA1, dZ1=dZ1, dW1=dZ1 @ X.T / m, db1=dZ1.sum(axis=1, keepdims=True) / m)
    return g


def build_dlai_dropout():
    rng = np.random.default_rng(51)
    X, Y, keep = rng.standard_normal((2, 12)), (rng.random((1, 12)) < 0.5).astype(float), 0.86
    p = {}
    for k, (n_out, n_in) in enumerate([(20, 2), (3, 20), (1, 3)], start=1):
        p[f"W{k}"] = rng.standard_normal((n_out, n_in)) / np.sqrt(n_in)
        p[f"b{k}"] = np.zeros((n_out, 1))
    A3, cache = _dlai_dropout_forward(X, p, keep)
    grads = dlai_backward_without_d2(X, Y, p, cache, A3, keep)
    return {"loss_fn": lambda q: _dlai_cost(_dlai_dropout_forward(X, q, keep)[0], Y), "params": p,
            "grads": grads, "user": {k: grads["d" + k] for k in p}}


# --- CS231n FullyConnectedNet, seven hidden layers, weight_scale 5e-2 -------------------------------

def build_deep_fc():
    """N, D, H..., C = 2, 15, [20, 10, 10, 10, 10, 10, 30], 10: the issue's gradient check."""
    rng = np.random.default_rng(61)
    dims = [15, 20, 10, 10, 10, 10, 10, 30, 10]
    X, y = rng.standard_normal((2, 15)), rng.integers(0, 10, 2)
    p = {}
    for k in range(1, len(dims)):
        p[f"W{k}"] = 5e-2 * rng.standard_normal((dims[k - 1], dims[k]))
        p[f"b{k}"] = np.zeros(dims[k])
    L = len(dims) - 1

    def forward(q):
        hs, h = [X], X
        for k in range(1, L):
            h = np.maximum(0, h @ q[f"W{k}"] + q[f"b{k}"])
            hs.append(h)
        return h @ q[f"W{L}"] + q[f"b{L}"], hs

    def loss_fn(q):
        s, _ = forward(q)
        s = s - s.max(axis=1, keepdims=True)
        return float(np.mean(np.log(np.exp(s).sum(axis=1)) - s[np.arange(2), y]))

    s, hs = forward(p)
    probs = np.exp(s - s.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    d = probs.copy()
    d[np.arange(2), y] -= 1
    d /= 2
    grads = {}
    for k in range(L, 0, -1):
        grads[f"W{k}"], grads[f"b{k}"] = hs[k - 1].T @ d, d.sum(axis=0)
        d = (d @ p[f"W{k}"].T) * (hs[k - 1] > 0)          # ReLU passes gradient where it was active
    return {"loss_fn": loss_fn, "params": p, "grads": grads, "user": dict(grads), "reference": _torch_reference(p, X, y)}


def _torch_reference(p, X, y):
    """The same loss through PyTorch's autograd in float64: pre-activations here are ~1e-8, closer to
    ReLU's kink than any central-difference step can stay, so the oracle takes its true gradient here."""
    if torch is None:
        raise ImportError("torch is not installed (the oracle's reference for this case)")
    q = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in p.items()}
    h, L = torch.tensor(X, dtype=torch.float64), len(p) // 2
    for k in range(1, L):
        h = torch.relu(h @ q[f"W{k}"] + q[f"b{k}"])
    loss = torch.nn.functional.cross_entropy(h @ q[f"W{L}"] + q[f"b{L}"], torch.tensor(y))
    loss.backward()
    return {k: t.grad.numpy() for k, t in q.items()}


# --- deeplearning.ai gradient_check_n: one flat vector theta ---------------------------------------

def _dlai_vector(d, keys):
    return np.concatenate([d[k].ravel() for k in keys])


def build_dlai_flat():
    """LINEAR-RELU-LINEAR-RELU-LINEAR-SIGMOID, 4 -> 5 -> 3 -> 1 on 3 examples; backward_propagation_n
    as handed out: dW2 carries '* 2' and db1 '4. / m'; checked as J(theta) against grad (47 entries)."""
    rng = np.random.default_rng(71)
    X, Y = rng.standard_normal((4, 3)), np.array([[1.0, 1.0, 0.0]])
    shapes = {"W1": (5, 4), "b1": (5, 1), "W2": (3, 5), "b2": (3, 1), "W3": (1, 3), "b3": (1, 1)}
    keys = list(shapes)

    def unpack(theta):
        out, at = {}, 0
        for k in keys:
            n = int(np.prod(shapes[k]))
            out[k] = theta[at:at + n].reshape(shapes[k])
            at += n
        return out

    def forward(p):
        Z1 = p["W1"] @ X + p["b1"]
        A1 = np.maximum(0, Z1)
        Z2 = p["W2"] @ A1 + p["b2"]
        A2 = np.maximum(0, Z2)
        A3 = _sigmoid(p["W3"] @ A2 + p["b3"])
        return A3, (A1, A2)

    def J(theta):
        return _dlai_cost(forward(unpack(theta))[0], Y) * 1.0

    theta = _dlai_vector({k: rng.standard_normal(s) for k, s in shapes.items()}, keys)
    p = unpack(theta)
    A3, (A1, A2) = forward(p)
    m = X.shape[1]
    dZ3 = A3 - Y
    dW3, db3 = dZ3 @ A2.T / m, dZ3.sum(axis=1, keepdims=True) / m
    dZ2 = (p["W3"].T @ dZ3) * (A2 > 0)
    dW2, db2 = dZ2 @ A1.T / m * 2, dZ2.sum(axis=1, keepdims=True) / m
    dZ1 = (p["W2"].T @ dZ2) * (A1 > 0)
    dW1, db1 = dZ1 @ X.T / m, 4.0 / m * dZ1.sum(axis=1, keepdims=True)
    grad = _dlai_vector({"W1": dW1, "b1": db1, "W2": dW2, "b2": db2, "W3": dW3, "b3": db3}, keys)
    return {"loss_fn": J, "params": theta, "grads": grad, "user": {"<array>": grad}}


# --- Grokking Deep Learning ch. 5: weight_deltas = outer(input, delta) (the book's typo) -----------

def build_grokking_outer():
    """3 inputs (toes, win/loss record, fans) -> 3 outputs (hurt, win, sad); error = (pred - goal)^2."""
    weights = np.array([[0.1, 0.1, -0.3], [0.1, 0.2, 0.0], [0.0, 1.3, 0.1]])
    x, goal = np.array([8.5, 0.65, 1.2]), np.array([0.1, 1.0, 0.1])
    delta = weights @ x - goal
    weight_deltas = np.outer(x, delta)                  # the book's order; the repository has (delta, x)
    return {"loss_fn": lambda p: float(np.sum((p["weights"] @ x - goal) ** 2)), "params": {"weights": weights},
            "grads": {"weights": weight_deltas}, "user": {"weights": weight_deltas}}


# --- a Sigmoid layer whose backward differentiates at its input ------------------------------------

class SigmoidFromInput:
    """forward keeps x and returns 1 / (1 + e^-x); backward uses x (1 - x) where s (1 - s) belongs."""

    def forward(self, x):
        self.x = x
        return 1 / (1 + np.exp(-x))

    def backward(self, grad):
        return self.x * (1 - self.x) * grad


def build_sigmoid_from_input():
    return {"layers": [SigmoidFromInput()], "x": np.random.default_rng(81).standard_normal((4, 5)), "attrs": [{}]}


# --- layers declared with @dataclass(slots=True): no __dict__ ---------------------------------------

class SlotsFullyConnected:
    """(in, out) weights and (out,) biases; backward *adds* into weights_gradient (reset by update)."""

    __slots__ = ("weights", "biases", "weights_gradient", "biases_gradient", "input")

    def __init__(self, n_in, n_out, rng):
        self.weights = rng.standard_normal((n_in, n_out)) / np.sqrt(n_in / 2)
        self.biases = 0.1 * rng.standard_normal(n_out)
        self.weights_gradient, self.biases_gradient = np.zeros_like(self.weights), np.zeros_like(self.biases)
        self.input = None

    def forward(self, x):
        self.input = x
        return x @ self.weights + self.biases

    def backward(self, output_gradient):
        self.weights_gradient += self.input.T @ output_gradient
        self.biases_gradient += output_gradient.sum(axis=0)
        return output_gradient @ self.weights.T


class SlotsReLU:
    __slots__ = ("input",)

    def __init__(self):
        self.input = None

    def forward(self, x):
        self.input = x
        return np.maximum(0, x)

    def backward(self, output_gradient):
        return output_gradient * (self.input > 0)


def build_slots_net():
    rng = np.random.default_rng(91)
    fc = {"weights": "weights_gradient", "biases": "biases_gradient"}
    return {"layers": [SlotsFullyConnected(6, 8, rng), SlotsReLU(), SlotsFullyConnected(8, 3, rng)],
            "x": rng.standard_normal((5, 6)), "attrs": [fc, {}, fc]}


# --- Caffe2's Swish gradient dy (y + sigmoid(x) (1 - y)), as a torch.autograd.Function --------------

class Swish(Function):
    @staticmethod
    def forward(ctx, x):
        y = x * torch.sigmoid(x)
        ctx.save_for_backward(x, y)
        return y

    @staticmethod
    def backward(ctx, grad_y):
        x, y = ctx.saved_tensors
        return grad_y * (y + torch.sigmoid(x) * (1 - y))


def build_swish():
    if torch is None:
        raise ImportError("torch is not installed")
    data = np.random.default_rng(101).standard_normal((4, 6)) * 2
    return {"function": Swish.apply, "inputs": (torch.tensor(data, dtype=torch.float64, requires_grad=True),),
            "names": ["x"]}


CASES = [
    Case("embedding_backward_row_scatter", "pair", "https://github.com/karpathy/nn-zero-to-hero/issues/57",
         "dC[Xb[k]] += demb[k] per sample is 'wrong' and the per-position double loop right: a fancy-index += "
         "adds a row once however often the index repeats within Xb[k]",
         {"C": ("mask",)}, build_embedding(embed_backward_row_scatter), heldout=True, cause="repeat",
         note="27 x 10 table, a batch of 32 contexts of 3 (six start with '.', one is (1, 1, 1))"),
    Case("embedding_backward_per_position", "pair", "https://github.com/karpathy/nn-zero-to-hero/issues/57",
         "the answer's loop, one add per (sample, position), is right", {"C": "ok"},
         build_embedding(embed_backward_per_position), heldout=True),
    Case("softmax_naive_s_minus_one", "pair", "https://github.com/mantasu/cs231n/issues/10",
         "asks whether the naive softmax gradient's s - 1 on the right class can be right when the softmax "
         "Jacobian's diagonal is s (1 - s); the maintainer: it is", {"W": "ok"}, build_softmax_naive,
         heldout=True, note="W (20, 10) at 1e-4, 12 samples of std 60, reg 0.5"),
    Case("svm_vectorized_mask_assign", "pair", "https://github.com/bruceoutdoors/CS231n/issues/5",
         "says X_mask[range, y] = -incorrect_counts should be -=; the entry is 0 there, so '=' is right",
         {"W": "ok"}, build_svm_vectorized, heldout=True, note="W (20, 10) at 1e-4, 12 samples, reg 0.1"),
    Case("lstm_step_backward_dnext_c_accumulates", "pair", "https://github.com/cthorey/CS231/issues/1",
         "asks whether dnext_c += o (1 - tanh^2(next_c)) dnext_h is a mistake for '='; the author: '+=' is "
         "right, the cell branches", {k: "ok" for k in ("x", "prev_h", "prev_c", "Wx", "Wh", "b")},
         build_lstm_step(True), heldout=True),
    Case("lstm_step_backward_dnext_c_overwritten", "pair", "https://github.com/cthorey/CS231/issues/1",
         "the '=' the issue proposes drops the upstream dnext_c: the output gate's columns of Wx, Wh, b stay "
         "right (they only see dnext_h), the other gates' are wrong",
         {"x": ("mismatch",), "prev_h": ("mismatch",), "prev_c": ("mismatch",), "Wx": ("mask",), "Wh": ("mask",),
          "b": ("mask",)}, build_lstm_step(False), heldout=True),
    Case("mxnet_batchnorm_paper_mean_term", "pair", "https://github.com/apache/mxnet/issues/1053",
         "calls gmean += dvar * scale * sum(-2 (x - mean)) a bug in BatchNorm's backward; it is the paper's "
         "term, zero up to rounding", {"x": "ok", "gamma": "ok", "beta": "ok"}, build_mx_batchnorm,
         heldout=True, four_d=True, note="x (2, 3, 4, 4), eps 1e-3, gamma in [0.5, 1.5]"),
    Case("dlai_dropout_backward_without_d2", "dict",
         "https://devhide.com/dropout-mask-in-back-propagation-77220003",
         "asks why backward needs dA2 = dA2 * D2; in this code it does not: the ReLU test A2 > 0 runs on the "
         "dropped A2, which already zeroes the dropped units",
         {k: "ok" for k in ("W1", "b1", "W2", "b2", "W3", "b3")}, build_dlai_dropout, heldout=True,
         note="2 -> 20 -> 3 -> 1, 12 examples, keep_prob 0.86, np.random.seed(1) in forward as in the assignment"),
    Case("cs231n_fc_net_seven_hidden", "dict", "https://github.com/cthorey/CS231/issues/2",
         "with more than 3 layers the relative errors reach 6e-1 and 1.0 (b3, b4) at weight_scale 5e-2: tiny "
         "gradients, not a wrong backward", {f"{w}{k}": "ok" for k in range(1, 9) for w in "Wb"}, build_deep_fc,
         heldout=True),
    Case("dlai_gradient_check_n_flat", "dict",
         "https://github.com/bighuang624/Andrew-Ng-Deep-Learning-notes/issues/10",
         "gradient_check_n reports difference 0.17 on theta; the handed-out backward has dW2 * 2 and db1 "
         "4. / m", {"<array>": ("mask",)}, build_dlai_flat, heldout=True),
    Case("grokking_weight_deltas_outer_input_delta", "dict",
         "https://github.com/iamtrask/Grokking-Deep-Learning/issues/71",
         "the book prints weight_deltas = outer_prod(input, delta); the repository has (delta, input)",
         {"weights": ("mismatch",)}, build_grokking_outer, heldout=True,
         note="the book's loss (pred - goal)^2 without 1/2, so the true gradient is 2 outer(delta, input): "
              "the given one is half its transpose"),
    Case("sigmoid_backward_at_input", "layer", "https://github.com/BoltzmannEntropy/interviews.ai/issues/15",
         "Sigmoid.backward uses self.x (1 - self.x), the input, where the output's s (1 - s) belongs",
         {"layers[0].input": ("mismatch",)}, build_sigmoid_from_input, heldout=True),
    Case("slots_dataclass_layers", "layer", "https://github.com/NoamCohen48/neural-net",
         "layers declared @dataclass(slots=True) (no __dict__), gradients under weights_gradient / "
         "biases_gradient, added into",
         {f"layers[{i}].{a}": "ok" for i in (0, 2) for a in ("weights", "biases")}
         | {f"layers[{i}].input": "ok" for i in range(3)}, build_slots_net, heldout=True,
         note="FullyConnected(6, 8) - ReLU - FullyConnected(8, 3), 5 samples"),
    Case("caffe2_swish_backward", "torch", "https://github.com/pytorch/pytorch/issues/110815",
         "says Swish's gradient dx = dy (y + sigmoid(x) (1 - y)) is wrong; it is the derivative of "
         "x sigmoid(x)", {"x": "ok"}, build_swish, heldout=True),
]
