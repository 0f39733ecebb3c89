"""Real cases in the ``torch.autograd.Function`` form (hand-written ``backward``).

``build()`` returns ``function`` (the Function's ``apply``), ``inputs`` (float64 tensors; those that
``requires_grad`` are checked) and ``names``. Without torch the module still imports and every case
builder raises ``ImportError`` (the tests skip on it).
"""
import copy

import numpy as np

from gcreal_cases import Case

try:
    import torch
    from torch.autograd import Function
except ImportError:                          # the corpus still lists the cases; their tests skip
    torch, Function = None, object


def _tensor(rng, shape, grad=True, low=None, high=None):
    data = rng.standard_normal(shape) if low is None else rng.uniform(low, high, shape)
    return torch.tensor(data, dtype=torch.float64, requires_grad=grad)


class ISRLU(Function):
    """x / sqrt(1 + alpha x^2) for x < 0, x otherwise; backward returns the local derivative alone."""

    @staticmethod
    def forward(ctx, tensor, alpha):
        negatives = torch.minimum(tensor, torch.zeros_like(tensor))
        ctx.nisr = torch.rsqrt(1.0 + alpha * negatives ** 2)
        return tensor * ctx.nisr

    @staticmethod
    def backward(ctx, grad_out):
        return ctx.nisr ** 3, None          # neither multiplied by grad_out nor a gradient for alpha


class LinearFunction(Function):
    """output = input weight^T + bias; the gradients multiply grad_output, as the docs' example does."""

    @staticmethod
    def forward(ctx, input, weight, bias):
        ctx.save_for_backward(input, weight)
        return input @ weight.t() + bias

    @staticmethod
    def backward(ctx, grad_output):
        input, weight = ctx.saved_tensors
        return grad_output @ weight, grad_output.t() @ input, grad_output.sum(0)


class MyReLU(Function):
    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)
        return input.clamp(min=0)

    @staticmethod
    def backward(ctx, grad_output):
        input, = ctx.saved_tensors
        grad_input = grad_output.clone()
        grad_input[input < 0] = 0            # ReLU passes gradient only where it was active
        return grad_input


class MyReLUNoClone(MyReLU):
    """The question's variant: the same forward; backward zeroes grad_output itself (no clone)."""

    @staticmethod
    def backward(ctx, grad_output):
        input, = ctx.saved_tensors
        grad_output[input < 0] = 0           # writes into the upstream gradient autograd handed over
        return grad_output


class IndexRows(Function):
    """weight[index] with a LongTensor index; backward assigns grad_output into the rows (no accumulation)."""

    @staticmethod
    def forward(ctx, weight, index):
        ctx.save_for_backward(index)
        ctx.weight_shape = weight.shape
        return weight[index]

    @staticmethod
    def backward(ctx, grad_output):
        index, = ctx.saved_tensors
        grad_weight = grad_output.new_zeros(ctx.weight_shape)
        grad_weight[index] = grad_output      # a row picked twice keeps only its last gradient
        return grad_weight, None


class BilinearUnweighted(Function):
    """out[n, k] = x1[n] W[k] x2[n] + b[k]; the input gradients are not weighted by grad_output."""

    @staticmethod
    def forward(ctx, x1, x2, W, b):
        ctx.save_for_backward(x1, x2, W)
        return torch.einsum("ni,kij,nj->nk", x1, W, x2) + b

    @staticmethod
    def backward(ctx, grad_output):
        x1, x2, W = ctx.saved_tensors
        grad_x1 = torch.einsum("kij,nj->ni", W, x2)             # summed over k with weight 1, not grad_output
        grad_x2 = torch.einsum("ni,kij->nj", x1, W)
        grad_W = torch.einsum("nk,ni,nj->kij", grad_output, x1, x2)
        return grad_x1, grad_x2, grad_W, grad_output.sum(0)


