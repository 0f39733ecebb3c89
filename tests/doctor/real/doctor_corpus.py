"""The real corpus: training loops from public questions and tutorials, and how to run one.

Each case is a module in ``broken/`` or ``healthy/`` with

* ``SOURCE``: the address of the public post or tutorial it reproduces;
* ``DIAGNOSIS``: what the accepted answer (or the tutorial) says;
* ``CHOICES``: what we chose where the post is silent;
* ``run(observe)``: the loop, written here (never copied), calling ``observe(...)`` once per epoch
  the way a user following our README would, and returning a ``trace`` dict of what it saw;
* ``SYMPTOMS``: the doctor rule codes the run must show, each with a numeric predicate on the
  trace (``Symptom``), so that every label is checked on the run itself. Healthy cases have one
  symptom with code ``None``: the predicate that proves the run learns;
* ``HELD_OUT = True`` (optional): the case was added after the doctor was tuned on the others, and measured
  before any change made for it (measure.py reports these cases apart: the honest estimate for loops we
  have not seen); ``ROUND = 2`` marks the second such batch, added after the doctor changed for the first.
"""
import functools
import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Symptom:
    code: str | None          # a doctor rule code (src/scratchnn/doctor/rules/); None: "it learns"
    claim: str                # the predicate in words
    holds: Callable[[dict], bool]


@dataclass
class Case:
    name: str
    healthy: bool
    source: str
    diagnosis: str
    choices: str
    run: Callable
    symptoms: tuple
    held_out: bool = False
    round: int = 1

    @property
    def expected(self):
        return {s.code for s in self.symptoms if s.code}


@functools.lru_cache(maxsize=None)
def load_case_module(kind, name):
    """The module of case ``name`` in ``kind`` ("broken" or "healthy")."""
    path = HERE / kind / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"doctor_real_{kind}_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_cases():
    """Every case module under broken/ and healthy/, in file order."""
    cases = []
    for kind in ("broken", "healthy"):
        for path in sorted((HERE / kind).glob("[a-z]*.py")):
            module = load_case_module(kind, path.stem)
            cases.append(Case(path.stem, kind == "healthy", module.SOURCE, module.DIAGNOSIS, module.CHOICES,
                              module.run, tuple(module.SYMPTOMS),
                              getattr(module, "HELD_OUT", False), getattr(module, "ROUND", 1)))
    return cases


