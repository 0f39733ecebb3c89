"""Real cases in the function-pair form on matrices and vectors (CS231n / deeplearning.ai style).

``build()`` returns the arguments of ``gradcheck_pair``: ``forward``, ``backward`` (None for a loss
function returning ``(loss, *grads)``), ``inputs`` (name -> array), ``args`` and ``dout``.
"""
import numpy as np

from gcreal_cases import Case


# --- SVM loss with loops (cs231n svm_loss_naive) ---------------------------------------------------

def svm_loss_naive(W, X, y, reg, with_reg_grad=True):
    """Multiclass hinge loss averaged over N, plus reg * sum(W^2); W (D, C), X (N, D)."""
    dW = np.zeros(W.shape)
    loss = 0.0
    for i in range(X.shape[0]):
        scores = X[i] @ W
        for j in range(W.shape[1]):
            if j == y[i]:
                continue
            margin = scores[j] - scores[y[i]] + 1
            if margin > 0:
                loss += margin
                dW[:, j] += X[i]            # the wrong class's score pushes up
                dW[:, y[i]] -= X[i]         # the right class's score pulls down
    loss /= X.shape[0]
    dW /= X.shape[0]
    loss += reg * np.sum(W * W)
    if with_reg_grad:
        dW += 2 * reg * W
    return loss, dW


def build_svm(with_reg_grad, at_kink=False, reg=0.1):
    """The assignment's scales: pixels after mean subtraction (std ~60), W = randn * 0.0001."""
    def build():
        rng = np.random.default_rng(11)
        X, y = 60 * rng.standard_normal((8, 6)), rng.integers(0, 4, 8)
        W = 0.0001 * rng.standard_normal((6, 4))
        if at_kink:                 # move W so that sample 0's margin for one wrong class is exactly 0
            j = (y[0] + 1) % 4
            margin = X[0] @ W[:, j] - X[0] @ W[:, y[0]] + 1
            W[:, j] -= margin * X[0] / (X[0] @ X[0])
        forward = (svm_loss_naive if with_reg_grad
                   else lambda W, X, y, reg: svm_loss_naive(W, X, y, reg, with_reg_grad=False))
        return {"forward": forward, "backward": None, "inputs": {"W": W}, "args": (X, y, reg)}
    return build


# --- a softmax cost divided by the number of classes -----------------------------------------------

def softmax_cost(z, y):
    """Returns (cost, gradient) as the question computes them: cost / len(y), gradient s - y."""
    e = np.exp(z)
    s = e / np.sum(e)
    return -np.sum(y * np.log(s)) / len(y), s - y


def build_softmax_cost():
    return {"forward": softmax_cost, "backward": None, "inputs": {"z": np.array([1.1, 2.2, 0.3, -1.7])},
            "args": (np.array([0.0, 0.0, 1.0, 0.0]),)}


# --- batch norm, staged (graph) backward with keepdims gradients -----------------------------------

def batchnorm_forward(x, gamma, beta, bn_param):
    eps = bn_param.get("eps", 1e-5)
    mean, var = x.mean(axis=0), x.var(axis=0)
    x_hat = (x - mean) / np.sqrt(var + eps)
    return gamma * x_hat + beta, (gamma, x_hat, x, mean, var, eps)


def batchnorm_backward_graph(dout, cache):
    """Through the graph: x_hat -> var -> mean -> x; dgamma, dbeta keep a (1, D) layout."""
    gamma, x_hat, x, mean, var, eps = cache
    n = x.shape[0]
    inv_std = 1 / np.sqrt(var + eps)
    dx_hat = dout * gamma
    dvar = np.sum(dx_hat * (x - mean) * -0.5 * (var + eps) ** -1.5, axis=0, keepdims=True)
    dmean = np.sum(-dx_hat * inv_std, axis=0, keepdims=True) + dvar * np.sum(-2 * (x - mean)) / n
    dx = dx_hat * inv_std + dvar * 2 * (x - mean) / n + dmean / n
    return dx, np.sum(dout * x_hat, axis=0, keepdims=True), np.sum(dout, axis=0, keepdims=True)