class Conv2dViaNNGrad(Function):
    """A convolution whose backward calls torch.nn.grad.conv2d_input / conv2d_weight."""

    @staticmethod
    def forward(ctx, input, weight, bias, stride, padding):
        ctx.save_for_backward(input, weight)
        ctx.stride, ctx.padding = stride, padding
        return torch.nn.functional.conv2d(input, weight, bias, stride=stride, padding=padding)

    @staticmethod
    def backward(ctx, grad_output):
        input, weight = ctx.saved_tensors
        grad_input = torch.nn.grad.conv2d_input(input.shape, weight, grad_output, stride=ctx.stride,
                                                padding=ctx.padding)
        grad_weight = torch.nn.grad.conv2d_weight(input, weight.shape, grad_output, stride=ctx.stride,
                                                  padding=ctx.padding)
        return grad_input, grad_weight, grad_output.sum((0, 2, 3)), None, None


class Attn(Function):
    """o = tanh(q k^T) v, returning (o, a) with a = tanh(q k^T); two outputs, two upstream gradients."""

    @staticmethod
    def forward(ctx, q, k, v):
        a = torch.tanh(q @ k.t())
        ctx.save_for_backward(q, k, v, a)
        return a @ v, a

    @staticmethod
    def backward(ctx, grad_o, grad_a):
        q, k, v, a = ctx.saved_tensors
        grad_x = (grad_o @ v.t() + grad_a) * (1 - a ** 2)
        return grad_x @ k, grad_x.t() @ q, a.t() @ grad_o


class RevGrad(Function):
    """Gradient reversal: identity forward, -grad_output backward (on purpose)."""

    @staticmethod
    def forward(ctx, input):
        return input.view_as(input)

    @staticmethod
    def backward(ctx, grad_output):
        return -grad_output


class Times666Backward(Function):
    """Identity forward; backward multiplies grad_out by 666 (to see whether it is called)."""

    @staticmethod
    def forward(ctx, x):
        return x

    @staticmethod
    def backward(ctx, grad_out):
        return grad_out.clone() * 666


class Sign(Function):
    """Binarizer: sign(x) in evaluation mode; backward passes grad_output straight through."""

    @staticmethod
    def forward(ctx, input, is_training=False):
        return input.sign()

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output, None


GRLModule = None
if torch is not None:
    class GRLModule(torch.nn.Module):
        """The issue's attempt: a Module with its own ``backward`` method, which autograd never calls."""

        def forward(self, x):
            return x

        def backward(self, x):
            return -x


def _need_torch():
    if torch is None:
        raise ImportError("torch is not installed")


def build_isrlu():
    _need_torch()
    rng = np.random.default_rng(31)
    return {"function": ISRLU.apply, "inputs": (_tensor(rng, (20, 20)), _tensor(rng, (20, 20), low=0.5, high=1.5)),
            "names": ["tensor", "alpha"]}


def build_linear():
    _need_torch()
    rng = np.random.default_rng(32)
    return {"function": LinearFunction.apply,
            "inputs": (_tensor(rng, (5, 4)), _tensor(rng, (3, 4)), _tensor(rng, (3,))),
            "names": ["input", "weight", "bias"]}


def build_relu():
    _need_torch()
    rng = np.random.default_rng(33)
    return {"function": MyReLU.apply, "inputs": (_tensor(rng, (4, 6)),), "names": ["input"]}


def build_relu_no_clone():
    _need_torch()
    rng = np.random.default_rng(40)
    return {"function": MyReLUNoClone.apply, "inputs": (_tensor(rng, (4, 6)),), "names": ["input"]}


def build_index_rows():
    _need_torch()
    weight = _tensor(np.random.default_rng(44), (60, 10))
    index = torch.tensor([0, 0, 2, 3, 3, 3, 17, 42, 42])
    return {"function": IndexRows.apply, "inputs": (weight, index), "names": ["weight", "index"]}


def build_bilinear():
    _need_torch()
    rng = np.random.default_rng(45)
    return {"function": BilinearUnweighted.apply,
            "inputs": (_tensor(rng, (4, 3)), _tensor(rng, (4, 2)), _tensor(rng, (5, 3, 2)), _tensor(rng, (5,))),
            "names": ["x1", "x2", "W", "b"]}


