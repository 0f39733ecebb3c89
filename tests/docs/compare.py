"""Compare shown output with real output: text exactly (spaces collapsed), numbers to the precision
shown (or a relative tolerance), and ``...`` lines standing for any lines."""
import math
import re

NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?|\b(?:nan|inf)\b")


def _split(line):
    """A line as (text pieces with spaces collapsed, numbers as strings)."""
    numbers = NUMBER.findall(line)
    text = [" ".join(piece.split()) for piece in NUMBER.split(line)]
    return text, numbers


def _half_unit(shown):
    """Half a unit in the last digit shown: the precision ``shown`` was printed to."""
    mantissa, _, exponent = shown.lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    return 0.5 * 10.0 ** (-decimals + (int(exponent) if exponent else 0))


def number_matches(shown, actual, rel=0.0):
    a, b = float(shown), float(actual)
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= _half_unit(shown) * (1 + 1e-9) + rel * abs(a)


def line_matches(shown, actual, rel=0.0):
    (st, sn), (at, an) = _split(shown), _split(actual)
    return st == at and len(sn) == len(an) and all(number_matches(s, a, rel) for s, a in zip(sn, an))


def output_matches(shown, actual, rel=0.0, excerpt=False):
    """True when every shown line matches the actual one in order; a ``...`` line matches any
    number of lines; ``excerpt``: the shown lines may sit anywhere inside the actual output."""
    exp = [l for l in shown.strip("\n").splitlines()]
    act = [l for l in actual.strip("\n").splitlines()]
    if excerpt:
        exp = ["..."] + exp + ["..."]
    # Trailing spaces never count; blank lines do.
    exp, act = [l.rstrip() for l in exp], [l.rstrip() for l in act]
    memo = {}

    def match(i, j):
        if (i, j) in memo:
            return memo[i, j]
        if i == len(exp):
            result = j == len(act)
        elif exp[i].strip() == "...":
            result = any(match(i + 1, k) for k in range(j, len(act) + 1))
        else:
            result = j < len(act) and line_matches(exp[i], act[j], rel) and match(i + 1, j + 1)
        memo[i, j] = result
        return result

    return match(0, 0)


def first_difference(shown, actual, rel=0.0):
    """A short description of where shown and actual output part (for a failing test's message)."""
    exp = [l.rstrip() for l in shown.strip("\n").splitlines()]
    act = [l.rstrip() for l in actual.strip("\n").splitlines()]
    for k, line in enumerate(exp):
        if line.strip() == "...":
            continue
        if not any(line_matches(line, a, rel) for a in act):
            return f"shown line {k + 1} appears nowhere in the output:\n  shown:  {line!r}"
    return "every shown line appears, but not in this order or with other lines between them"
