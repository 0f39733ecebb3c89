"""Hyperparameters checked at construction, in every public constructor and function: a wrong type
or an out-of-range value is an InputError naming the argument and the value, never a TypeError or
a silently strange run (issue #12 items 4 and 5)."""
import numpy as np
import pytest

import scratchnn
from scratchnn import (SGD, Adam, CosineDecay, Dense, EarlyStopping, ExponentialDecay, InputError, LeakyReLU,
                       MinMaxScaler, ReLU, Sequential, StepDecay, init)

X, Y = np.random.default_rng(0).normal(size=(8, 3)), np.ones(8)


def net(**kwargs):
    return Sequential([Dense(3, 4), ReLU(), Dense(4, 1)], **kwargs)


CASES = {
    # the model
    "Sequential of one layer, not a list": (lambda: Sequential(Dense(3, 1)), "list"),
    "Sequential(None)": (lambda: Sequential(None), "list"),
    "Sequential of a string": (lambda: Sequential("dense"), "list"),
    "Sequential with None inside": (lambda: Sequential([Dense(3, 1), None]), "layer 1"),
    "Sequential of a class": (lambda: Sequential([Dense]), "layer 0"),
    "seed text": (lambda: net(seed="abc"), "seed"),
    "seed negative": (lambda: net(seed=-1), "seed"),
    "seed fractional": (lambda: net(seed=2.5), "seed"),
    "dtype float16": (lambda: net(dtype="float16"), "dtype"),
    "dtype int": (lambda: net(dtype="int32"), "dtype"),
    "dtype nonsense": (lambda: net(dtype="fp32x"), "dtype"),
    # layers
    "Dense in_features text": (lambda: Dense("3", 1), "in_features"),
    "Dense out_features zero": (lambda: Dense(3, 0), "out_features"),
    "Dense in_features float": (lambda: Dense(3.0, 1), "in_features"),
    "Dense bias_init NaN": (lambda: Dense(3, 1, bias_init=float("nan")), "bias_init"),
    "Dense bias_init inf": (lambda: Dense(3, 1, bias_init=float("inf")), "bias_init"),
    "Dense bias_init text": (lambda: Dense(3, 1, bias_init="zero"), "bias_init"),
    "Dense init unknown": (lambda: Dense(3, 1, init="orthogonalish"), "initializer"),
    "Dense bias text": (lambda: Dense(3, 1, bias="no"), "bias"),
    "LeakyReLU alpha text": (lambda: LeakyReLU(alpha="0.1"), "alpha"),
    "LeakyReLU alpha NaN": (lambda: LeakyReLU(alpha=float("nan")), "alpha"),
    "LeakyReLU alpha 1": (lambda: LeakyReLU(alpha=1.0), "alpha"),
    "init.normal std NaN": (lambda: init.normal(float("nan")), "std"),
    "init.normal std text": (lambda: init.normal("0.1"), "std"),
    "init.constant NaN": (lambda: init.constant(float("nan")), "c"),
    # optimizers
    "Adam betas a number": (lambda: Adam(betas=0.9), "betas"),
    "Adam betas of three": (lambda: Adam(betas=(0.9, 0.99, 0.999)), "betas"),
    "Adam beta 1": (lambda: Adam(betas=(1.0, 0.999)), "betas"),
    "Adam weight_decay text": (lambda: Adam(weight_decay="0.1"), "weight_decay"),
    "Adam weight_decay NaN": (lambda: Adam(weight_decay=float("nan")), "weight_decay"),
    "Adam weight_decay negative": (lambda: Adam(weight_decay=-0.1), "weight_decay"),
    "Adam lr text": (lambda: Adam(lr="0.01"), "lr"),
    "Adam lr inf": (lambda: Adam(lr=float("inf")), "lr"),
    "Adam lr zero": (lambda: Adam(lr=0), "lr"),
    "Adam eps negative": (lambda: Adam(eps=-1e-8), "eps"),
    "SGD momentum 1": (lambda: SGD(0.1, momentum=1.0), "momentum"),
    "SGD momentum text": (lambda: SGD(0.1, momentum="0.9"), "momentum"),
    "SGD schedule a name": (lambda: SGD(0.1, schedule="cosine"), "schedule"),
    "SGD schedule a number": (lambda: SGD(0.1, schedule=0.5), "schedule"),
    "SGD nesterov text": (lambda: SGD(0.1, momentum=0.9, nesterov="yes"), "nesterov"),
    # schedules
    "CosineDecay lr_min above the base rate": (lambda: net(seed=0).fit(X, Y, epochs=1, optimizer=SGD(
        0.01, schedule=CosineDecay(10, lr_min=1.0))), "lr_min"),
    "CosineDecay t_max zero": (lambda: CosineDecay(0), "t_max"),
    "CosineDecay lr_min NaN": (lambda: CosineDecay(10, lr_min=float("nan")), "lr_min"),
    "StepDecay gamma zero": (lambda: StepDecay(5, gamma=0.0), "gamma"),
    "StepDecay step text": (lambda: StepDecay("5"), "step_size"),
    "ExponentialDecay gamma 2": (lambda: ExponentialDecay(2.0), "gamma"),
    "ExponentialDecay gamma NaN": (lambda: ExponentialDecay(float("nan")), "gamma"),
    # callbacks
    "EarlyStopping patience text": (lambda: EarlyStopping(patience="3"), "patience"),
    "EarlyStopping patience negative": (lambda: EarlyStopping(patience=-1), "patience"),
    "EarlyStopping min_delta NaN": (lambda: EarlyStopping(min_delta=float("nan")), "min_delta"),
    "EarlyStopping monitor accuracy": (lambda: EarlyStopping(monitor="accuracy"), "monitor"),
    # fit
    "fit callbacks not a list": (lambda: net(seed=0).fit(X, Y, callbacks=EarlyStopping(monitor="loss")), "callbacks"),
    "fit callbacks of strings": (lambda: net(seed=0).fit(X, Y, callbacks=["early"]), "callback"),
    "fit seed fractional": (lambda: net(seed=0).fit(X, Y, seed=2.5), "seed"),
    "fit seed text": (lambda: net(seed=0).fit(X, Y, seed="1"), "seed"),
    "fit epochs float": (lambda: net(seed=0).fit(X, Y, epochs=1.5), "epochs"),
    "fit epochs zero": (lambda: net(seed=0).fit(X, Y, epochs=0), "epochs"),
    "fit epochs a flag": (lambda: net(seed=0).fit(X, Y, epochs=True), "epochs"),
    "fit batch_size zero": (lambda: net(seed=0).fit(X, Y, batch_size=0), "batch_size"),
    "fit batch_size text": (lambda: net(seed=0).fit(X, Y, batch_size="32"), "batch_size"),
    "fit loss unknown": (lambda: net(seed=0).fit(X, Y, loss="hinge"), "hinge"),
    "fit loss a number": (lambda: net(seed=0).fit(X, Y, loss=3), "loss"),
    "fit optimizer unknown": (lambda: net(seed=0).fit(X, Y, optimizer="adamw9"), "adamw9"),
    "fit optimizer a number": (lambda: net(seed=0).fit(X, Y, optimizer=0.01), "optimizer"),
    "fit validation_data one array": (lambda: net(seed=0).fit(X, Y, validation_data=X), "validation_data"),
    "fit shuffle text": (lambda: net(seed=0).fit(X, Y, shuffle="no"), "shuffle"),
    # scalers
    "MinMaxScaler per_feature text": (lambda: MinMaxScaler(per_feature="no"), "per_feature"),
    "load a number": (lambda: scratchnn.load(3), "model"),
}

