"""Outside battery, constructors and hyperparameters: every public constructor given what a
careless or hostile user passes (bools for numbers, strings, NaN, inf, negatives, absurd sizes,
classes instead of instances). Each must be refused at construction with scratchnn's InputError
naming the argument and the value -- never a TypeError from deep inside, never accepted silently."""
import math

import numpy as np
import pytest

import scratchnn as snn
from .outside_tools import refused

NAN, INF = float("nan"), float("inf")

BAD = [
    # (id, call, words the message must contain)
    ("dense-float-size", lambda: snn.Dense(3.0, 4), ["in_features", "3.0"]),
    ("dense-bool-size", lambda: snn.Dense(True, 4), ["in_features", "True"]),
    ("dense-str-size", lambda: snn.Dense("3", 4), ["in_features", "'3'"]),
    ("dense-zero-out", lambda: snn.Dense(3, 0), ["out_features", "0"]),
    ("dense-negative", lambda: snn.Dense(-2, 4), ["in_features", "-2"]),
    ("dense-none-size", lambda: snn.Dense(None, 4), ["in_features", "None"]),
    ("dense-init-unknown", lambda: snn.Dense(3, 4, init="gaussian_magic"), ["init", "gaussian_magic"]),
    ("dense-init-number", lambda: snn.Dense(3, 4, init=0.5), ["init", "0.5"]),
    ("dense-bias-str", lambda: snn.Dense(3, 4, bias="no"), ["bias", "'no'"]),
    ("dense-bias-init-nan", lambda: snn.Dense(3, 4, bias_init=NAN), ["bias_init", "nan"]),
    ("dense-bias-init-inf", lambda: snn.Dense(3, 4, bias_init=np.float64(INF)), ["bias_init", "inf"]),
    ("dense-bias-init-str", lambda: snn.Dense(3, 4, bias_init="zero"), ["bias_init", "zero"]),
    ("dense-seed-str", lambda: snn.Dense(3, 4, seed="abc"), ["seed", "abc"]),
    ("dense-seed-negative", lambda: snn.Dense(3, 4, seed=-1), ["seed", "-1"]),
    ("dense-dtype-int", lambda: snn.Dense(3, 4, dtype="int8"), ["dtype", "int8"]),
    ("dense-dtype-half", lambda: snn.Dense(3, 4, dtype=np.float16), ["dtype", "float16"]),
    ("conv-zero-channels", lambda: snn.Conv2D(0, 4, 3), ["in_channels", "0"]),
    ("conv-kernel-zero", lambda: snn.Conv2D(1, 4, 0), ["kernel", "0"]),
    ("conv-kernel-triple", lambda: snn.Conv2D(1, 4, (3, 3, 3)), ["kernel", "(3, 3, 3)"]),
    ("conv-kernel-float", lambda: snn.Conv2D(1, 4, 2.5), ["kernel", "2.5"]),
    ("conv-kernel-bool", lambda: snn.Conv2D(1, 4, True), ["kernel", "True"]),
    ("conv-stride-zero", lambda: snn.Conv2D(1, 4, 3, stride=0), ["stride", "0"]),
    ("conv-padding-negative", lambda: snn.Conv2D(1, 4, 3, padding=-1), ["padding", "-1"]),
    ("conv-padding-same", lambda: snn.Conv2D(1, 4, 3, padding="same"), ["padding", "same"]),
    ("maxpool-zero", lambda: snn.MaxPool2D(0), ["kernel", "0"]),
    ("avgpool-float", lambda: snn.AvgPool2D(2.5), ["kernel", "2.5"]),
    ("maxpool-stride-negative", lambda: snn.MaxPool2D(2, stride=-2), ["stride", "-2"]),
    ("bn-zero-features", lambda: snn.BatchNorm1D(0), ["num_features", "0"]),
    ("bn-momentum-above-one", lambda: snn.BatchNorm1D(4, momentum=1.5), ["momentum", "1.5"]),
    ("bn-momentum-nan", lambda: snn.BatchNorm2D(4, momentum=NAN), ["momentum", "nan"]),
    ("bn-eps-zero", lambda: snn.BatchNorm1D(4, eps=0), ["eps", "0"]),
    ("bn-eps-negative", lambda: snn.BatchNorm2D(4, eps=-1e-5), ["eps", "-1e-05"]),
    ("dropout-one", lambda: snn.Dropout(1.0), ["p", "1"]),
    ("dropout-negative", lambda: snn.Dropout(-0.1), ["p", "-0.1"]),
    ("dropout-nan", lambda: snn.Dropout(NAN), ["p", "nan"]),
    ("dropout-str", lambda: snn.Dropout("0.5"), ["p", "0.5"]),
    ("dropout-bool", lambda: snn.Dropout(True), ["p", "True"]),
    ("leaky-negative", lambda: snn.LeakyReLU(-1), ["alpha", "-1"]),
    ("leaky-inf", lambda: snn.LeakyReLU(INF), ["alpha", "inf"]),
    ("leaky-str", lambda: snn.LeakyReLU("0.1"), ["alpha", "0.1"]),
    ("sgd-lr-zero", lambda: snn.SGD(lr=0), ["lr", "0"]),
    ("sgd-lr-negative", lambda: snn.SGD(lr=-0.1), ["lr", "-0.1"]),
    ("sgd-lr-nan", lambda: snn.SGD(lr=NAN), ["lr", "nan"]),
    ("sgd-lr-inf", lambda: snn.SGD(lr=np.float32(INF)), ["lr", "inf"]),
    ("sgd-lr-str", lambda: snn.SGD(lr="0.1"), ["lr", "0.1"]),
    ("sgd-lr-bool", lambda: snn.SGD(lr=True), ["lr", "True"]),
    ("sgd-lr-list", lambda: snn.SGD(lr=[0.1]), ["lr", "[0.1]"]),
    ("sgd-momentum-one", lambda: snn.SGD(momentum=1.0), ["momentum", "1"]),
    ("sgd-momentum-negative", lambda: snn.SGD(momentum=-0.5), ["momentum", "-0.5"]),
    ("sgd-nesterov-str", lambda: snn.SGD(momentum=0.9, nesterov="yes"), ["nesterov", "yes"]),
    ("sgd-weight-decay-negative", lambda: snn.SGD(weight_decay=-1e-4), ["weight_decay", "-0.0001"]),
    ("sgd-weight-decay-str", lambda: snn.SGD(weight_decay="0.1"), ["weight_decay", "0.1"]),
    ("sgd-schedule-str", lambda: snn.SGD(schedule="cosine"), ["schedule", "cosine"]),
    ("sgd-schedule-class", lambda: snn.SGD(schedule=snn.CosineDecay), ["schedule", "CosineDecay"]),
    ("adam-betas-scalar", lambda: snn.Adam(betas=0.9), ["betas", "0.9"]),
    ("adam-betas-one", lambda: snn.Adam(betas=(1.0, 0.999)), ["beta", "1"]),
    ("adam-betas-short", lambda: snn.Adam(betas=(0.9,)), ["betas", "(0.9,)"]),
    ("adam-betas-nan", lambda: snn.Adam(betas=(NAN, 0.999)), ["beta", "nan"]),
    ("adam-betas-str", lambda: snn.Adam(betas=("0.9", "0.999")), ["beta", "0.9"]),
    ("adam-eps-zero", lambda: snn.Adam(eps=0), ["eps", "0"]),
    ("adam-eps-negative", lambda: snn.Adam(eps=-1e-8), ["eps", "-1e-08"]),
    ("adam-lr-none", lambda: snn.Adam(lr=None), ["lr", "None"]),
    ("step-decay-zero", lambda: snn.StepDecay(0), ["step_size", "0"]),
    ("step-decay-float", lambda: snn.StepDecay(2.5), ["step_size", "2.5"]),
    ("step-decay-gamma-zero", lambda: snn.StepDecay(10, gamma=0), ["gamma", "0"]),
    ("step-decay-gamma-above-one", lambda: snn.StepDecay(10, gamma=2), ["gamma", "2"]),
    ("exp-decay-gamma-nan", lambda: snn.ExponentialDecay(gamma=NAN), ["gamma", "nan"]),
    ("exp-decay-gamma-negative", lambda: snn.ExponentialDecay(gamma=-0.5), ["gamma", "-0.5"]),
    ("cosine-tmax-zero", lambda: snn.CosineDecay(0), ["t_max", "0"]),
    ("cosine-tmax-negative", lambda: snn.CosineDecay(-5), ["t_max", "-5"]),
    ("cosine-tmax-str", lambda: snn.CosineDecay("100"), ["t_max", "100"]),
    ("cosine-lr-min-negative", lambda: snn.CosineDecay(10, lr_min=-1e-3), ["lr_min", "-0.001"]),
    ("cosine-lr-min-nan", lambda: snn.CosineDecay(10, lr_min=NAN), ["lr_min", "nan"]),
    ("cosine-lr-min-above-lr", lambda: snn.SGD(lr=0.01, schedule=snn.CosineDecay(10, lr_min=1.0)), ["lr_min", "1"]),
    ("early-patience-negative", lambda: snn.EarlyStopping(patience=-1), ["patience", "-1"]),
    ("early-patience-float", lambda: snn.EarlyStopping(patience=2.5), ["patience", "2.5"]),
    ("early-min-delta-nan", lambda: snn.EarlyStopping(min_delta=NAN), ["min_delta", "nan"]),
    ("early-min-delta-negative", lambda: snn.EarlyStopping(min_delta=-1), ["min_delta", "-1"]),
    ("early-monitor-unknown", lambda: snn.EarlyStopping(monitor="val_acc_typo"), ["monitor", "val_acc_typo"]),
    ("early-monitor-number", lambda: snn.EarlyStopping(monitor=3), ["monitor", "3"]),
    ("early-restore-str", lambda: snn.EarlyStopping(restore_best_weights="no"), ["restore_best_weights", "no"]),
    ("progress-stream-int", lambda: snn.ProgressBar(stream=5), ["stream", "5"]),
    ("progress-interval-negative", lambda: snn.ProgressBar(interval=-1), ["interval", "-1"]),
    ("progress-width-zero", lambda: snn.ProgressBar(width=0), ["width", "0"]),
    ("minmax-per-feature-str", lambda: snn.MinMaxScaler(per_feature="yes"), ["per_feature", "yes"]),
    ("sequential-empty", lambda: snn.Sequential([]), ["at least one layer"]),
    ("sequential-none", lambda: snn.Sequential(None), ["None"]),
    ("sequential-single-layer", lambda: snn.Sequential(snn.Dense(3, 1)), ["list", "Dense"]),
    ("sequential-string-layer", lambda: snn.Sequential([snn.Dense(3, 4), "relu"]), ["'relu'"]),
    ("sequential-class-not-instance", lambda: snn.Sequential([snn.Dense(3, 4), snn.ReLU]), ["ReLU"]),
    ("sequential-nested-list", lambda: snn.Sequential([[snn.Dense(3, 4)]]), ["Dense"]),
    ("sequential-sizes-do-not-chain", lambda: snn.Sequential([snn.Dense(3, 4), snn.Dense(5, 1)]), ["Dense(4, 1)"]),
    ("sequential-seed-str", lambda: snn.Sequential([snn.Dense(3, 1)], seed="abc"), ["seed", "abc"]),
    ("sequential-seed-float", lambda: snn.Sequential([snn.Dense(3, 1)], seed=2.5), ["seed", "2.5"]),
    ("sequential-seed-bool", lambda: snn.Sequential([snn.Dense(3, 1)], seed=True), ["seed", "True"]),
    ("sequential-seed-nan", lambda: snn.Sequential([snn.Dense(3, 1)], seed=NAN), ["seed", "nan"]),
    ("sequential-dtype-half", lambda: snn.Sequential([snn.Dense(3, 1)], dtype="float16"), ["dtype", "float16"]),
    ("sequential-dtype-garbage", lambda: snn.Sequential([snn.Dense(3, 1)], dtype="fp32!"), ["dtype", "fp32!"]),
    ("sequential-absurd-size", lambda: snn.Sequential([snn.Dense(10**6, 10**6)]), ["10"]),
    ("from-torch-not-module", lambda: snn.from_torch(5), ["torch.nn.Module", "int"]),
    ("from-torch-none", lambda: snn.from_torch(None), ["torch.nn.Module", "None"]),
    ("load-int-path", lambda: snn.load(5), ["5"]),
    ("load-none-path", lambda: snn.load(None), ["None"]),
]


