r"""Batch normalization: ``BatchNorm1D`` over (n, D) and ``BatchNorm2D`` over (n, C, H, W).

Each feature (or channel) is normalized by the batch's own mean and variance, then scaled and
shifted by learned ``gamma`` and ``beta`` (Ioffe & Szegedy, 2015):

.. math::
    \hat x = (x - \mu_B) / \sqrt{\sigma_B^2 + \epsilon}, \qquad y = \gamma \hat x + \beta

with :math:`\mu_B, \sigma_B^2` the mean and (biased) variance over the batch -- over samples, and
for images also over every position, m numbers per channel. Training also updates running
estimates, ``state["running_mean"]`` and ``state["running_var"]`` (unbiased, as PyTorch):
:math:`r \leftarrow (1 - \text{momentum})\, r + \text{momentum}\cdot\text{batch value}`.
Inference (``training=False``) normalizes by those instead, so one sample's output does not
depend on the rest of its batch.
"""
import numpy as np

from .layers import Layer
from .validation import InputError


class _BatchNorm(Layer):
    axes = (0,)       # the axes a feature's statistics are taken over
    shape = (1, -1)   # how a (C,) vector lines up with an input

    def __init__(self, num_features, momentum=0.1, eps=1e-5):
        super().__init__()
        if not isinstance(num_features, (int, np.integer)) or isinstance(num_features, bool) or num_features < 1:
            raise InputError(f"{type(self).__name__} num_features must be a positive whole number, "
                             f"got {num_features!r}")
        if isinstance(momentum, bool) or not isinstance(momentum, (int, float)) or not 0 <= momentum <= 1:
            raise InputError(f"{type(self).__name__} momentum must be a number in [0, 1], got {momentum!r}; "
                             "0.1 is usual")
        if isinstance(eps, bool) or not isinstance(eps, (int, float)) or not eps > 0:
            raise InputError(f"{type(self).__name__} eps must be a positive number, got {eps!r}; 1e-5 is usual")
        self.num_features, self.momentum, self.eps = int(num_features), float(momentum), float(eps)
        d = self.num_features
        self.params = {"gamma": np.ones(d, np.float32), "beta": np.zeros(d, np.float32)}
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}
        self.state = {"running_mean": np.zeros(d, np.float32), "running_var": np.ones(d, np.float32)}

    def output_shape(self, shape):
        """One sample's shape, unchanged; ``InputError`` when it does not fit."""
        if len(shape) != len(self.shape) - 1 or shape[0] != self.num_features:
            dims = "(D,)" if len(self.shape) == 2 else "(C, H, W)"
            raise InputError(f"{self!r} takes samples {dims} with {self.num_features} features on the first axis, "
                             f"but gets samples of shape {tuple(shape)}")
        return shape

    def forward(self, x, training=False):
        self.output_shape(x.shape[1:])
        line = lambda v: v.reshape(self.shape)  # (C,) -> broadcastable against x
        if training:
            mean, var = x.mean(axis=self.axes), x.var(axis=self.axes)
            m = x.size // self.num_features
            # Running estimates for inference; the variance unbiased (m / (m - 1)), as PyTorch keeps it.
            unbiased = var * (m / max(m - 1, 1))
            for key, value in (("running_mean", mean), ("running_var", unbiased)):
                self.state[key][...] = (1 - self.momentum) * self.state[key] + self.momentum * value
        else:
            mean, var = self.state["running_mean"].astype(x.dtype), self.state["running_var"].astype(x.dtype)
        self.training = training
        self.inv_std = 1 / np.sqrt(var + self.eps)
        self.x_hat = (x - line(mean)) * line(self.inv_std)
        return line(self.params["gamma"]) * self.x_hat + line(self.params["beta"])

    def backward(self, dy):
        line = lambda v: v.reshape(self.shape)
        # gamma scales x_hat and beta shifts it, at every sample (and position).
        self.grads["gamma"][...] = np.sum(dy * self.x_hat, axis=self.axes)
        self.grads["beta"][...] = np.sum(dy, axis=self.axes)
        d_xhat = dy * line(self.params["gamma"])
        if not self.training:
            # Fixed statistics: x_hat is x shifted and scaled, nothing more.
            return d_xhat * line(self.inv_std)
        # In training the mean and variance are themselves functions of every x in the batch, which
        # removes from d_xhat its mean and its projection onto x_hat:
        #   dx = inv_std * (d_xhat - mean(d_xhat) - x_hat * mean(d_xhat * x_hat))
        mean_d = np.mean(d_xhat, axis=self.axes, keepdims=True)
        mean_dx = np.mean(d_xhat * self.x_hat, axis=self.axes, keepdims=True)
        return line(self.inv_std) * (d_xhat - mean_d - self.x_hat * mean_dx)

    def config(self):
        return {"num_features": self.num_features, "momentum": self.momentum, "eps": self.eps}

    def __repr__(self):
        return f"{type(self).__name__}({self.num_features})"


class BatchNorm1D(_BatchNorm):
    """Batch norm over (n, D): statistics per feature, over the batch."""

    kind = "batchnorm1d"


class BatchNorm2D(_BatchNorm):
    """Batch norm over (n, C, H, W): statistics per channel, over the batch and every position."""

    kind = "batchnorm2d"
    axes = (0, 2, 3)
    shape = (1, -1, 1, 1)
