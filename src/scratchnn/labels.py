"""Class labels as they come: strings, integers or booleans, turned into what a loss trains on and back.

A classifier learns numbers -- one output in [0, 1] for binary cross-entropy, one probability per
class for cross-entropy -- but a user's labels are ``"setosa"``, ``True`` or ``7``.
:class:`ClassLabels` remembers the classes (sorted, as scikit-learn's ``LabelEncoder`` does),
encodes labels to class indices for ``fit`` and decodes the network's output back to labels for
``predict``. The model keeps it as ``model.classes`` and saves it with the weights.

============================  ===============================  ===================================
loss, output units            labels                           classes (index 0, 1, ...)
============================  ===============================  ===================================
``"bce"``, 1 unit             any two values                   sorted; the second one is output 1
``"cross_entropy"``, k units  integers 0..k-1                  0, 1, ..., k-1 (as given)
``"cross_entropy"``, k units  any k values                     sorted
============================  ===============================  ===================================

Targets that are already numbers the loss takes (0/1 for BCE, indices or one-hot rows for
cross-entropy) keep their meaning; a few probabilities (soft labels for BCE) pass through with no
classes, so ``predict`` then returns the probabilities themselves.
A target that is plainly continuous -- many distinct values that are not whole numbers -- is
refused: it is a regression target, and a classifier would invent one class per value.
"""
import numpy as np

from .validation import InputError

CLASSIFICATION_LOSSES = ("bce", "cross_entropy")
MANY_VALUES = 10  # more distinct non-integer values than this is "plainly continuous"


def class_index(outputs):
    """The class number of each sample (n,) from network outputs: (n, 1) probabilities of the
    second class (threshold 0.5), or (n, k) class scores (the largest wins)."""
    outputs = np.asarray(outputs)
    outputs = outputs.reshape(len(outputs), -1)
    return (outputs[:, 0] > 0.5).astype(np.intp) if outputs.shape[1] == 1 else outputs.argmax(axis=1)


class ClassLabels:
    """The classes of a classifier, in output order. ``classes`` is a 1-D array of labels."""

    def __init__(self, classes):
        self.classes = np.asarray(classes)
        if self.classes.ndim != 1 or len(self.classes) < 2:
            raise InputError(f"a classifier needs at least 2 classes, got {self.classes.tolist()!r}")

    def __len__(self):
        return len(self.classes)

    def __eq__(self, other):
        return isinstance(other, ClassLabels) and np.array_equal(self.classes, other.classes)

    def __repr__(self):
        return f"ClassLabels({self.classes.tolist()!r})"

    def encode(self, y):
        """Class indices (n,) of labels ``y`` (n,); a label that is not a known class is an error."""
        y = np.asarray(y).ravel()
        index = np.searchsorted(self.classes, y)  # classes are sorted
        index = np.minimum(index, len(self.classes) - 1)
        known = self.classes[index] == y
        if not np.all(known):
            unknown = np.unique(y[~known])[:5].tolist()
            raise InputError(f"labels {unknown!r} are not among the classes the model was trained on "
                             f"({self.classes.tolist()!r}); relabel them or train on data that includes them")
        return index

    def decode(self, outputs):
        """Labels (n,) from network outputs (see :func:`class_index`)."""
        return self.classes[class_index(outputs)]

    def to_json(self):
        """JSON-able form (saved with the model): the labels and their kind (``str``/``int``/``float``/``bool``)."""
        kind = {"U": "str", "S": "str", "O": "str", "b": "bool", "i": "int", "u": "int"}.get(self.classes.dtype.kind, "float")
        return {"kind": kind, "classes": [str(c) if kind == "str" else c.item() for c in self.classes]}

    @classmethod
    def from_json(cls, record):
        kind = record.get("kind", "str")
        types = {"str": str, "bool": bool, "int": np.int64, "float": np.float64}
        if kind not in types:
            raise InputError(f"unknown class-label kind {kind!r} in the model file; expected one of {', '.join(types)}")
        return cls(np.array(record["classes"], dtype=types[kind]))


def _is_numeric(y):
    return y.dtype.kind in "iuf"


def _is_whole(values):
    return bool(np.all(np.mod(values, 1) == 0))


def classes_for(y, loss_name, n_outputs):
    """The :class:`ClassLabels` to train ``loss_name`` on targets ``y``, or None when ``y`` is
    already what the loss takes (0/1 or probabilities for BCE, class indices 0..k-1 or one-hot
    rows for cross-entropy) -- then it passes through as today. Refuses a continuous target."""
    if loss_name not in CLASSIFICATION_LOSSES:
        return None
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y.ravel()
    if y.ndim == 2 and loss_name == "cross_entropy" and y.shape[1] == n_outputs:
        return ClassLabels(np.arange(n_outputs, dtype=np.int64))  # one-hot rows: the loss checks them
    if y.ndim != 1 or y.size == 0:
        return None  # other shapes: the loss names what is wrong
    if y.dtype.kind == "b":
        return ClassLabels([False, True]) if loss_name == "bce" else _from_values(y, loss_name, n_outputs)
    if not _is_numeric(y):
        if y.dtype.kind == "O":
            _check_object_labels(y)
        if y.dtype.kind == "O" and all(isinstance(v, (int, float, np.number)) and not isinstance(v, bool) for v in y):
            y = y.astype(np.float64)
        else:
            return _from_values(y.astype(str), loss_name, n_outputs)
    finite = y[np.isfinite(y)] if y.dtype.kind == "f" else y
    if len(finite) < len(y):
        return None  # NaN/inf: the loss's finiteness check names them
    distinct = np.unique(finite)
    if not _is_whole(distinct):
        if len(distinct) > MANY_VALUES:
            raise InputError(
                f"loss={loss_name!r} is for classes, but y looks continuous: {len(distinct)} distinct values "
                f"such as {', '.join(f'{v:g}' for v in distinct[:3])}, not whole numbers. For a numeric target "
                f"use loss='mse' (regression); to classify, turn y into labels first (e.g. np.digitize(y, bins)).")
        return None  # a few probabilities (soft labels): BCE takes them as they are
    if loss_name == "bce":
        if set(distinct.tolist()) <= {0, 1}:
            return ClassLabels(np.array([0, 1]))  # 0/1 already: encoding keeps them
        return _from_values(y, loss_name, n_outputs)
    if distinct.min() >= 0 and distinct.max() < n_outputs:
        return ClassLabels(np.arange(n_outputs, dtype=np.int64))  # indices as given, even unseen ones
    return _from_values(y.astype(np.int64), loss_name, n_outputs)


