"""The door to PyTorch: ``to_torch(model)`` and ``from_torch(module)``.

``to_torch`` builds a ``torch.nn.Sequential`` that computes the same function as a scratchnn
``Sequential`` -- same layers in the same order, copies of the weights and batch-norm running
statistics, in the model's dtype -- so a model that has outgrown NumPy can keep training with
PyTorch's tools (GPUs, ``DistributedDataParallel``, ``torch.onnx.export``). ``from_torch`` goes the
other way for the layer types scratchnn has. torch is optional: imported only when called.

The one layout difference: ``Dense`` keeps ``W`` as (in, out) so that ``y = x W + b``;
``nn.Linear`` keeps ``weight`` as (out, in) and computes ``x weight^T + bias``. Convolution
filters are (F, C, kh, kw) in both.
"""
import numpy as np

from .activations import Identity, LeakyReLU, ReLU, Sigmoid, Softmax, Tanh
from .batchnorm import BatchNorm1D, BatchNorm2D
from .conv import Conv2D
from .layers import Dense
from .pooling import AvgPool2D, MaxPool2D
from .reshaping import Dropout, Flatten
from .validation import InputError


def _torch():
    try:
        import torch
    except ImportError:
        raise ImportError("this needs PyTorch, an optional dependency: pip install torch") from None
    return torch


def _tensor(torch, array):
    return torch.from_numpy(np.array(array))  # a copy: the two models never share memory


def to_torch(model):
    """An equivalent ``torch.nn.Sequential`` (same dtype, copies of every parameter and running
    statistic). Its outputs equal ``model.predict`` to rounding; a final Softmax stays a
    ``nn.Softmax(dim=1)`` (train it with ``nn.NLLLoss`` on its log, or drop it and use
    ``nn.CrossEntropyLoss`` on the logits)."""
    torch = _torch()
    nn = torch.nn
    modules = []
    for layer in model.layers:
        kind = type(layer)
        if kind is Dense:
            m = nn.Linear(layer.in_features, layer.out_features, bias=layer.bias)
            m.weight.data = _tensor(torch, layer.params["W"].T)
            if layer.bias:
                m.bias.data = _tensor(torch, layer.params["b"])
        elif kind is Conv2D:
            m = nn.Conv2d(layer.in_channels, layer.out_channels, layer.kernel_size, layer.stride, layer.padding)
            m.weight.data, m.bias.data = _tensor(torch, layer.params["W"]), _tensor(torch, layer.params["b"])
        elif kind in (BatchNorm1D, BatchNorm2D):
            norm = nn.BatchNorm1d if kind is BatchNorm1D else nn.BatchNorm2d
            m = norm(layer.num_features, layer.eps, layer.momentum)
            m.weight.data, m.bias.data = _tensor(torch, layer.params["gamma"]), _tensor(torch, layer.params["beta"])
            m.running_mean.data = _tensor(torch, layer.state["running_mean"])
            m.running_var.data = _tensor(torch, layer.state["running_var"])
        elif kind is MaxPool2D:
            m = nn.MaxPool2d(layer.kernel_size, layer.stride)
        elif kind is AvgPool2D:
            m = nn.AvgPool2d(layer.kernel_size, layer.stride)
        elif kind is LeakyReLU:
            m = nn.LeakyReLU(layer.alpha)
        elif kind is Dropout:
            m = nn.Dropout(layer.p)
        elif kind is Softmax:
            m = nn.Softmax(dim=1)
        elif kind in _SIMPLE:
            m = _SIMPLE[kind](nn)()
        else:
            raise InputError(f"to_torch: no PyTorch counterpart for layer {layer!r}; supported: "
                             f"{', '.join(sorted(c.__name__ for c in _SUPPORTED))}")
        modules.append(m)
    return nn.Sequential(*modules).to(getattr(torch, model.dtype.name)).eval()


_SIMPLE = {ReLU: lambda nn: nn.ReLU, Sigmoid: lambda nn: nn.Sigmoid, Tanh: lambda nn: nn.Tanh,
           Flatten: lambda nn: nn.Flatten, Identity: lambda nn: nn.Identity}
_SUPPORTED = (Dense, Conv2D, BatchNorm1D, BatchNorm2D, MaxPool2D, AvgPool2D, LeakyReLU, Dropout, Softmax, *_SIMPLE)


def _numpy(tensor):
    return tensor.detach().cpu().numpy()


