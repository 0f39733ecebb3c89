"""Say what a mask-shaped error shows, and name a cause only where the numbers single it out.

A ``mask`` (see ``patterns.py``) is a gradient right on some rows, columns or entries and wrong on
the others. Several bugs make one, and the checker sees only numbers, so each cause is named when
a relation in the numbers picks it out, and otherwise the wrong part is described as it is:

=========================================  ======================================================
the numbers show                           the message says
=========================================  ======================================================
wrong exactly where the checked array is   ReLU's derivative (0 where its input <= 0) was not
<= 0 and yours is not 0 (a ReLU's input)   applied: only a ReLU's input shows this relation
the true gradient is 0 in the wrong rows   these units do not reach the loss (inactive on every
and yours is not                           sample, or dropped): a derivative that is 0 is missing
the wrong rows are those an integer array  an indexed write ``dW[idx] += g`` keeps one contribution
the loss reads picks more than once        of a repeated row: ``np.add.at`` (``index_add_``)
each wrong block is one factor off         each block's factor ("entries 20–24 are 4.000x")
none of these                              which groups are wrong; no single factor fits them
=========================================  ======================================================
"""
import numpy as np


def ranges(indices):
    """Sorted indices with runs of four or more joined: [0, 1, 2, 3, 5, 7, 8] -> ['0–3', '5', '7', '8']."""
    runs, start = [], None
    for k, i in enumerate(indices):
        if start is None:
            start = i
        if k + 1 == len(indices) or indices[k + 1] != i + 1:
            runs += [f"{start}–{i}"] if i - start >= 3 else [str(j) for j in range(start, i + 1)]
            start = None
    return runs


def many(names):
    """Do these names (single indices or runs "3–7") stand for more than one group?"""
    return len(names) > 1 or any("–" in n for n in names)


def listing(names, limit=12):
    return ", ".join(names[:limit]) + (f" and {len(names) - limit} more" if len(names) > limit else "")


def relu_input_relation(x, wrong, given_nonzero):
    """Is ``wrong`` (bool per entry) exactly the entries where ``x <= 0`` and yours is not 0? Only a
    ReLU's input shows that relation: there its derivative is 0 and yours passed the gradient on."""
    at_or_below = x <= 0
    if wrong.sum() < 2 or (~at_or_below).sum() < 2:
        return False
    return bool(np.array_equal(wrong, at_or_below & given_nonzero))


def repeated_index_rows(indices, rows, wrong_rows):
    """A description of the integer array whose repeated values are exactly ``wrong_rows``, or None.

    Two readings: values picked more than once anywhere in the array (``W[idx] += g`` over a batch),
    or more than once within one sample's row of it (``dC[Xb[k]] += demb[k]`` per sample)."""
    wrong = set(int(r) for r in wrong_rows)
    if not wrong:
        return None
    for idx in indices:
        if idx.size < 2 or idx.min() < 0 or idx.max() >= rows:
            continue
        counts = np.bincount(idx.ravel(), minlength=rows)
        if set(np.flatnonzero(counts >= 2).tolist()) == wrong:
            return f"the integer array of shape {idx.shape} that the loss reads picks more than once"
        if idx.ndim >= 2:
            within = set()
            for sample in idx.reshape(idx.shape[0], -1):
                values, times = np.unique(sample, return_counts=True)
                within.update(values[times >= 2].tolist())
            if within == wrong:
                return (f"some sample's row of the integer array of shape {idx.shape} that the loss reads "
                        f"picks more than once")
    return None


def factor_blocks(analytic, numeric, wrong, informative, floor, tol):
    """``[(factor, spans)]`` for a vector whose wrong entries fall into blocks of one factor each (a
    layer's dW2 * 2 inside a flat theta), else None. Entries are clustered by their ratio, two or
    more per factor; a block's span bridges entries where both gradients are 0 (dead units)."""
    where = np.flatnonzero(wrong)
    if where.size < 2 or np.any(np.abs(numeric[where]) <= floor[where]):
        return None
    ratios = analytic[where] / numeric[where]
    label = np.full(where.size, -1)
    centers = []
    for k in np.argsort(ratios):
        near = [j for j, c in enumerate(centers) if abs(ratios[k] - c) <= tol * abs(c)]
        if not near:
            centers.append(ratios[k])
        label[k] = near[0] if near else len(centers) - 1
    if min(np.bincount(label)) < 2:
        return None
    blocks = []
    for j, c in enumerate(centers):
        members, spans, start = where[label == j], [], None
        for a, b in zip(members, list(members[1:]) + [None]):
            start = a if start is None else start
            if b is None or np.any(informative[a + 1:b]):   # a right entry carrying a gradient ends a block
                spans.append(f"{start}–{a}" if a > start else str(start))
                start = None
        blocks.append((float(np.mean(ratios[label == j])), spans))
    return sorted(blocks, key=lambda block: int(block[1][0].split("–")[0]))


def group_factors(analytic, numeric, groups_of_probe, wrong_groups, floor, tol):
    """``[(factor, [groups])]`` when every wrong group is one least-squares factor off its true
    gradient (each group measured on two or more probes), else None."""
    found = {}
    for group in wrong_groups:
        sel = groups_of_probe == group
        a, d = analytic[sel], numeric[sel]
        usable = np.abs(d) > floor[sel]
        if usable.sum() < 2:
            return None
        c = float(np.dot(a[usable], d[usable]) / np.dot(d[usable], d[usable]))
        if not np.all(np.abs(a - c * d) <= tol * np.maximum(np.maximum(np.abs(a), np.abs(c * d)), floor[sel])):
            return None
        key = next((k for k in found if abs(k - c) <= tol * abs(c)), c)
        found.setdefault(key, []).append(group)
    return sorted(found.items(), key=lambda item: min(item[1]))


def explain(kind, names, dead_names, partial_names, relu_relation, index_reading, factors, name, grad_name):
    """The second half of a mask message: the cause the numbers single out, or a neutral account.

    ``kind`` words the groups (``kind(names)`` -> "rows" or "row"); ``factors`` is ``[(c, names)]``."""
    if relu_relation:
        return (f"the wrong entries are exactly those where {name} <= 0 and {grad_name} is not 0: the derivative "
                f"of the ReLU it feeds (0 where its input <= 0) was not applied")
    if index_reading:
        return (f"the wrong {kind(names)} are exactly the rows that {index_reading}, and the other rows it "
                f"picks are right: an indexed write dW[idx] += g (or = g) keeps one contribution of a repeated "
                f"row (NumPy's fancy-index += does not accumulate repeats); accumulate with np.add.at(dW, idx, "
                f"g) (index_add_ in PyTorch), or loop over every position")
    parts = []
    if dead_names:
        parts.append(f"in {kind(dead_names)} {listing(dead_names)} the true gradient is 0 and yours is not: these "
                     f"units do not reach the loss here (inactive on every sample, or dropped), so a derivative "
                     f"that is 0 there was not applied — ReLU's (1 where z > 0, else 0), a dropout mask")
    if factors:
        parts.append("; ".join(f"{kind(group)} {listing(group)} {'are' if many(group) else 'is'} {c:.3f}x the "
                               f"true gradient" for c, group in factors)
                     + ": each block carries its own wrong factor")
    elif dead_names and partial_names:
        parts.append(f"in {kind(partial_names)} {listing(partial_names)} it differs too: the same missing "
                     f"derivative does this where a unit is inactive on some samples only")
    elif partial_names:
        parts.append(f"no single factor relates the wrong {kind(names)} to the true gradient: look for a term only "
                     f"they get (a gate, a mask, an activation derivative, an index)")
    return "; ".join(parts)
