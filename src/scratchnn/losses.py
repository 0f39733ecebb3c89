r"""Losses: ``value(a, y) -> float`` and ``gradient(a, y) -> dL/da`` on the network output ``a``.

Shapes: ``a`` and the prepared ``y`` are (n_samples, n_outputs). ``prepare_targets`` turns what
the user passed into that form (``(n,)`` becomes ``(n, 1)`` explicitly, class indices become
one-hot) and refuses targets the loss cannot use -- before any training happens.

Fused output and loss: "the gradient is p - y"
-----------------------------------------------
Two pairs are special, a :class:`~scratchnn.activations.Sigmoid` output with binary cross-entropy
and a :class:`~scratchnn.activations.Softmax` output with cross-entropy (:data:`FUSED`). For both,
the gradient of the loss with respect to the output layer's input :math:`z` (the logits) is just
the predicted probability minus the target, divided by the N terms of the mean:

.. math:: \partial L/\partial z = (a - y) / N

Softmax + cross-entropy: :math:`\partial L/\partial a_k = -y_k / a_k` and
:math:`\partial a_k/\partial z_j = a_k(\delta_{kj} - a_j)`, so
:math:`\partial L/\partial z_j = \sum_k -y_k(\delta_{kj} - a_j) = a_j \sum_k y_k - y_j = a_j - y_j`
(each row of ``y`` sums to 1). Sigmoid + BCE: :math:`\partial L/\partial a = (a - y)/(a(1-a))` and
:math:`\partial a/\partial z = a(1 - a)`; the product is :math:`a - y`.

So the model (:meth:`~scratchnn.model.Sequential.train_step`) skips the output activation's
backward and starts backpropagation at :math:`z` with ``gradient_from_logits``, and computes the
loss from :math:`z` with ``value_from_logits``, which never takes ``log(0)``: one division by
:math:`a(1-a)` or :math:`a` that would overflow at a confident output never happens.
"""
import numpy as np

from .activations import Sigmoid, Softmax, logsumexp
from .validation import InputError, as_numeric_array, check_finite, describe


def _numeric_targets(y):
    """``y`` as a finite numeric array: text, empty or NaN targets are refused before the label checks
    (a NaN label would otherwise be reported as "not a class index")."""
    y = as_numeric_array(y, "y")
    check_finite(y, "y")
    return y


def _clip_probabilities(a):
    eps = np.finfo(a.dtype).eps
    return np.clip(a, eps, 1 - eps)


class Loss:
    name = "loss"

    def prepare_targets(self, y, n_outputs, dtype):
        """Targets as a float array of shape (n_samples, n_outputs)."""
        y = _numeric_targets(y)
        if y.ndim == 1 and n_outputs == 1:
            y = y.reshape(-1, 1)  # (n,) for a single output means (n, 1), never (1, n)
        if y.ndim != 2 or y.shape[1] != n_outputs:
            hint = ""
            if y.ndim == 2 and y.shape[0] == n_outputs and y.shape[1] != n_outputs:
                hint = f" It looks transposed: pass y.T (shape {y.shape[::-1]})."
            elif y.ndim == 1:
                hint = f" Pass targets of shape (n_samples, {n_outputs})."
            raise InputError(f"targets y have shape {y.shape} but the model has {n_outputs} output(s), "
                             f"so it predicts shape (n_samples, {n_outputs}).{hint}")
        return y.astype(dtype, copy=False)

    def config(self):
        return {"name": self.name}

    def __repr__(self):
        return f"{type(self).__name__}()"


class MSE(Loss):
    r"""Mean squared error :math:`L = \frac1N \sum (a - y)^2` over all N = n·k entries;
    :math:`\partial L/\partial a = 2 (a - y) / N`."""

    name = "mse"

    def value(self, a, y):
        d = a - y
        return float(np.vdot(d, d)) / d.size  # the sum of squares as one dot product

    def gradient(self, a, y):
        return (2.0 / a.size) * (a - y)