# The core helper's files (layers.py, optim.py, schedules.py, callbacks.py, training.py, model.py,
# init.py, activations.py) get the checks after the merge of branch `core`, as calls into validation.py.
PENDING = set()


@pytest.mark.parametrize("name", CASES)
def test_bad_hyperparameter_is_refused_up_front(name, request):
    if name in PENDING:
        request.applymarker(pytest.mark.xfail(strict=True, reason=PENDING[name]))
    call, phrase = CASES[name]
    with pytest.raises(InputError) as info:
        call()
    assert phrase in str(info.value), str(info.value)


def test_a_refused_fit_leaves_the_weights_alone():
    model = net(seed=0)
    before = {k: v.copy() for k, v in model.params.items()}
    with pytest.raises(InputError):
        model.fit(X, Y, epochs=3, optimizer=SGD(0.01, schedule=CosineDecay(10, lr_min=1.0)))
    assert all(np.array_equal(model.params[k], v) for k, v in before.items())


GOOD = {
    "numpy integer sizes": lambda: Dense(np.int64(3), np.int32(2)),
    "numpy float lr": lambda: Adam(lr=np.float32(0.01)),
    "seed numpy integer": lambda: net(seed=np.int64(3)),
    "seed a Generator": lambda: net(seed=np.random.default_rng(0)),
    "betas a list": lambda: Adam(betas=[0.8, 0.99]),
    "CosineDecay lr_min below the base rate": lambda: net(seed=0).fit(X, Y, epochs=2, optimizer=SGD(
        0.1, schedule=CosineDecay(10, lr_min=0.01))),
    "callbacks a tuple": lambda: net(seed=0).fit(X, Y, epochs=2, callbacks=(EarlyStopping(monitor="loss"),)),
    "bias_init zero int": lambda: Dense(3, 1, bias_init=0),
}


@pytest.mark.parametrize("call", GOOD.values(), ids=GOOD.keys())
def test_reasonable_values_are_still_accepted(call):
    call()
