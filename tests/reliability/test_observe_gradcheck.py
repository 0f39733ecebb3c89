"""What a training loop can hand the doctor and the gradient checker. ``observe`` never raises on
values a loop can produce (BRIEF interface 5: they become evidence or a finding) and the report is
still produced; ``gradcheck`` refuses what it cannot check (complex numbers, missing or misshapen
gradients) with an InputError naming it."""
import numpy as np
import pytest

from scratchnn import InputError, doctor, gradcheck

X = np.random.default_rng(0).normal(size=(4, 3))
Y = np.ones(4)
W = np.random.default_rng(1).normal(size=(3, 1))


def _torch(values):
    torch = pytest.importorskip("torch")
    return torch.tensor(np.asarray(values))


OBSERVE = {
    "loss NaN": lambda: dict(loss=float("nan")),
    "loss inf": lambda: dict(loss=float("inf")),
    "loss -inf": lambda: dict(loss=-np.inf),
    "loss float32": lambda: dict(loss=np.float32(0.5)),
    "loss int64": lambda: dict(loss=np.int64(2)),
    "loss 0-d array": lambda: dict(loss=np.array(0.5)),
    "loss 1-element array": lambda: dict(loss=np.array([0.5])),
    "loss torch scalar": lambda: dict(loss=_torch(0.5)),
    "predictions shorter than targets": lambda: dict(loss=1.0, predictions=np.ones(3), targets=np.ones(4)),
    "predictions a column, targets flat": lambda: dict(loss=1.0, predictions=np.ones((4, 1)), targets=np.ones(4)),
    "predictions transposed": lambda: dict(loss=1.0, predictions=np.ones((1, 4)), targets=np.ones(4)),
    "predictions complex": lambda: dict(loss=1.0, predictions=np.ones(4) + 1j, targets=Y),
    "predictions empty": lambda: dict(loss=1.0, predictions=np.empty(0), targets=np.empty(0)),
    "predictions NaN": lambda: dict(loss=1.0, predictions=np.full(4, np.nan), targets=Y),
    "predictions int": lambda: dict(loss=1.0, predictions=np.ones(4, dtype=int), targets=Y),
    "predictions float32": lambda: dict(loss=1.0, predictions=np.ones(4, np.float32), targets=Y),
    "predictions torch": lambda: dict(loss=1.0, predictions=_torch(np.ones(4)), targets=_torch(Y)),
    "params without grads": lambda: dict(loss=1.0, params={"W1": W}),
    "grads without params": lambda: dict(loss=1.0, grads={"dW1": W}),
    "grads of another shape": lambda: dict(loss=1.0, params={"W1": W}, grads={"dW1": np.ones((1, 3))}),
    "grads complex": lambda: dict(loss=1.0, params={"W1": W}, grads={"dW1": W + 1j}),
    "grads NaN": lambda: dict(loss=1.0, params={"W1": W}, grads={"dW1": np.full_like(W, np.nan)}),
    "grads inf": lambda: dict(loss=1.0, params={"W1": W}, grads={"dW1": np.full_like(W, np.inf)}),
    "params empty arrays": lambda: dict(loss=1.0, params={"W1": np.empty((0, 3))}, grads={"dW1": np.empty((0, 3))}),
    "params a list": lambda: dict(loss=1.0, params=[W], grads=[W]),
    "grads with unknown names": lambda: dict(loss=1.0, params={"W1": W}, grads={"weird": W}),
    "activation kinds a list": lambda: dict(loss=1.0, activations={"h": np.ones((4, 2))}, activation_kinds=["relu"]),
    "activation kind unknown": lambda: dict(loss=1.0, activations={"h": np.ones((4, 2))}, activation_kinds={"h": "swish"}),
    "activations of another batch": lambda: dict(loss=1.0, activations={"h": np.ones((5, 2))}, targets=Y),
    "activations complex": lambda: dict(loss=1.0, activations={"h": np.ones((4, 2)) + 1j}),
    "activations NaN": lambda: dict(loss=1.0, activations={"h": np.full((4, 2), np.nan)}),
    "epoch negative": lambda: dict(loss=1.0, epoch=-1),
    "epoch fractional": lambda: dict(loss=1.0, epoch=2.5),
    "epoch text": lambda: dict(loss=1.0, epoch="3"),
    "lr negative": lambda: dict(loss=1.0, lr=-0.1),
    "lr NaN": lambda: dict(loss=1.0, lr=float("nan")),
    "lr zero": lambda: dict(loss=1.0, lr=0.0),
    "inputs 3-D": lambda: dict(loss=1.0, inputs=np.ones((4, 2, 2)), targets=Y),
    "inputs complex": lambda: dict(loss=1.0, inputs=X + 1j, targets=Y),
}