def _refuse(i, module, why):
    raise InputError(f"from_torch: module {i} ({module!r}) {why}; scratchnn has Linear, Conv2d (no dilation or "
                     "groups), MaxPool2d/AvgPool2d (no padding), BatchNorm1d/2d, Flatten, Dropout, ReLU, LeakyReLU, "
                     "Sigmoid, Tanh, Softmax(dim=1) and Identity")


def _one_layer(i, m, nn):
    """The scratchnn layer for torch module ``m`` (number ``i``) and its arrays ``{key: array}``."""
    if isinstance(m, nn.Linear):
        layer = Dense(m.in_features, m.out_features, bias=m.bias is not None)
        return layer, {"W": _numpy(m.weight).T, **({"b": _numpy(m.bias)} if m.bias is not None else {})}, {}
    if isinstance(m, nn.Conv2d):
        if isinstance(m.padding, str) or m.dilation != (1, 1) or m.groups != 1 or m.padding_mode != "zeros":
            _refuse(i, m, "uses string padding, dilation, groups or a non-zero padding mode")
        if m.bias is None:
            _refuse(i, m, "has no bias (scratchnn's Conv2D always has one)")
        layer = Conv2D(m.in_channels, m.out_channels, m.kernel_size, m.stride, m.padding)
        return layer, {"W": _numpy(m.weight), "b": _numpy(m.bias)}, {}
    if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
        if not m.affine or not m.track_running_stats or m.momentum is None:
            _refuse(i, m, "needs affine=True, track_running_stats=True and a numeric momentum")
        layer = (BatchNorm1D if isinstance(m, nn.BatchNorm1d) else BatchNorm2D)(m.num_features, m.momentum, m.eps)
        return layer, {"gamma": _numpy(m.weight), "beta": _numpy(m.bias)}, {
            "running_mean": _numpy(m.running_mean), "running_var": _numpy(m.running_var)}
    if isinstance(m, (nn.MaxPool2d, nn.AvgPool2d)):
        if m.padding not in (0, (0, 0)) or m.ceil_mode or getattr(m, "dilation", 1) not in (1, (1, 1)) \
                or getattr(m, "divisor_override", None) or getattr(m, "return_indices", False):
            _refuse(i, m, "uses padding, ceil_mode, dilation, divisor_override or return_indices")
        cls = MaxPool2D if isinstance(m, nn.MaxPool2d) else AvgPool2D
        return cls(m.kernel_size, m.stride or None), {}, {}
    if isinstance(m, nn.Flatten):
        if m.start_dim != 1 or m.end_dim != -1:
            _refuse(i, m, "flattens other axes than 1 onwards")
        return Flatten(), {}, {}
    if isinstance(m, nn.Softmax):
        if m.dim not in (1, -1):
            _refuse(i, m, "is a softmax over an axis other than the features (dim=1)")
        return Softmax(), {}, {}
    if isinstance(m, nn.Dropout):
        return Dropout(m.p), {}, {}
    if isinstance(m, nn.LeakyReLU):
        return LeakyReLU(m.negative_slope), {}, {}
    for cls, make in _SIMPLE.items():
        if cls is not Flatten and type(m) is make(nn):
            return cls(), {}, {}
    _refuse(i, m, "has no scratchnn counterpart")


def from_torch(module, seed=None):
    """A scratchnn ``Sequential`` equivalent to a ``torch.nn.Sequential`` (nested ones are
    flattened) made of the layer types scratchnn has; ``InputError`` naming the first other one.
    float64 modules give a float64 model, all others float32. Weights and running statistics are
    copied."""
    torch = _torch()
    from .model import Sequential
    nn = torch.nn
    if not isinstance(module, nn.Module):
        raise InputError(f"from_torch expects a torch.nn.Module (e.g. nn.Sequential), got {type(module).__name__}")
    flat = [m for m in module.modules() if not isinstance(m, nn.Sequential)] if isinstance(module, nn.Sequential) \
        else [module]
    built = [_one_layer(i, m, nn) for i, m in enumerate(flat)]
    tensors = list(module.parameters())
    dtype = "float64" if tensors and tensors[0].dtype == torch.float64 else "float32"
    model = Sequential([layer for layer, _, _ in built], seed=seed, dtype=dtype)
    for layer, params, state in built:
        for key, value in params.items():
            layer.params[key][...] = value
        for key, value in state.items():
            layer.state[key][...] = value
    return model