def build_conv():
    _need_torch()
    rng = np.random.default_rng(34)
    x, w, b = _tensor(rng, (2, 3, 6, 6)), _tensor(rng, (4, 3, 3, 3)), _tensor(rng, (4,))
    return {"function": lambda x, w, b: Conv2dViaNNGrad.apply(x, w, b, 2, 1), "inputs": (x, w, b),
            "names": ["input", "weight", "bias"]}


def build_attn():
    _need_torch()
    rng = np.random.default_rng(35)
    return {"function": Attn.apply, "inputs": (_tensor(rng, (4, 3)), _tensor(rng, (4, 3)), _tensor(rng, (4, 2))),
            "names": ["q", "k", "v"]}


def build_revgrad():
    _need_torch()
    return {"function": RevGrad.apply, "inputs": (_tensor(np.random.default_rng(36), (3, 4)),), "names": ["input"]}


def build_grl_module():
    _need_torch()
    return {"function": GRLModule(), "inputs": (_tensor(np.random.default_rng(37), (3, 4)),), "names": ["input"]}


def build_times666():
    _need_torch()
    return {"function": lambda x: Times666Backward.apply(x + 1), "inputs": (_tensor(np.random.default_rng(38), (4,)),),
            "names": ["x"]}


def build_sign():
    _need_torch()
    return {"function": lambda x: Sign.apply(x, False), "inputs": (_tensor(np.random.default_rng(39), (3, 5)),),
            "names": ["input"]}


def build_linear_module_float32():
    _need_torch()
    torch.manual_seed(123)
    layer = torch.nn.Linear(2, 1)
    x = torch.rand(1, 2, requires_grad=True)            # float32, as in the report
    return {"function": layer, "inputs": (x,), "names": ["input"], "float64_function": copy.deepcopy(layer).double()}


def build_adaptive_pool_float32():
    _need_torch()
    x = torch.tensor([[[[1., 0., -1., 0.], [2., 1., 1., -2.], [-1., -2., -3., -4.]],
                       [[3., 1., 1., 7.], [6., 5., 21., 3.], [1., 2., 3., 4.]]]], requires_grad=True)
    return {"function": lambda x: torch.nn.functional.adaptive_avg_pool2d(x, (1, 2)), "inputs": (x,),
            "names": ["input"]}