def _check_object_labels(y):
    """Labels of one kind and none missing: ``[1, "a"]`` would otherwise sort "1" and 1 as one class
    when training and fail when encoding; None or NaN is a missing label, not a class."""
    kinds = {}
    for i, v in enumerate(y):
        if v is None or (isinstance(v, (float, np.floating)) and not np.isfinite(v)):
            raise InputError(f"y[{i}] is {v!r}: a missing label; drop those samples or give them a class")
        kind = "text" if isinstance(v, (str, np.str_)) else "true/false" if isinstance(v, (bool, np.bool_)) else \
            "number" if isinstance(v, (int, float, np.number)) else type(v).__name__
        kinds.setdefault(kind, (i, v))
    if len(kinds) > 1:
        shown = ", ".join(f"{kind} {v!r} (y[{i}])" for kind, (i, v) in kinds.items())
        raise InputError(f"y mixes kinds of labels: {shown}; make them all one kind, e.g. y = np.asarray(y, dtype=str)")


def _check_whitespace_twins(classes):
    """Two classes that differ only by surrounding spaces ("cat" and "cat ") are almost always one."""
    stripped = {}
    for c in classes.tolist():
        twin = stripped.setdefault(c.strip(), c)
        if twin != c:
            raise InputError(f"y has the labels {twin!r} and {c!r}, which differ only by spaces, so they would be two "
                             f"classes; strip them first: y = np.char.strip(np.asarray(y, dtype=str))")


def refuse_text_for_regression(y, loss_name):
    """A regression loss on text labels: say which loss takes them (before the generic number check)."""
    y = np.asarray(y)
    if loss_name in CLASSIFICATION_LOSSES or y.dtype.kind not in "USO" or y.size == 0:
        return
    text = [v for v in y.ravel()[:1000] if isinstance(v, (str, np.str_)) and not _parses_as_number(v)]
    if text:
        raise InputError(f"y holds text labels such as {str(text[0])!r}, but loss={loss_name!r} needs numbers: for "
                         f"classes use loss='cross_entropy' with one output per class (or loss='bce' for two)")


def _parses_as_number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False


def _from_values(y, loss_name, n_outputs):
    classes = np.unique(y)
    if classes.dtype.kind in "US":
        _check_whitespace_twins(classes)
    wanted = 2 if loss_name == "bce" else n_outputs
    if len(classes) != wanted:
        shown = ", ".join(map(repr, classes[:6].tolist())) + (", ..." if len(classes) > 6 else "")
        if loss_name == "bce":
            fix = ("binary cross-entropy separates exactly 2 classes; for more, end the model with "
                   f"Dense(..., {len(classes)}), Softmax() and use loss='cross_entropy'")
        else:
            fix = f"give the last Dense layer {len(classes)} outputs (one per class)"
        if len(classes) > MANY_VALUES and _is_numeric(y):
            fix += "; or, if y is a measured quantity, use loss='mse'"
        raise InputError(f"y has {len(classes)} distinct class labels ({shown}) but the model has "
                         f"{n_outputs} output(s) for loss={loss_name!r}: {fix}")
    return ClassLabels(classes)


def encode_targets(y, classes, loss_name):
    """``y`` as the loss's numeric targets: 0/1 for BCE, class indices for cross-entropy (one-hot
    rows and targets without classes pass through)."""
    if classes is None or (np.ndim(y) == 2 and np.shape(y)[1] > 1):
        return y
    index = classes.encode(y)
    return index.astype(np.float64) if loss_name == "bce" else index


def outputs_for(y, loss_name):
    """How many output units ``loss_name`` needs for the labels ``y`` (n,): 1 for BCE (two
    classes), one per class for cross-entropy -- ``max + 1`` for class indices 0..k-1 with few
    gaps, else the number of distinct labels. Raises what :func:`classes_for` raises."""
    y = np.asarray(y).ravel()
    if loss_name == "bce":
        classes_for(y, "bce", 1)
        return 1
    numeric = _is_numeric(y) and y.dtype.kind != "b"
    distinct = np.unique(y)
    k = len(distinct)
    if numeric and _is_whole(distinct) and distinct.min() >= 0 and distinct.max() + 1 <= max(2 * k, k + 10):
        k = int(distinct.max()) + 1  # indices 0..k-1, a few unseen
    k = max(k, 2)
    classes_for(y, loss_name, k)
    return k