def batchnorm_backward_alt(dout, cache):
    """The simplified form: dgamma is a *sum* over the batch (the issue asks if it should be a mean)."""
    gamma, x_hat, x, mean, var, eps = cache
    n = x.shape[0]
    dgamma = np.sum(dout * x_hat, axis=0)
    dbeta = np.sum(dout, axis=0)
    dx = gamma / np.sqrt(var + eps) / n * (n * dout - dbeta - x_hat * dgamma)
    return dx, dgamma, dbeta


def build_batchnorm(backward, n, d, seed):
    """The assignment's gradient check: x = 5 randn + 12, gamma and beta randn, a random dout."""
    def build():
        rng = np.random.default_rng(seed)
        return {"forward": batchnorm_forward, "backward": backward,
                "inputs": {"x": 5 * rng.standard_normal((n, d)) + 12, "gamma": rng.standard_normal(d),
                           "beta": rng.standard_normal(d)},
                "args": ({"mode": "train", "eps": 1e-5},), "dout": rng.standard_normal((n, d))}
    return build


# --- numpy two-layer net, loss and gradients in one function --------------------------------------

def two_layer_loss(w1, w2, x, y):
    """h = relu(x w1), y_pred = h w2, loss = sum((y_pred - y)^2); returns (loss, grad_w1, grad_w2)."""
    h = x @ w1
    h_relu = np.maximum(h, 0)
    y_pred = h_relu @ w2
    grad_y_pred = 2.0 * (y_pred - y)
    grad_w2 = h_relu.T @ grad_y_pred
    grad_h_relu = grad_y_pred @ w2.T          # w2.T (not grad_w2): what the issue questions
    grad_h = grad_h_relu.copy()
    grad_h[h < 0] = 0
    return np.sum((y_pred - y) ** 2), x.T @ grad_h, grad_w2


def build_two_layer():
    rng = np.random.default_rng(12)
    return {"forward": two_layer_loss, "backward": None,
            "inputs": {"w1": rng.standard_normal((10, 6)) / 3, "w2": rng.standard_normal((6, 3)) / 2},
            "args": (rng.standard_normal((8, 10)), rng.standard_normal((8, 3)))}


# --- a single sigmoid neuron with mean squared error, gradient over n instead of 2/n ---------------

def single_neuron_mse(weights, bias, features, labels):
    p = 1 / (1 + np.exp(-(features @ weights + bias)))
    err = p - labels
    delta = err * p * (1 - p)
    n = len(labels)
    return np.mean(err ** 2), features.T @ delta / n, float(np.sum(delta) / n)


def build_single_neuron():
    rng = np.random.default_rng(13)
    return {"forward": single_neuron_mse, "backward": None,
            "inputs": {"weights": np.array([0.1, -0.2, 0.3]), "bias": np.array(0.05)},
            "args": (rng.standard_normal((6, 3)), (rng.random(6) > 0.5).astype(float))}


# --- ReLU backward from the output instead of the input -------------------------------------------

def relu_forward(x):
    out = np.maximum(x, 0)
    return out, out                  # the cache is the output y, not x


def relu_backward_from_output(dout, y):
    return dout * (y > 0)            # y > 0 exactly where x > 0


def relu_backward_reference(x, dy):
    """A reference written for (x, dy): dy where x > 0."""
    return dy * (x > 0)


def relu_backward_swapped(dout, cache):
    return relu_backward_reference(dout, cache)     # called with (dy, x): the arguments flipped


def build_relu_swapped():
    rng = np.random.default_rng(17)
    return {"forward": lambda x: (np.maximum(x, 0), x), "backward": relu_backward_swapped,
            "inputs": {"x": rng.standard_normal((4, 5))}}


def build_relu_from_output():
    rng = np.random.default_rng(16)
    return {"forward": relu_forward, "backward": relu_backward_from_output,
            "inputs": {"x": rng.standard_normal((4, 5))}}