@pytest.mark.parametrize("call, words", [pytest.param(c, w, id=i) for i, c, w in BAD])
def test_bad_constructor_argument_is_refused_naming_it(call, words):
    refused(call, *words)


GOOD = [
    ("dense-numpy-int-sizes", lambda: snn.Dense(np.int64(3), np.int32(4))),
    ("dense-numpy-seed", lambda: snn.Dense(3, 4, seed=np.uint8(7))),
    ("sgd-numpy-float-lr", lambda: snn.SGD(lr=np.float32(0.1), momentum=np.float64(0.9))),
    ("adam-betas-list", lambda: snn.Adam(betas=[0.9, 0.99])),
    ("adam-betas-array", lambda: snn.Adam(betas=np.array([0.9, 0.99]))),
    ("sequential-tuple", lambda: snn.Sequential((snn.Dense(3, 4), snn.ReLU(), snn.Dense(4, 1)), seed=np.int64(3))),
    ("sequential-dtype-object", lambda: snn.Sequential([snn.Dense(3, 1)], dtype=np.float64)),
    ("sequential-generator-seed", lambda: snn.Sequential([snn.Dense(3, 1)], seed=np.random.default_rng(0))),
]


@pytest.mark.parametrize("call", [pytest.param(c, id=i) for i, c in GOOD])
def test_numpy_scalars_and_sequences_where_a_number_or_list_goes_are_accepted(call):
    assert call() is not None