# Cases the doctor (src/scratchnn/doctor/, the doctor helper's) still raises on, measured on this branch.
OBSERVE_RAISES = {"predictions shorter than targets", "predictions transposed", "predictions complex",
                  "predictions empty", "grads of another shape", "grads complex", "params empty arrays",
                  "params a list", "activation kinds a list", "activation kind unknown",
                  "activations of another batch", "activations complex", "epoch negative", "epoch fractional",
                  "epoch text", "lr negative", "lr NaN", "lr zero", "inputs complex"}


@pytest.mark.parametrize("name", OBSERVE)
def test_observe_never_raises_on_what_a_loop_can_pass(name, request):
    if name in OBSERVE_RAISES:
        request.applymarker(pytest.mark.xfail(strict=True, reason="doctor helper (src/scratchnn/doctor/): observe "
                                                                  "raises on this instead of recording evidence"))
    kwargs = OBSERVE[name]()
    doc = doctor.Doctor()
    for epoch in range(3):
        record = dict(kwargs)
        if "epoch" not in record:
            record["epoch"] = epoch
        doc.observe(**record)
    report = doc.report()
    assert report.n_observations == 3
    str(report)


def test_observe_without_a_loss_is_the_one_refusal():
    with pytest.raises(InputError, match="loss"):
        doctor.Doctor().observe(epoch=0, predictions=np.ones(3))


def _loss(params):
    return float(np.mean((X @ params["W"]).ravel() - Y) ** 2)


def _grads():
    residual = (X @ W).ravel() - Y
    return {"W": (2 * np.mean(residual) * X.mean(axis=0)).reshape(3, 1)}


GRADCHECK_REFUSED = {
    "complex params": lambda: (_loss, {"W": W + 0j}, _grads()),
    "complex grads": lambda: (_loss, {"W": W}, {"W": _grads()["W"] + 1j}),
    "params not arrays": lambda: (_loss, {"W": "abc"}, {"W": "abc"}),
    "params empty": lambda: (_loss, {}, {}),
    "loss not callable": lambda: (3.0, {"W": W}, _grads()),
    "loss returns an array": lambda: (lambda p: np.ones(3), {"W": W}, _grads()),
    "loss returns complex": lambda: (lambda p: complex(_loss(p), 1), {"W": W}, _grads()),
}
# Measured on this branch: complex arrays pass silently (cast to float64 with a warning); the rest
# raise a plain ValueError, which the CLI (rightly) reports as a bug rather than a user mistake.
GRADCHECK_XFAIL = {"complex params": "checks a complex array as its real part instead of refusing it",
                   "complex grads": "checks a complex array as its real part instead of refusing it",
                   **{name: "raises a plain ValueError, not InputError" for name in
                      ("params not arrays", "params empty", "loss not callable", "loss returns an array",
                       "loss returns complex")}}


@pytest.mark.parametrize("name", GRADCHECK_REFUSED)
def test_gradcheck_refuses_what_it_cannot_check(name, request):
    if name in GRADCHECK_XFAIL:
        request.applymarker(pytest.mark.xfail(strict=True, reason="gradcheck helper (src/scratchnn/gradchecker/): "
                                                                  + GRADCHECK_XFAIL[name]))
    loss_fn, params, grads = GRADCHECK_REFUSED[name]()
    before = {k: np.array(v, copy=True) for k, v in params.items()}
    with pytest.raises(InputError):
        gradcheck(loss_fn, params, grads)
    assert all(np.array_equal(np.asarray(params[k]), v) for k, v in before.items())


GRADCHECK_WRONG = {
    "grads missing": lambda: (_loss, {"W": W}, {}),
    "grads of another shape": lambda: (_loss, {"W": W}, {"W": np.ones((1, 3))}),
    "grads NaN": lambda: (_loss, {"W": W}, {"W": np.full((3, 1), np.nan)}),
}


@pytest.mark.parametrize("name", GRADCHECK_WRONG)
def test_gradcheck_never_passes_missing_or_broken_gradients(name):
    try:
        report = gradcheck(*GRADCHECK_WRONG[name]())
    except InputError:
        return
    assert not report.ok
