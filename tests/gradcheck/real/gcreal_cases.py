"""The case record shared by the corpus files, and the corpus itself (``CASES``).

A case is one public report reproduced in code written here: the calling form a learner used
(``layer``: objects with forward/backward; ``pair``: forward/backward functions or a loss function
returning ``(loss, *grads)``; ``torch``: a ``torch.autograd.Function``; ``dict``: a loss of a dict
of arrays or of one flat vector, checked with ``gradcheck``), the source address, what
the source says, and per gradient the expected pattern (``ok`` means the gradient is right).
``build()`` returns fresh objects and arrays every time, so the oracle and the checker never share state.
"""
from dataclasses import dataclass, field


@dataclass
class Case:
    name: str
    form: str                  # "layer", "pair" or "torch"
    source: str                # address of the public report
    reported: str              # what the report says is wrong (or that the code was in fact right)
    labels: dict               # result name -> "ok" | (pattern,) | (pattern, factor)
    build: object              # () -> dict of the entry point's arguments (see the form's module)
    four_d: bool = False       # uses 4-D tensors (conv weights, images, pooling, batch norm)
    note: str = ""             # how this reproduction differs from the report (sizes, ...)
    batch_sizes: tuple = field(default_factory=tuple)
    heldout: bool = False      # collected and measured before the checker was changed for it (round 2)
    cause: str = ""            # a word a mask diagnosis of this case must use (what the numbers show)

    def expected(self, name):
        """(pattern, factor or None) for a result name."""
        label = self.labels[name]
        if isinstance(label, str):
            return label, None
        return label[0], (label[1] if len(label) > 1 else None)

    @property
    def correct_code(self):
        return all(self.expected(k)[0] == "ok" for k in self.labels)


def all_cases():
    from gcreal_layers import CASES as LAYER
    from gcreal_layers_4d import CASES as LAYER_4D
    from gcreal_pairs import CASES as PAIR
    from gcreal_pairs_4d import CASES as PAIR_4D
    from gcreal_pairs_rnn import CASES as PAIR_RNN
    from gcreal_torch import CASES as TORCH
    from gcreal_heldout import CASES as HELDOUT
    return LAYER + LAYER_4D + PAIR + PAIR_RNN + PAIR_4D + TORCH + HELDOUT
