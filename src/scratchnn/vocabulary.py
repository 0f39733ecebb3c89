"""The words learners use, in one place: how a gradient is named after its parameter, and what an
activation is called.

Gradient keys. The gradient of the parameter ``W1`` is written ``dW1``, ``d_W1``, ``grad_W1``,
``gradW1``, ``W1_grad``, ``W1_grads``, ``W1_gradient``, ``g_W1``, ``delta_W1``, ``deltaW1``,
``W1.grad``, ``nabla_W1`` (Nielsen's book), ``dL_dW1`` or, in lower case, ``dw1`` / ``delta_w1``: a prefix or a suffix from the lists below
around the parameter's name, and the name itself matched exactly first, then ignoring case.
``parameter_of("delta_w1", ["W1", "b1"])`` is ``"W1"``; :func:`match_gradients` pairs whole dicts.

Activation kinds. ``relu``, ``leaky_relu``, ``sigmoid``, ``tanh``, ``softmax`` and ``linear``, each
also under the names in ``ACTIVATION_ALIASES`` (``"LeakyReLU"``, ``"logistic"``, ``"identity"`` ...):
``activation_kind("Leaky-ReLU")`` is ``"leaky_relu"``.
"""
import re


# Longest first, so that "delta_W1" strips "delta_" rather than "d".
# "nabla_" as in Nielsen's book (nabla_w, nabla_b); "dL_d" / "dJ_d" / "dC_d" / "dE_d" as in dL_dW1 (dLoss/dW1).
GRAD_PREFIXES = ("nabla_", "nabla", "delta_", "delta", "grad_", "grad", "dl_d", "dj_d", "dc_d", "de_d", "dld", "djd",
                 "d_", "g_", "d")
GRAD_SUFFIXES = ("_gradients", "_gradient", "_grads", "_grad", ".grad", "grad")

ACTIVATION_KINDS = ("relu", "leaky_relu", "sigmoid", "tanh", "softmax", "linear")
# Keys without underscores: activation_kind() also tries the name with its underscores removed.
ACTIVATION_ALIASES = {
    "leakyrelu": "leaky_relu", "lrelu": "leaky_relu", "leaky": "leaky_relu",
    "logistic": "sigmoid", "sigm": "sigmoid", "expit": "sigmoid",
    "hyperbolictangent": "tanh",
    "identity": "linear", "none": "linear", "id": "linear", "affine": "linear",
    "rectifier": "relu", "rectifiedlinear": "relu",
}


def gradient_keys(name):
    """The spellings of the gradient of the parameter ``name``, most literal first (``name`` itself,
    then ``dname``, ``d_name``, ``grad_name``, ``name_grad`` ...). Matching also ignores case."""
    keys = [name]
    keys += [f"{prefix}{name}" for prefix in ("d", "d_", "grad_", "grad", "delta_", "delta", "g_", "nabla_", "dL_d")]
    keys += [f"{name}{suffix}" for suffix in ("_grad", "_grads", "_gradient", "_gradients", ".grad", "grad")]
    return keys


def stems(grad_key):
    """Every parameter name ``grad_key`` can stand for: itself, then without one prefix or suffix."""
    found = [grad_key]
    low = grad_key.lower()
    for suffix in GRAD_SUFFIXES:
        if low.endswith(suffix) and len(grad_key) > len(suffix):
            found.append(grad_key[: -len(suffix)])
    for prefix in GRAD_PREFIXES:
        if low.startswith(prefix) and len(grad_key) > len(prefix):
            found.append(grad_key[len(prefix):])
    return found


def parameter_of(grad_key, param_names, taken=()):
    """The parameter (one of ``param_names``) whose gradient ``grad_key`` names, or None.

    An exact spelling wins over one that only matches ignoring case; ``taken`` names parameters
    already paired, which are skipped.
    """
    names = [p for p in param_names if p not in taken]
    exact = set(names)
    lower = {}
    for p in names:
        lower.setdefault(p.lower(), p)
    # A gradient named by its layer's number (``Dw_layer1``) is read as ``Dw1`` too.
    layer_numbered = re.sub(r"(?i)_?layer_?(?=\d+$)", "", str(grad_key))
    candidates = stems(str(grad_key)) + [s for s in stems(layer_numbered) if layer_numbered != str(grad_key)]
    for stem in candidates:
        if stem in exact:
            return stem
    for stem in candidates:
        if stem.lower() in lower:
            return lower[stem.lower()]
    return None


def match_gradients(param_names, grad_keys):
    """``{parameter: gradient key}`` for every parameter a key names (``W1`` <- ``dW1``, ``delta_w1``).

    A key equal to a parameter's name is paired first (nested gradients mirroring the parameters),
    then keys are read in their order; each parameter and each key is used at most once.
    """
    param_names = [str(p) for p in param_names]
    grad_keys = [str(k) for k in grad_keys]
    matched = {k: k for k in grad_keys if k in param_names}
    for key in grad_keys:
        if key in matched.values():
            continue
        param = parameter_of(key, param_names, taken=matched)
        if param is not None:
            matched[param] = key
    return {p: matched[p] for p in param_names if p in matched}


def activation_kind(name):
    """The canonical kind (one of ``ACTIVATION_KINDS``) for ``name`` or an alias of it, else None.

    Case, spaces and hyphens do not matter: ``"ReLU"``, ``"leaky-relu"``, ``"Leaky ReLU"`` all work.
    """
    if not isinstance(name, str):
        return None
    key = name.strip().lower().replace("-", "_").replace(" ", "_")
    if key in ACTIVATION_KINDS:
        return key
    squeezed = key.replace("_", "")
    by_squeezed = {kind.replace("_", ""): kind for kind in ACTIVATION_KINDS}
    return ACTIVATION_ALIASES.get(key) or ACTIVATION_ALIASES.get(squeezed) or by_squeezed.get(squeezed)