CASES = [
    Case("svm_loss_naive_correct", "pair", "https://stackoverflow.com/questions/36020583",
         "cannot see how the svm_loss_naive loops compute the gradient (dW[:, j] += X[i], dW[:, y[i]] -= X[i]); "
         "the code is right", {"W": "ok"}, build_svm(True, reg=5e-6),
         note="the assignment's scales and first reg (0.000005) on W (6, 4), N = 8, instead of (3073, 10), 500"),
    Case("svm_loss_naive_no_reg_grad", "pair", "https://huggingface.co/datasets/nvidia/Nemotron-CC-Math-v1",
         "Lee Zhen Yong's CS231n assignment 1 tutorial (Q2, SVM, 2016, copied in this dataset): when the "
         "relative errors sit near 1e-8 instead of 1e-10, check that the regularization gradient is implemented",
         {"W": ("regularization",)}, build_svm(False, reg=5e1),
         note="the assignment's scales and its second check's reg (5e1) on W (6, 4), N = 8"),
    Case("softmax_cost_over_classes", "pair", "https://z.id.vn/?p=348969",
         "the analytic gradient s - y does not match the numeric one for z = [1.1, 2.2, 0.3, -1.7]: the cost "
         "divides by len(y), the number of classes (4), and the gradient does not",
         {"z": ("scale", 4.0)}, build_softmax_cost, note="the question's own z and y"),
    Case("batchnorm_backward_graph_keepdims", "pair",
         "https://red.byte.kiwi/r/cs231n/comments/hx87z3/batchnorm_w12_gradient_error_1e0_but_e8_when",
         "staged batchnorm_backward suspected (network check errors 1e0 with it, 1e-8 with the alt version); "
         "the function is right, its dgamma / dbeta come as (1, D) for (D,) parameters",
         {"x": "ok", "gamma": "ok", "beta": "ok"}, build_batchnorm(batchnorm_backward_graph, 4, 5, 14)),
    Case("batchnorm_dgamma_sum_not_mean", "pair",
         "https://github.com/wjbKimberly/cs231n_spring_2017_assignment/issues/7",
         "asks whether dgamma = np.sum(dout * x_hat, axis=0) should be a mean (it grows with the batch); "
         "the sum is right", {"x": "ok", "gamma": "ok", "beta": "ok"},
         build_batchnorm(batchnorm_backward_alt, 6, 3, 15)),
    Case("two_layer_net_numpy_w2t", "pair", "https://github.com/jcjohnson/pytorch-examples/issues/28",
         "asks whether grad_h_relu should use grad_w2 instead of w2.T; the maintainer: the code is right",
         {"w1": "ok", "w2": "ok"}, build_two_layer,
         note="the script's step as a function returning (loss, grad_w1, grad_w2); N, D_in, H, D_out = 8, 10, 6, 3"),
    Case("single_neuron_mse_one_over_n", "pair", "https://github.com/Open-Deep-ML/DML-OpenProblem/issues/54",
         "the learn section says 2/n for the MSE gradient, the solution uses 1/n (maintainer: it should be 2/n)",
         {"weights": ("scale", 0.5), "bias": ("scale", 0.5)}, build_single_neuron, batch_sizes=(6,),
         note="one step of the neuron as a loss function returning (mse, dw, db); 6 samples, 3 features"),
    Case("relu_backward_from_output", "pair", "https://github.com/uxlfoundation/oneDNN/issues/233",
         "asks whether relu_backward may take y = relu(x) instead of x (to run ReLU in place); the maintainers: "
         "yes, ReLU is special that way", {"x": "ok"}, build_relu_from_output),
    Case("svm_loss_naive_at_a_kink", "pair", "https://huggingface.co/datasets/nvidia/Nemotron-CC-Math-v1",
         "Lee Zhen Yong's CS231n tutorial (Q2): one dimension of the gradient check is off (numerical 6.561015, "
         "analytic 6.540654, relative error 1.55e-03) while the others match to 1e-10; the assignment's inline "
         "question: a margin at the hinge's kink, where the numeric gradient averages both sides. The code is right",
         {"W": "ok"}, build_svm(True, at_kink=True, reg=5e1),
         note="the assignment's scales, reg 5e1; W moved so that one margin is exactly 0"),
    Case("relu_backward_arguments_flipped", "pair", "https://github.com/ROCm/rocm-libraries/issues/7676",
         "the CPU reference of ReluBackward takes (x, dy) where callers pass (dy, x), so it returns x where dy > 0; "
         "the maintainers confirm and flip the order", {"x": ("mismatch",)}, build_relu_swapped,
         note="written in the CS231n pair form, relu_forward caching x"),
]