CASES = [
    Case("isrlu_backward_without_grad_out", "torch", "https://github.com/pytorch/pytorch/issues/4355",
         "gradcheck fails on a custom ISRLU: backward returns ctx.nisr ** 3 (not times grad_out) and None "
         "for alpha, which was passed as a tensor requiring grad",
         {"tensor": ("mismatch",), "alpha": ("zero",)}, build_isrlu,
         note="alpha drawn in [0.5, 1.5] (the report's randn alpha makes 1 + alpha x^2 negative: NaN)"),
    Case("linear_function_docs_example", "torch",
         "https://discuss.pytorch.org/t/why-is-the-gradient-multiplied-by-grad-output-in-this/139574",
         "does not see why the docs' LinearFunction multiplies its gradients by grad_output; it is right",
         {"input": "ok", "weight": "ok", "bias": "ok"}, build_linear),
    Case("myrelu_tutorial", "torch", "https://discuss.pytorch.org/t/custom-autograd/52209",
         "asks what the tutorial's MyReLU backward (clone grad_output, zero it where input < 0) does; it is right",
         {"input": "ok"}, build_relu),
    Case("conv2d_function_via_nn_grad", "torch", "https://github.com/pytorch/pytorch/issues/51430",
         "torch.nn.grad.conv2d_weight was wrong for some inputs (fixed by pytorch PR 81839); a custom conv "
         "Function whose backward calls it is right with torch 2.13, here on a 6x6 input, padding 1, stride 2, "
         "where the windows do not tile the padded input evenly",
         {"input": "ok", "weight": "ok", "bias": "ok"}, build_conv, four_d=True),
    Case("attention_function_two_outputs", "torch", "https://github.com/pytorch/pytorch/pull/60877",
         "autograd onboarding lab: a hand-written Attn Function returning (output, attn); reviewed as right",
         {"q": "ok", "k": "ok", "v": "ok"}, build_attn),
    Case("gradient_reversal_module_backward", "torch", "https://github.com/hash2430/pitchtron/issues/3",
         "a gradient reversal layer written as an nn.Module with a backward method: the method is never called, "
         "so the gradient is not reversed (autograd's identity gradient, which is the true one)",
         {"input": "ok"}, build_grl_module),
    Case("gradient_reversal_function", "torch", "https://github.com/hash2430/pitchtron/issues/3",
         "the Function version the issue compares with (pytorch-revgrad) does reverse it: its gradient is the "
         "true one with the sign flipped, by design", {"input": ("sign",)}, build_revgrad),
    Case("custom_backward_on_non_leaf", "torch", "https://github.com/pytorch/pytorch/issues/4714",
         "a Function whose backward returns grad_out * 666 seemed not to be called on MyFun.apply(x + 1) "
         "(PyTorch 0.3); today it is, and its gradient is 666 x the true one", {"x": ("scale", 666.0)},
         build_times666, note="4 entries instead of 1"),
    Case("sign_binarizer_straight_through", "torch", "https://github.com/1zb/pytorch-image-comp-rnn/issues/4",
         "the Sign Function's backward must return (grad_output, None) for its two inputs; it passes the "
         "gradient straight through a sign, whose true derivative is 0", {"input": ("flat",)}, build_sign,
         note="evaluation mode (deterministic sign); training mode draws random binarizations"),
    Case("linear_layer_gradcheck_in_float32", "torch", "https://github.com/pytorch/pytorch/issues/5351",
         "torch.autograd.gradcheck(nn.Linear(2, 1), float32 input) reports numerical (-0.3576, 0.2682) vs analytical "
         "(-0.3512, 0.2667): 'wrong automatic gradient'; the answer: single precision, it passes in double",
         {"input": "ok"}, build_linear_module_float32, note="the module and input stay float32, seed 123"),
    Case("adaptive_avg_pool2d_gradcheck_in_float32", "torch", "https://github.com/pytorch/pytorch/issues/44662",
         "gradcheck fails for adaptive_avg_pool2d(x, (1, 2)) (numerical 0.4768 vs analytical 0.1667) on a float32 "
         "x; the analytical gradient (1/6 per window entry) is the right one", {"input": "ok"},
         build_adaptive_pool_float32, four_d=True, note="the report's own x (1, 2, 3, 4), float32; the loss is "
                                                        "sum(r * output) instead of .sum()"),
    Case("myrelu_backward_without_clone", "torch",
         "https://whosebug.com/question/5056171/Why-do-we-need-clone-the-grad-output-and-assign-it-to-grad-input-when-defining-a-ReLU-autograd-function",
         "asks why the tutorial's MyReLU clones grad_output instead of zeroing it directly; without the clone the "
         "returned gradient is the same, but the caller's upstream gradient is overwritten",
         {"input": "ok"}, build_relu_no_clone),
    Case("index_backward_duplicate_rows", "torch", "https://github.com/pytorch/pytorch/issues/1528",
         "indexing with a LongTensor that repeats an entry (y[LongTensor([0, 0])]) keeps only the last copy's "
         "gradient: the index backward copies grad_output into the rows instead of adding (the rows picked "
         "twice are wrong, the others right: a mask of rows)",
         {"weight": ("mask",)}, build_index_rows,
         note="a Function written as the 2017 Index backward was (pytorch issue 828 shows it); a (60, 10) "
              "table (600 entries: sampled), index [0, 0, 2, 3, 3, 3, 17, 42, 42]"),
    Case("bilinear_grad_input_not_weighted", "torch", "https://github.com/torch/nn/pull/657",
         "fix of nn.Bilinear's gradInput: 'gradients wrt inputs are now weighted by gradOutput as expected' "
         "(before, the weight gradient was right and the input gradients were not)",
         {"x1": ("mismatch",), "x2": ("mismatch",), "W": "ok", "b": "ok"}, build_bilinear,
         note="Lua torch's module written as a torch.autograd.Function; N = 4, sizes 3 x 2 -> 5"),
]