def test_numpy_scalar_hyperparameters_train_like_python_numbers():
    X = np.random.default_rng(0).normal(size=(16, 3))
    y = X.sum(axis=1)
    results = []
    for cast in (float, np.float32):
        model = snn.Sequential([snn.Dense(3, 4), snn.ReLU(), snn.Dense(4, 1)], seed=0, dtype="float64")
        model.fit(X, y, optimizer=snn.SGD(lr=cast(0.05)), epochs=5)
        results.append(model.flat_params.copy())
    assert np.allclose(results[0], results[1], rtol=1e-6)


def test_huge_but_finite_learning_rate_is_accepted_and_training_keeps_finite_weights():
    """lr = 1e30 is legal (finite); the run diverges, stops, and keeps the last finite weights."""
    X = np.random.default_rng(0).normal(size=(16, 3))
    model = snn.Sequential([snn.Dense(3, 4), snn.ReLU(), snn.Dense(4, 1)], seed=0)
    history = model.fit(X, X.sum(axis=1) * 1e6, optimizer=snn.SGD(lr=1e30), epochs=20)
    assert history.stopped_reason, "a run whose steps overflow must say why it stopped"
    assert np.all(np.isfinite(model.flat_params))


def test_same_layer_object_twice_is_refused():
    relu = snn.ReLU()
    refused(lambda: snn.Sequential([snn.Dense(3, 4), relu, snn.Dense(4, 4), relu]), "same object")


def test_math_inf_as_epochs_is_refused():
    model = snn.Sequential([snn.Dense(1, 1)], seed=0)
    refused(lambda: model.fit(np.ones((4, 1)), np.ones(4), epochs=math.inf), "epochs", "inf")
