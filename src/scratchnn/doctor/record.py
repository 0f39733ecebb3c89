"""What :meth:`Doctor.observe` keeps of one call: a few numbers, never the caller's arrays.

Training loops overwrite their buffers in place, so everything the rules need later is reduced
at once to an :class:`Observation` (per parameter a :class:`ParamSummary`, per layer a small dict
from :func:`scratchnn.doctor.summaries.layer_summary`).
"""
from dataclasses import dataclass, field


@dataclass
class ParamSummary:
    """One parameter at one observation: ``norm`` ||p||, ``update`` ||p_t - p_(t-1)|| (None at the
    first observation), ``grad`` ||dp|| (None when no gradient was matched to it)."""

    norm: float
    ndim: int
    size: int
    update: float | None = None
    grad: float | None = None
    shape: tuple = ()


@dataclass
class Problem:
    """Something in the arguments of ``observe`` that the doctor could not use as given.

    ``code`` is the rule that reports it (``gradient-shape``, ``complex-values``, ``unread-input``),
    ``where`` the argument (``grads['dW2']``), ``text`` what was found and what the doctor did."""

    code: str
    where: str
    text: str
    epoch: int | None = None
    detail: dict = field(default_factory=dict)


@dataclass
class Observation:
    """One call of ``observe``, summarised.

    ``step`` maps a pairing (``"after"``: this call's gradients with the step that led here;
    ``"before"``: the previous call's gradients with it) to ``(g . dp, cos(g, dp))``.
    ``previous_step_dot``: this call's gradients against the step before the last, g_t . (p_(t-1) - p_(t-2)).
    ``losses`` holds each loss formula evaluated on the observed predictions and targets;
    ``zero_losses`` / ``best_constant`` what predicting 0 / the best constant would score.
    ``accuracy``: the share of samples classified right, when the targets are class labels (0/1 or
    one-hot) and the predictions probabilities of the same shape; else None. ``sure_wrong``: for the same
    targets, the share of samples whose probability for their true class is below 0.01.
    """

    epoch: int
    loss: float
    lr: float | None = None
    val_loss: float | None = None
    nonfinite: list = field(default_factory=list)
    params: dict = field(default_factory=dict)
    step: dict = field(default_factory=dict)
    previous_step_dot: float | None = None
    layers: dict = field(default_factory=dict)
    pred: dict | None = None
    losses: dict = field(default_factory=dict)
    zero_losses: dict = field(default_factory=dict)
    best_constant: dict = field(default_factory=dict)
    shapes: tuple | None = None
    broadcast_shape: tuple | None = None
    broadcast_losses: dict = field(default_factory=dict)
    n_samples: int | None = None
    accuracy: float | None = None
    sure_wrong: float | None = None
