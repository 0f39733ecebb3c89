"""Every rule's message renders with extreme numbers: 0, +-inf, NaN, 1e-300, 1e300 and empty runs give words,
never placeholders such as "infx", "nan%", "None" or a stray brace."""
import re
from types import SimpleNamespace

import numpy as np
import pytest

from scratchnn.doctor.facts import RunFacts
from scratchnn.doctor.gradients import GradientEvidence
from scratchnn.doctor.record import Observation, ParamSummary, Problem
from scratchnn.doctor.rules import RULES
from scratchnn.doctor.rules._common import g, percent, times

EXTREMES = [0.0, np.inf, -np.inf, np.nan, 1e-300, 1e300, -1e300]
# Placeholders: a ratio or share of a non-number ("infx", "nan%"), Python's own renderings of missing or
# non-finite values ("None", "nan", "-inf" as numbers), an unfilled f-string brace, an empty list.
BAD = re.compile(r"(?i:\b(nan|inf|infinity)\s*(x|%))|\bNone\b|\bnan\b|-inf\b|[{}]|\[\]")


def fake_check(factor, pattern="scale"):
    result = SimpleNamespace(name="W", ok=False, pattern=pattern, factor=factor, rel_norm_error=0.5,
                             message=f"W is {factor}x the true gradient")
    return GradientEvidence(report=SimpleNamespace(results=[result], ok=False), how="finite differences",
                            at="the observed parameters")


def extreme_run(x, failing_loss=True):
    """Eight observations whose every number is ``x`` where a rule reads it."""
    records = []
    for epoch in range(1, 9):
        first = epoch == 1
        loss = 1.0 if first else (x if failing_loss else 1.0 / epoch)
        records.append(Observation(
            epoch=epoch, loss=loss, lr=x if np.isfinite(x) and x > 0 else None,
            val_loss=[1.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 5.0][epoch - 1],
            nonfinite=[] if first else ["loss", "params['W']"],
            params={"W": ParamSummary(norm=1.0 if first else abs(x), ndim=2, size=4, update=None if first else x,
                                      grad=abs(x) + 1e300 if epoch % 2 else 0.0),
                    "V": ParamSummary(norm=1.0, ndim=2, size=4, update=0.0, grad=1.0)},
            step={"after": (-abs(x) - 1.0, -1.0)},
            layers={"h": {"kind": "sigmoid", "n_units": 4, "finite": True, "saturated": 1.0, "level": x,
                          "symmetric": 2, "mean_abs": x},
                    "r": {"kind": "relu", "n_units": 3, "finite": True, "silent": 3, "symmetric": 0}},
            pred={"finite": True, "n": 8, "mean": np.array([x]), "min": x, "max": x, "constant": True},
            losses={"mse": loss}, zero_losses={"mse": loss}, best_constant={"mse": (np.array([x]), x)},
            shapes=((8, 1), (8,)), broadcast_shape=(8, 8), broadcast_losses={"mse": loss}, n_samples=8))
    problems = [Problem("gradient-shape", "grads['dW']", "dW (1, 1) is broadcast over W (1, 5): all 5 entries of W "
                        "get the same step", epoch=2, detail={"kind": "broadcast"}),
                Problem("complex-values", "grads['dV']", "grads['dV'] holds complex numbers", epoch=3),
                Problem("unread-input", "lr", "lr should be a positive finite number, got -1.0", epoch=1)]
    return RunFacts(records, problems=problems, loss_name="mse",
                    inputs={"min": x, "max": x, "max_abs": np.inf, "mean": x, "std": x, "n_features": 3},
                    targets={"min": x, "max": x, "binary": False, "one_hot": False, "integer": False, "spread": x},
                    kinds={"h": "sigmoid", "r": "relu"}, output_layer="h",
                    initial_params={"constant": True, "value": x, "names": ["W", "V"], "size": 8,
                                    "symmetric": {"W": (4, "rows", x)}},
                    silent_since={"r": np.array([1, 1, 2])}, gradients=fake_check(x if np.isfinite(x) else 2.0))


def rendered(finding):
    return " ".join([finding.title, finding.evidence, finding.message, finding.fix, finding.link or ""])


@pytest.mark.parametrize("x", [0.0, np.inf, -np.inf, np.nan, 1e-300, 1e300, -1e300, 1.0])
def test_formatting_helpers_give_words_for_any_number(x):
    for text in (g(x), times(x), percent(x)):
        assert not BAD.search(text), text
        assert len(text) < 40, text    # 1e300 as a share: "1e+302%", not 300 digits


def test_a_share_reads_as_a_whole_percentage():
    assert [percent(v) for v in (0.0, 0.5, 0.994, 1.0)] == ["0%", "50%", "99%", "100%"]


def test_every_rule_renders_with_extreme_values():
    fired = {}
    for x in EXTREMES:
        for failing_loss in (True, False):
            facts = extreme_run(x, failing_loss)
            unchecked = extreme_run(x, failing_loss)   # the same run, its gradients not checkable
            unchecked.gradients = GradientEvidence(reason="the inputs were not observed", missing="inputs")
            for rule, run_facts in [(r, facts) for r in RULES] + [(r, unchecked) for r in RULES]:
                for f in rule.check(run_facts):
                    text = rendered(f)
                    assert not BAD.search(text), f"{f.code} with {x}: {BAD.search(text).group()!r} in {text}"
                    fired[f.code] = fired.get(f.code, 0) + 1
    silent = {r.RULE.code for r in RULES} - set(fired) - {"rule-failed", "gradient-mismatch"}
    assert not silent, f"rules never rendered here: {sorted(silent)}"


@pytest.mark.parametrize("x", EXTREMES)
def test_the_mismatch_verdict_renders_with_extreme_values(x):
    from scratchnn.doctor.rules import gradient_mismatch
    facts = extreme_run(x)
    facts.gradients = fake_check(2.0, pattern="mismatch")
    (f,) = gradient_mismatch.check(facts)
    assert not BAD.search(rendered(f))


@pytest.mark.parametrize("x", EXTREMES)
def test_the_report_renders_runs_of_extreme_losses(x):
    from scratchnn.doctor import Doctor
    for losses in ([x], [x] * 6, [1.0, x, 1.0, x, x, x], [x, 1.0, 2.0, 3.0, 4.0, 5.0]):
        d = Doctor()
        for loss in losses:
            d.observe(loss=loss, params={"W": np.full((2, 2), x)}, grads={"dW": np.full((2, 2), x)}, lr=0.1,
                      predictions=np.full((4, 1), x), targets=np.ones((4, 1)), inputs=np.full((4, 2), x))
        text = str(d.report())
        for line in text.splitlines():
            if line.startswith("scratchnn doctor") or line.startswith("gradients"):
                continue
            assert not re.search(r"(?i)\b(nan|inf)(x|%)|\bNone\b|[{}]", line), line


def test_an_empty_report_renders():
    from scratchnn.doctor import Doctor
    assert "0 observation" in str(Doctor().report())


def test_saturated_outputs_under_cross_entropy_render_with_extreme_values():
    from scratchnn.doctor.rules import saturated_activation
    fired = 0
    for x in EXTREMES:
        facts = extreme_run(x)
        facts.loss_name, facts.output_layer = "bce", None
        facts.targets["binary"] = True
        for r in facts.records:
            r.pred.update(tails=1.0, sure=1.0, pinned=x, logit=x)
            r.sure_wrong = 0.5
        for f in saturated_activation.check(facts):
            assert not BAD.search(rendered(f)), rendered(f)
            fired += f.where == "predictions"
    assert fired