class BinaryCrossEntropy(Loss):
    r"""Binary cross-entropy on probabilities, averaged over all N entries:
    :math:`L = -\frac1N \sum [y \log a + (1-y) \log(1-a)]`,
    :math:`\partial L/\partial a = (a - y) / (a (1-a) N)`.

    From the logits :math:`z` (after a Sigmoid, see the module docstring):
    :math:`L = \frac1N \sum [\max(z,0) - z y + \log(1 + e^{-|z|})]`.
    Targets must lie in [0, 1].
    """

    name = "bce"

    def prepare_targets(self, y, n_outputs, dtype):
        y = super().prepare_targets(y, n_outputs, dtype)
        if y.size and (y.min() < 0 or y.max() > 1):
            raise InputError(f"binary cross-entropy needs targets in [0, 1], got values from {describe(y.min())} "
                             f"to {describe(y.max())}; use labels 0/1 (or loss='mse' for regression)")
        return y

    def value(self, a, y):
        a = _clip_probabilities(a)
        return float(-np.mean(y * np.log(a) + (1 - y) * np.log(1 - a)))

    def gradient(self, a, y):
        a = _clip_probabilities(a)
        return (a - y) / (a * (1 - a) * a.size)

    def value_from_logits(self, z, y):
        # -[y log sigma(z) + (1-y) log(1 - sigma(z))], rearranged so that no exponent is positive.
        return float((np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))).mean())

    def gradient_from_logits(self, a, y):
        """dL/dz after a Sigmoid: (a - y) / N (see the module docstring)."""
        return (a - y) / a.size


class CrossEntropy(Loss):
    r"""Categorical cross-entropy averaged over the n samples: :math:`L = -\frac1n \sum_i \sum_k y_{ik} \log a_{ik}`,
    :math:`\partial L/\partial a = -y / (a n)`.

    Targets are class indices, shape (n,) with values in 0..k-1, or one-hot rows (n, k).
    From the logits :math:`z` (after a Softmax, see the module docstring):
    :math:`L = \frac1n \sum_i [\text{logsumexp}(z_i) - \sum_k y_{ik} z_{ik}]`.
    """

    name = "cross_entropy"

    def prepare_targets(self, y, n_outputs, dtype):
        y = _numeric_targets(y)
        if y.ndim == 2 and y.shape[1] == 1 and n_outputs > 1:
            y = y.ravel()
        if y.ndim == 1:
            if y.size and (not np.all(np.mod(y, 1) == 0) or y.min() < 0 or y.max() >= n_outputs):
                raise InputError(f"cross-entropy needs class indices 0..{n_outputs - 1} (one per output unit), got "
                                 f"values from {describe(y.min())} to {describe(y.max())}; pass integer labels or "
                                 f"one-hot rows of shape (n_samples, {n_outputs})")
            return np.eye(n_outputs, dtype=dtype)[y.astype(np.intp)]
        y = super().prepare_targets(y, n_outputs, dtype)
        if y.size and (y.min() < 0 or not np.allclose(y.sum(axis=1), 1, atol=1e-3)):
            raise InputError("cross-entropy one-hot targets must be non-negative rows that sum to 1; "
                             "pass class indices (n_samples,) instead if that is what you have")
        return y

    def value(self, a, y):
        return float(-np.sum(y * np.log(_clip_probabilities(a))) / len(a))

    def gradient(self, a, y):
        return -y / (_clip_probabilities(a) * len(a))

    def value_from_logits(self, z, y):
        # -sum_k y_k log softmax(z)_k = logsumexp(z) - sum_k y_k z_k per row; sum_ik y_ik z_ik is one dot product.
        return (float(logsumexp(z).sum()) - float(np.vdot(y, z))) / len(z)

    def gradient_from_logits(self, a, y):
        """dL/dz after a Softmax: (a - y) / n (see the module docstring)."""
        return (a - y) / len(a)


# Each loss whose joint gradient with an output activation is (a - y)/N, and that activation.
FUSED = {BinaryCrossEntropy: Sigmoid, CrossEntropy: Softmax}


def fuses(loss, output_layer):
    """True when ``loss`` after ``output_layer`` is one of the :data:`FUSED` pairs."""
    activation = FUSED.get(type(loss))
    return activation is not None and isinstance(output_layer, activation)


LOSSES = {"mse": MSE, "bce": BinaryCrossEntropy, "binary_cross_entropy": BinaryCrossEntropy,
          "cross_entropy": CrossEntropy, "ce": CrossEntropy}


def get(spec):
    """A loss from a name (``"mse"``, ``"bce"``, ``"cross_entropy"``) or a :class:`Loss` instance."""
    if isinstance(spec, Loss):
        return spec
    if isinstance(spec, dict):
        spec = spec.get("name")
    if isinstance(spec, str) and spec.lower() in LOSSES:
        return LOSSES[spec.lower()]()
    raise InputError(f"unknown loss {spec!r}; choose one of: mse, bce, cross_entropy")
