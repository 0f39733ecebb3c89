"""Where along the network a wrong gradient goes wrong, read from the parameters' names.

Backpropagation hands each layer k the gradient of the loss with respect to its pre-activation,
delta_k, and builds that layer's gradients from it: dW_k from delta_k and the layer's input,
db_k as the sum of delta_k over the samples. So when the parameters are numbered by layer
(``W1, b1, W2, b2``), comparing layers tells where an error enters:

* the layers above k right and every gradient of layer k wrong: delta_k itself is wrong, so the
  step that sent delta_(k+1) back through W_(k+1) and the activation of layer k is;
* db_k right but dW_k wrong: delta_k is right, and only its product with the layer's input is not;
* layer k a ``mask`` and a layer below a ``mismatch``: the layers below are built from delta_k, so
  their error may be the same one carried down.

Only unexplained errors (``mismatch``) are located: a scale, a sign or a mask already says what
happened.

Layer objects (``gradcheck_layer``: ``layers[i].weights``, ``layers[i].input``, ``loss.input``) are
located by position: the highest layer with a wrong gradient, all above it right, is where the
error enters; every gradient below is built from what its backward hands down.
"""
import re

_NUMBERED = re.compile(r"[A-Za-z_]*?(\d+)")  # letters, then the layer's number: W1, b2, theta3
_LAYER_ITEM = re.compile(r"layers\[(\d+)\]\.(.+)")


def _layer(name):
    match = _NUMBERED.fullmatch(name)
    return int(match.group(1)) if match else None


def _where_in_layer_objects(results):
    """The sentence for results named ``layers[i].<name>`` / ``loss.input``, or None."""
    by_layer, loss = {}, [r for r in results if r.name == "loss.input"]
    for r in results:
        match = _LAYER_ITEM.fullmatch(r.name)
        if match:
            by_layer.setdefault(int(match.group(1)), []).append((match.group(2), r))
    if loss and not loss[0].ok:
        return ("loss.input is wrong: your loss gradient (grad_fn) is, and every layer's gradient is built from "
                "it; fix it first, then check again") if by_layer else None
    wrong_layers = [i for i, items in by_layer.items() if not all(r.ok for _, r in items)]
    if not wrong_layers:
        return None
    k = max(wrong_layers)
    wrong = [name for name, r in by_layer[k] if not r.ok]
    above = "every gradient above it is right" if k < max(by_layer) else "it is the last layer"
    parts = [f"layers[{k}] is where it goes wrong ({above}): its backward gets "
             f"{', '.join(f'layers[{k}].{name}' for name in wrong)} wrong"]
    if "input" in wrong and any(i < k for i in by_layer):
        parts.append(f"every gradient below it is built from layers[{k}].input, so fix layers[{k}] first, "
                     f"then check again")
    return "; ".join(parts)


def where_it_goes_wrong(results):
    """One sentence locating the first wrong layer from the output down, or None when the names
    do not number the layers 1..L, when the output layer itself is wrong, or when the wrong
    gradients are all explained by their pattern."""
    if any(_LAYER_ITEM.fullmatch(r.name) for r in results):
        return _where_in_layer_objects(results)
    layers = {}
    for r in results:
        k = _layer(r.name)
        if k is None:
            return None
        layers.setdefault(k, []).append(r)
    if len(layers) < 2 or sorted(layers) != list(range(1, len(layers) + 1)):
        return None
    k = max((j for j, rs in layers.items() if not all(r.ok for r in rs)), default=None)
    if k is None or k == len(layers):  # all right, or the output layer itself is wrong
        return None
    wrong = [r for r in layers[k] if not r.ok]
    if not any(r.pattern == "mismatch" for r in wrong):
        below = [r.name for j in range(1, k) for r in layers[j] if r.pattern == "mismatch"]
        if below and any(r.pattern == "mask" for r in wrong):
            return (f"{', '.join(r.name for r in wrong)} {'is' if len(wrong) == 1 else 'are'} a mask (a missing "
                    f"activation derivative) and every layer below is built from delta{k}: the mismatch in "
                    f"{', '.join(below)} may be the same error carried down. Fix layer {k} first, then check again")
        return None
    right_above = ", ".join(r.name for j in range(k + 1, len(layers) + 1) for r in layers[j])
    wrong_names = ", ".join(r.name for r in wrong)
    biases_right = [r.name for r in layers[k] if r.ok and len(r.shape) == 1]
    if len(wrong) == len(layers[k]):
        return (f"{right_above} right, {wrong_names} wrong: the gradient is right coming back into layer {k + 1} "
                f"and wrong in layer {k}, so the step between them is: delta{k} = (delta{k + 1} sent back through "
                f"W{k + 1}) times the derivative of layer {k}'s activation at z{k}, entry by entry. A missing or "
                f"wrong activation derivative (ReLU: 1 where z > 0, else 0; sigmoid: a(1 - a); tanh: 1 - a^2) "
                f"is the usual cause")
    if biases_right:
        return (f"{right_above} right and {', '.join(biases_right)} right too, so delta{k} is right; {wrong_names} "
                f"wrong: recheck only its product with layer {k}'s input (X or the previous layer's activation, "
                f"transposed so that samples are summed over)")
    return None
