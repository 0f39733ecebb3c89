"""Read a numeric CSV file into features ``X`` and a target ``y``, with errors that say where.

Plain text, commas (or semicolons / tabs, sniffed from the first line), one sample per row. The
first row is a header when any of its cells is not a number. The target column is named by its
header, or by its 0-based index (``-1`` = last, the default). Every other column is a feature.
"""
import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass
class Table:
    """``X`` (n_samples, n_features) float64, ``y`` (n_samples,) or None, and the column names."""

    X: np.ndarray
    y: np.ndarray | None
    feature_names: list
    target_name: str | None
    has_header: bool


def _is_number(cell):
    try:
        float(cell)
        return True
    except ValueError:
        return False


def read_rows(path):
    """Rows of ``path`` as lists of stripped strings (blank lines dropped) and whether row 0 is a header."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no such file: {path} (check the path; run `ls` to see the files here)")
    text = path.read_text(encoding="utf-8-sig")
    first = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first.count)
    rows = [[cell.strip() for cell in row] for row in csv.reader(text.splitlines(), delimiter=delimiter)]
    rows = [row for row in rows if any(row)]
    if not rows:
        raise ValueError(f"{path} is empty; it needs one sample per row, numbers separated by commas")
    has_header = not all(_is_number(cell) for cell in rows[0])
    if has_header and len(rows) == 1:
        raise ValueError(f"{path} has a header but no data rows; add one sample per row below the header")
    return rows, has_header


def _column_index(target, names, has_header, path):
    if has_header and target in names:
        return names.index(target)
    try:
        index = int(target)
    except (TypeError, ValueError):
        known = ", ".join(names) if has_header else f"0 to {len(names) - 1} (the file has no header)"
        raise ValueError(f"{path} has no column {target!r}; its columns are: {known}; "
                         f"pass one of them with --target") from None
    if not -len(names) <= index < len(names):
        raise ValueError(f"--target {index} is out of range: {path} has {len(names)} columns "
                         f"(0 to {len(names) - 1}, or -1 for the last)")
    return index % len(names)


def read_table(path, target="-1", feature_names=None):
    """Read ``path``; ``target=None`` reads every column as a feature (for prediction).

    ``feature_names`` (from a trained model) selects those columns by header when the file has a
    header, so a CSV that still carries the target column can be passed to ``predict``.
    """
    rows, has_header = read_rows(path)
    width = len(rows[0])
    names = rows[0] if has_header else [f"column {i}" for i in range(width)]
    body = rows[1:] if has_header else rows
    for r, row in enumerate(body):
        if len(row) != width:
            line = r + 1 + has_header
            raise ValueError(f"{path}, line {line}: {len(row)} cells where the first row has {width}; "
                             f"every row needs the same number of comma-separated values")
    values = np.empty((len(body), width))
    for r, row in enumerate(body):
        for c, cell in enumerate(row):
            try:
                values[r, c] = float(cell)
            except ValueError:
                line = r + 1 + has_header
                raise ValueError(f"{path}, line {line}, column {names[c]!r}: {cell!r} is not a number; "
                                 f"every cell must be numeric (encode categories as numbers, fill empty cells)") from None
    if not np.all(np.isfinite(values)):
        r, c = np.argwhere(~np.isfinite(values))[0]
        raise ValueError(f"{path}, line {r + 1 + has_header}, column {names[c]!r}: {values[r, c]} is not a finite "
                         f"number; remove or fill that cell")
    if target is None:
        if feature_names and has_header and all(n in names for n in feature_names):
            keep = [names.index(n) for n in feature_names]
            return Table(values[:, keep], None, list(feature_names), None, has_header)
        return Table(values, None, list(names), None, has_header)
    t = _column_index(target, names, has_header, path)
    if width < 2:
        raise ValueError(f"{path} has a single column: it needs at least one feature column besides the target")
    features = [c for c in range(width) if c != t]
    return Table(values[:, features], values[:, t], [names[c] for c in features], names[t], has_header)


def parse_numbers(text, what):
    """``"2.16, 3.19 1.85"`` -> array of floats; commas and/or spaces separate the numbers."""
    cells = [c for c in str(text).replace(",", " ").split() if c]
    if not cells:
        raise ValueError(f"{what} is empty; give numbers separated by commas, e.g. \"2.16,3.19,1.85\"")
    out = []
    for cell in cells:
        try:
            out.append(float(cell))
        except ValueError:
            raise ValueError(f"{what}: {cell!r} is not a number; give numbers separated by commas, "
                             f"e.g. \"2.16,3.19,1.85\"") from None
    out = np.array(out)
    if not np.all(np.isfinite(out)):
        raise ValueError(f"{what} contains nan or inf; give finite numbers")
    return out
