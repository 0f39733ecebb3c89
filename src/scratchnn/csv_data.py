"""Read a numeric CSV file into features ``X`` and a target ``y``, with errors that say where.

Plain text, commas (or semicolons / tabs, sniffed from the first line), one sample per row. The
first row is a header when any of its cells is not a number. The target column is named by its
header, or by its 0-based index (``-1`` = last, the default). Every other column is a feature.
"""
import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .validation import InputError


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


def _refuse_empty_columns(rows, path):
    """A column empty in every row (header included) is a spreadsheet's trailing comma, not data."""
    width = max((len(row) for row in rows), default=0)
    for c in range(width):
        if all(c >= len(row) or not row[c] for row in rows):
            where = "the last column" if c == width - 1 else f"column {c + 1}"
            raise InputError(f"{path}: {where} is empty in every row (a trailing comma at the end of each line?); "
                             "remove it and save the file again")


def read_rows(path):
    """Rows of ``path`` as lists of stripped strings (blank lines dropped) and whether row 0 is a header."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no such file: {path} (check the path; run `ls` to see the files here)")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        line = path.read_bytes()[:err.start].count(b"\n") + 1
        raise InputError(f"{path}, line {line}: byte 0x{err.object[err.start]:02x} is not UTF-8 text (is the file in "
                         f"Latin-1 or another encoding, or not a CSV at all?); save it as UTF-8, e.g. "
                         f"iconv -f latin1 -t utf-8 {path} > fixed.csv") from None
    except OSError as err:
        raise InputError(f"cannot read {path}: {err.strerror}; give a readable CSV file") from None
    first = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first.count)
    rows = [[cell.strip() for cell in row] for row in csv.reader(text.splitlines(), delimiter=delimiter)]
    rows = [row for row in rows if any(row)]
    _refuse_empty_columns(rows, path)
    if not rows:
        raise InputError(f"{path} is empty; it needs one sample per row, numbers separated by commas")
    # A header row has text where the data has numbers (a text column of class labels has text in both).
    has_header = any(not _is_number(cell) and (len(rows) == 1 or c >= len(rows[1]) or _is_number(rows[1][c]))
                     for c, cell in enumerate(rows[0]))
    if has_header and len(rows) == 1:
        raise InputError(f"{path} has a header but no data rows; add one sample per row below the header")
    return rows, has_header


def _column_index(target, names, has_header, path):
    if has_header and target in names:
        return names.index(target)
    try:
        index = int(target)
    except (TypeError, ValueError):
        known = ", ".join(names) if has_header else f"0 to {len(names) - 1} (the file has no header)"
        raise InputError(f"{path} has no column {target!r}; its columns are: {known}; "
                         f"pass one of them with --target") from None
    if not -len(names) <= index < len(names):
        raise InputError(f"--target {index} is out of range: {path} has {len(names)} columns "
                         f"(0 to {len(names) - 1}, or -1 for the last)")
    return index % len(names)


def read_table(path, target="-1", feature_names=None, target_name=None):
    """Read ``path``; ``target=None`` reads every column as a feature (for prediction).

    ``feature_names`` (from a trained model) selects those columns by header when the file has a
    header, so a CSV that still carries the target column (``target_name``) can be passed to
    ``predict``; a feature missing from the header, or any other column, is refused rather than
    guessed (a renamed column must not silently stand in for another).
    """
    rows, has_header = read_rows(path)
    width = len(rows[0])
    names = rows[0] if has_header else [f"column {i}" for i in range(width)]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        where = ", ".join(f"{n!r} (columns {', '.join(str(i) for i, m in enumerate(names) if m == n)})" for n in repeated)
        raise InputError(f"{path}: the header names {where} more than once; give every column its own name")
    body = rows[1:] if has_header else rows
    for r, row in enumerate(body):
        if len(row) != width:
            line = r + 1 + has_header
            raise InputError(f"{path}, line {line}: {len(row)} cells where the first row has {width}; "
                             f"every row needs the same number of comma-separated values")
    t = None if target is None else _column_index(target, names, has_header, path)
    labels = None
    if t is not None and not all(_is_number(row[t]) for row in body):
        labels = np.array([row[t] for row in body])  # class labels as text: the model encodes them
    values = np.zeros((len(body), width))
    for r, row in enumerate(body):
        for c, cell in enumerate(row):
            if c == t and labels is not None:
                continue
            try:
                values[r, c] = float(cell)
            except ValueError:
                line = r + 1 + has_header
                raise InputError(f"{path}, line {line}, column {names[c]!r}: {cell!r} is not a number; "
                                 f"every cell must be numeric (encode categories as numbers, fill empty cells)") from None
    if not np.all(np.isfinite(values)):
        r, c = np.argwhere(~np.isfinite(values))[0]
        raise InputError(f"{path}, line {r + 1 + has_header}, column {names[c]!r}: {values[r, c]} is not a finite "
                         f"number; remove or fill that cell")
    if target is None:
        if feature_names and has_header:
            keep = _columns_by_name(names, feature_names, target_name, path)
            return Table(values[:, keep], None, list(feature_names), None, has_header)
        return Table(values, None, list(names), None, has_header)
    if width < 2:
        raise InputError(f"{path} has a single column: it needs at least one feature column besides the target")
    features = [c for c in range(width) if c != t]
    y = values[:, t] if labels is None else labels
    return Table(values[:, features], y, [names[c] for c in features], names[t], has_header)


def _columns_by_name(names, feature_names, target_name, path):
    """Indices of ``feature_names`` in the header ``names``; every other column must be the target."""
    missing = [n for n in feature_names if n not in names]
    if missing:
        raise InputError(f"{path} has no column(s) {', '.join(map(repr, missing))}, which the model was trained on; "
                         f"its columns are {', '.join(names)}; the model needs {', '.join(feature_names)}")
    unknown = [n for n in names if n not in feature_names and n != target_name]
    if unknown:
        raise InputError(f"{path} has column(s) {', '.join(map(repr, unknown))} the model was not trained on; it "
                         f"needs {', '.join(feature_names)}: remove the others (or rename them if they are these)")
    return [names.index(n) for n in feature_names]


def parse_numbers(text, what):
    """``"2.16, 3.19 1.85"`` -> array of floats; commas and/or spaces separate the numbers."""
    cells = [c for c in str(text).replace(",", " ").split() if c]
    if not cells:
        raise InputError(f"{what} is empty; give numbers separated by commas, e.g. \"2.16,3.19,1.85\"")
    out = []
    for cell in cells:
        try:
            out.append(float(cell))
        except ValueError:
            raise InputError(f"{what}: {cell!r} is not a number; give numbers separated by commas, "
                             f"e.g. \"2.16,3.19,1.85\"") from None
    out = np.array(out)
    if not np.all(np.isfinite(out)):
        raise InputError(f"{what} contains nan or inf; give finite numbers")
    return out