# ---------------------------------------------------------------- helpers the loops share
def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def softmax_rows(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def one_hot(labels, k):
    out = np.zeros((len(labels), k))
    out[np.arange(len(labels)), labels] = 1.0
    return out


@functools.lru_cache(maxsize=None)
def _digits():
    from sklearn.datasets import load_digits
    data = load_digits()
    return data.data.astype(np.float64), data.target


def digits(n=500, seed=0):
    """scikit-learn's 8x8 digits (a small MNIST): pixels 0-16 as (n, 64) floats, integer labels (fresh copies)."""
    X, y = _digits()
    idx = np.random.default_rng(seed).permutation(len(y))[:n]
    return X[idx], y[idx]


def moons(n=200, noise=0.2, seed=0):
    from sklearn.datasets import make_moons
    return make_moons(n, noise=noise, random_state=seed)


# ---------------------------------------------------------------- predicates
def central_difference(loss_of, params, name, eps=1e-6):
    """d loss / d params[name] by float64 central differences (params is not modified)."""
    p = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
    grad = np.zeros_like(p[name])
    flat, gflat = p[name].reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        keep = flat[i]
        flat[i] = keep + eps
        up = loss_of(p)
        flat[i] = keep - eps
        down = loss_of(p)
        flat[i] = keep
        gflat[i] = (up - down) / (2 * eps)
    return grad


def gradient_error(loss_of, params, grads, name):
    """||g - g_true|| / max(||g||, ||g_true||): 0 for a right gradient, ~1 or more for a wrong one."""
    true = central_difference(loss_of, params, name)
    g = np.asarray(grads[name], dtype=np.float64)
    g = np.broadcast_to(g, true.shape) if g.shape != true.shape else g
    return float(np.linalg.norm(g - true) / max(np.linalg.norm(g), np.linalg.norm(true), 1e-300))


def flat(losses, since=0.5, rel=0.05):
    """The loss over the last ``1 - since`` of the run moves by less than ``rel`` of its value."""
    tail = np.asarray(losses[int(len(losses) * since):], dtype=float)
    return bool(np.all(np.isfinite(tail)) and np.ptp(tail) <= rel * max(abs(tail.mean()), 1e-12))


def constant_rows(predictions, tol=1e-3):
    """Every prediction within ``tol`` of the mean prediction (per output)."""
    p = np.asarray(predictions, dtype=float)
    p = p.reshape(len(p), -1) if p.ndim else p
    return bool(np.all(np.abs(p - p.mean(axis=0)) <= tol))


def non_finite(values):
    return not bool(np.all(np.isfinite(np.asarray(values, dtype=float))))


def first_non_finite(losses):
    bad = [i for i, v in enumerate(losses) if not np.isfinite(v)]
    return bad[0] if bad else None


def dead_units(pre):
    """Indices of units whose pre-activation is <= 0 for every sample (pre: samples on axis 0)."""
    return np.flatnonzero(np.all(np.asarray(pre) <= 0, axis=0))


def saturated_fraction(a, tol=1e-3):
    """Fraction of sigmoid outputs within ``tol`` of 0 or 1."""
    a = np.asarray(a, dtype=float)
    return float(np.mean((a < tol) | (a > 1 - tol)))


def california_like(n=400, seed=0):
    """Data of the kind and scale of scikit-learn's California housing (no download): 8 raw features
    (median income ~1-15, house age 1-52, rooms ~5, bedrooms ~1, population up to ~35,000, occupancy ~3,
    latitude 32-42, longitude -124 to -114) and a median house value in units of $100,000 (~0.15-5)."""
    rng = np.random.default_rng(seed)
    income = rng.lognormal(1.3, 0.45, n).clip(0.5, 15)
    features = np.column_stack([income, rng.uniform(1, 52, n), rng.normal(5.4, 1.2, n).clip(1, 12),
                                rng.normal(1.1, 0.1, n).clip(0.5, 2), rng.lognormal(7.0, 0.75, n).clip(3, 35682),
                                rng.normal(3.0, 0.6, n).clip(1, 8), rng.uniform(32.5, 42, n),
                                rng.uniform(-124.3, -114.3, n)])
    value = (0.45 * income + 0.01 * features[:, 1] - 0.02 * (features[:, 6] - 34) + rng.normal(0, 0.3, n))
    return features, value.clip(0.15, 5.0)


def grad_norm(grads):
    """sqrt of the sum of squares of every gradient entry (NaN/inf stay)."""
    return float(np.sqrt(sum(np.sum(np.asarray(g, dtype=float) ** 2) for g in grads.values())))


def gradients_explode(t, factor=100.0):
    """The gradient's norm grows to more than ``factor`` x its first value (or to inf/NaN)."""
    norms = t["grad_norms"]
    return any(not np.isfinite(n) or n > factor * norms[0] for n in norms[1:])


def gradient_ratios(params, grads):
    """||dW|| / ||W|| for each weight matrix (2-d parameters; names matched exactly)."""
    return {k: float(np.linalg.norm(grads[k]) / np.linalg.norm(params[k]))
            for k in params if np.ndim(params[k]) == 2 and k in grads and np.linalg.norm(params[k]) > 0}


def gradients_vanish(t, spread=1e-3, floor=1e-8):
    """At the last step one weight matrix's ||dW|| / ||W|| is below ``spread`` x another's, or all below ``floor``."""
    ratios = gradient_ratios(*t["last"])
    return bool(ratios) and (max(ratios.values()) < floor or min(ratios.values()) < spread * max(ratios.values()))


def loss_explodes(t, factor=1000.0):
    """Some loss is inf or NaN, or more than ``factor`` x the first."""
    return any(not np.isfinite(v) or v > factor * t["losses"][0] for v in t["losses"])


# Two labels shared by the diverging regressions (their traces keep "losses" and "grad_norms").
EXPLODING_GRADIENTS = Symptom("exploding-gradients", "the gradient norm grows past 100x its first value",
                              gradients_explode)
LOSS_EXPLODES = Symptom("loss-diverging", "some loss is inf or NaN or above 1000x the first", loss_explodes)
