"""The gradient checker: ``gradcheck(loss_fn, params, grads)`` says whether hand-written gradients
are right and, when they are not, which pattern of mistake they show (see docs/gradcheck.md).
The same check for layer objects (``gradcheck_layer``), forward/backward function pairs
(``gradcheck_pair``) and ``torch.autograd.Function`` subclasses (``gradcheck_torch``).
"""
from .check import gradcheck
from .layer import gradcheck_layer
from .pair import gradcheck_pair
from .torch_function import gradcheck_torch
from .report import GradReport, ParamResult

PATTERNS = ("ok", "scale", "sign", "zero", "flat", "transpose", "swapped", "mask", "regularization", "mismatch",
            "missing", "extra", "shape")

__all__ = ["gradcheck", "gradcheck_layer", "gradcheck_pair", "gradcheck_torch", "GradReport", "ParamResult", "PATTERNS"]
