"""Every label of the real-case corpus is true: confirmed by the independent float64 oracle.

These tests do not use scratchnn: they prove what the gradient checker is later scored against.
"""
import numpy as np
import pytest

import gcreal_oracle as oracle
from gcreal_cases import all_cases

CASES = all_cases()


def oracle_results(case):
    try:
        b = case.build()
    except ImportError as exc:
        pytest.skip(f"{case.name}: {exc}")
    if case.form == "layer":
        for layer, attrs in zip(b["layers"], b["attrs"]):      # the math in float64 (float32 cases)
            for attr in attrs:
                setattr(layer, attr, np.asarray(getattr(layer, attr), dtype=np.float64))
        return oracle.layer_gradients(b["layers"], b["x"], b["attrs"], b.get("loss"))
    if case.form == "pair":
        return oracle.pair_gradients(b["forward"], b["backward"], b["inputs"], b.get("args", ()), b.get("dout"))
    if case.form == "dict":
        return oracle.dict_gradients(b["loss_fn"], b["params"], b["user"], b.get("reference"))
    return oracle.torch_gradients(b["function"], b["inputs"], b["names"], float64_function=b.get("float64_function"))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_label_is_true_of_the_numbers(case):
    results = oracle_results(case)
    assert set(results) == set(case.labels), "every gradient the case has is labelled, and only those"
    for name in case.labels:
        pattern, factor = case.expected(name)
        g, n, moves, x = results[name]
        assert oracle.confirm(pattern, g, n, x, factor, case.batch_sizes, moves), (
            f"{case.name}: {name} is not '{pattern}' (least-squares factor {oracle.ls_factor(g, n):.6g})")


def test_the_corpus_has_the_size_and_mix_the_issue_asks_for():
    forms = {c.form for c in CASES}
    assert len(CASES) >= 15 and forms == {"layer", "pair", "torch", "dict"}
    assert sum(c.four_d for c in CASES) >= 4
    assert sum(c.correct_code for c in CASES) >= 5
    assert len({c.name for c in CASES}) == len(CASES)
    assert all(c.source.startswith(("https://", "http://")) for c in CASES)


def test_the_oracle_tells_the_patterns_apart():
    rng = np.random.default_rng(0)
    n, x = rng.standard_normal((4, 4)), rng.standard_normal((4, 4))
    masked = n.copy()
    masked[1] = 3.0
    cases = {"ok": n, "scale": 3 * n, "sign": -n, "zero": np.zeros_like(n), "transpose": n.T,
             "regularization": n + 0.2 * x, "mask": masked, "mismatch": rng.standard_normal((4, 4))}
    for pattern, g in cases.items():
        factor = 3.0 if pattern == "scale" else None
        assert oracle.confirm(pattern, g, n, x, factor), pattern
        assert not oracle.confirm("ok", g, n, x) or pattern == "ok"
    assert not oracle.confirm("mismatch", 3 * n, n, x) and not oracle.confirm("mask", -n, n, x)
    dead = n * (x > 0)                       # a ReLU's true gradient, and the same without its derivative
    assert oracle.confirm("mask", n, dead, x) and not oracle.confirm("mismatch", n, dead, x)


def test_the_oracle_tells_flat_from_zero_and_accepts_any_subgradient_at_a_kink():
    n, g, x = np.zeros(3), np.ones(3), np.arange(3.0)
    assert oracle.confirm("flat", g, n, x, moves=True) and not oracle.confirm("zero", g, n, x, moves=True)
    assert oracle.confirm("zero", g, n, x, moves=False) and not oracle.confirm("flat", g, n, x, moves=False)
    kink = np.array([0.0])                       # |x| at 0: any value in [-1, 1] is a subgradient
    for user, true in ((0.3, 0.3), (-1.0, -1.0), (2.0, 1.0)):
        measured, _ = oracle._measure(lambda: abs(kink[0]), kink, np.array([user]))
        assert measured[0] == pytest.approx(true, abs=1e-6)
