"""Which directions to difference along: every entry of a small tensor, a sample of a large one.

A *probe* is a direction ``u`` in a parameter's space. Central differences measure the numeric
directional derivative ``<n, u>`` (``n`` the true gradient) and the user's gradient ``g`` predicts
``<g, u>``; every diagnosis compares such pairs. Entries of ``u`` are scaled to the parameter's
entries, ``u_i = v_i * s_i`` with ``s_i = max(|x_i|, rms(x), 0.1)``, so one step size serves
weights of any magnitude.

Small tensors (``size <= max_elementwise``) get one probe per entry: ``u = s_i e_i``.
Large ones (seed 002's 64 x 12288 ``W1`` has 786,432 entries, a 2-sided difference each would
take an hour) get, viewing the tensor as ``(R, C, rest)`` (see :func:`as_units_shape`: a matrix's
rows and columns; a conv weight's filters and channels, an image batch's samples and channels):

- ``directions`` dense Gaussian directions (a screen of the whole tensor),
- one Gaussian probe per row, or ``max_groups // 4`` blocks of rows when ``R > max_groups``,
- the same for columns (covers every column),
- ``entries`` single random entries.

Row and column probes are what let a mask be located ("rows 2 and 4 are wrong").
"""
from dataclasses import dataclass

import numpy as np


@dataclass
class Probe:
    """A direction: ``u`` on the flat indices ``idx`` (``idx`` None means all entries)."""

    kind: str          # "entry", "row", "column", "direction"
    group: int         # the entry's flat index, the row (block) index, the column (block) index, or k
    idx: np.ndarray | None
    u: np.ndarray

    def apply(self, flat_array):
        """``<X, u>`` for a flat array ``X`` of the parameter's size."""
        if self.idx is None:
            return float(np.dot(flat_array, self.u))
        return float(np.dot(flat_array[self.idx], self.u))


def entry_scale(x):
    """Per-entry step scale ``s_i = max(|x_i|, rms(x), 0.1)`` of a float64 array (flat)."""
    flat = np.abs(x.ravel())
    rms = float(np.sqrt(np.mean(flat ** 2))) if flat.size else 0.0
    return np.maximum(flat, max(rms, 0.1))


def as_units_shape(shape):
    """View a tensor as (rows, columns, rest): the two axes that carry units. () -> (1, 1, 1),
    (N,) -> (N, 1, 1), (a, b) -> (a, b, 1), (F, C, H, W) -> (F, C, H*W): filters and channels."""
    dims = [int(n) for n in shape] + [1, 1]
    return dims[0], dims[1], int(np.prod(dims[2:], dtype=np.int64))


def _gaussian(rng, n):
    v = rng.standard_normal(n)
    return v / np.max(np.abs(v))


def _axis_probes(kind, rng, scale, units_shape, max_groups):
    """One probe per row (``kind="row"``) or column, or per contiguous block when there are too many."""
    rows, cols, rest = units_shape
    count = rows if kind == "row" else cols
    # An axis of at most max_groups indices (units, usually) gets a probe each; a longer one (input
    # features, usually) is covered by max_groups // 4 contiguous blocks, to save evaluations.
    groups = count if count <= max_groups else max(max_groups // 4, 1)
    edges = np.linspace(0, count, groups + 1).astype(int)
    grid = np.arange(rows * cols * rest).reshape(rows, cols, rest)
    probes = []
    for g, (lo, hi) in enumerate(zip(edges[:-1], edges[1:])):
        idx = (grid[lo:hi] if kind == "row" else grid[:, lo:hi]).ravel()
        probes.append(Probe(kind, g, idx, _gaussian(rng, idx.size) * scale[idx]))
    return probes, edges


@dataclass
class ProbePlan:
    """The probes for one tensor and a sentence saying what they cover."""

    probes: list
    elementwise: bool
    description: str
    row_edges: np.ndarray | None = None
    col_edges: np.ndarray | None = None


def plan_probes(x, rng, max_elementwise=512, directions=4, max_groups=64, entries=16):
    """Choose the probes for the float64 parameter ``x`` (see the module docstring)."""
    scale = entry_scale(x)
    size = x.size
    if size <= max_elementwise:
        probes = [Probe("entry", i, np.array([i]), np.array([scale[i]])) for i in range(size)]
        return ProbePlan(probes, True, "the one entry" if size == 1 else f"all {size} entries")
    units = as_units_shape(x.shape)
    rows, cols, _ = units
    probes = [Probe("direction", k, None, _gaussian(rng, size) * scale) for k in range(directions)]
    row_probes, row_edges = _axis_probes("row", rng, scale, units, max_groups)
    col_probes, col_edges = ([], None) if cols == 1 else _axis_probes("column", rng, scale, units, max_groups)
    picked = rng.choice(size, size=min(entries, size), replace=False)
    singles = [Probe("entry", int(i), np.array([i]), np.array([scale[i]])) for i in picked]
    row_word, col_word = ("row", "column") if x.ndim <= 2 else ("axis-0 slice", "axis-1 slice")
    parts = [f"{directions} random directions",
             _axis_words(row_word, rows, len(row_probes)),
             _axis_words(col_word, cols, len(col_probes)) if col_probes else None,
             f"{len(singles)} random single entries of {size}"]
    return ProbePlan(probes + row_probes + col_probes + singles, False,
                     "sampled: " + ", ".join(p for p in parts if p), row_edges, col_edges)


def _axis_words(kind, count, n_probes):
    if n_probes == count:
        return f"every {kind} ({count} {kind} probes)"
    return f"every {kind} in {n_probes} blocks of ~{count // n_probes}"
