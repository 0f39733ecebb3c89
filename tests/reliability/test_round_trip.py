"""Save and load lose nothing and change nothing: weights bit for bit, predictions, the training
record; a save never follows a link, never leaves a temporary file, and refuses to replace when
asked not to."""
import os

import numpy as np
import pytest

import scratchnn
from scratchnn import Dense, InputError, LeakyReLU, Sequential, Sigmoid, Softmax, Tanh
from scratchnn.safe_files import OutputExists

from .conftest import snapshot, tiny_model

ARCHITECTURES = {
    "relu": lambda dtype: tiny_model(dtype),
    "tanh sigmoid": lambda dtype: Sequential([Dense(3, 5), Tanh(), Dense(5, 1), Sigmoid()], seed=3, dtype=dtype),
    "leaky softmax": lambda dtype: Sequential([Dense(3, 6), LeakyReLU(0.2), Dense(6, 4), Softmax()], seed=4,
                                              dtype=dtype),
    "one dense": lambda dtype: Sequential([Dense(3, 2, bias=False)], seed=5, dtype=dtype),
}


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("make", ARCHITECTURES.values(), ids=ARCHITECTURES.keys())
def test_round_trip_is_bit_exact(tmp_path, make, dtype):
    model = make(dtype)
    model.training_info = {"loss": "mse", "feature_names": ["a", "b", "c"], "note": "é ✓",
                           "input_scaler": {"kind": "standard", "shift": [0.1, 0.2, 0.3], "scale": [1.0, 2.0, 3.0]}}
    back = scratchnn.load(model.save(tmp_path / "m.npz"))
    assert repr(back) == repr(model) and back.dtype == model.dtype
    for key, value in model.params.items():
        assert back.params[key].dtype == value.dtype and back.params[key].tobytes() == value.tobytes()
    X = np.random.default_rng(0).normal(size=(5, 3))
    assert model.predict(X).tobytes() == back.predict(X).tobytes()
    assert back.training_info == model.training_info


def test_a_loaded_model_trains_on_as_the_original_would(tmp_path):
    X = np.random.default_rng(0).normal(size=(16, 3))
    y = X.sum(axis=1)
    model = tiny_model("float64")
    back = scratchnn.load(model.save(tmp_path / "m.npz"))
    model.fit(X, y, epochs=3, seed=1, optimizer="sgd")
    back.fit(X, y, epochs=3, seed=1, optimizer="sgd")
    assert all(np.array_equal(back.params[k], v) for k, v in model.params.items())


def test_save_replaces_a_link_and_never_writes_through_it(tmp_path):
    target = tmp_path / "precious.npz"
    target.write_bytes(b"not yours")
    (tmp_path / "m.npz").symlink_to(target)
    tiny_model().save(tmp_path / "m.npz")
    assert target.read_bytes() == b"not yours"
    assert not (tmp_path / "m.npz").is_symlink()
    scratchnn.load(tmp_path / "m.npz")


def test_save_without_overwrite_keeps_the_old_file_and_the_new_one_aside(tmp_path):
    from scratchnn.serialization import save
    old = tiny_model(seed=0)
    old.save(tmp_path / "m.npz")
    before = (tmp_path / "m.npz").read_bytes()
    with pytest.raises(OutputExists, match="m.npz.new"):
        save(tiny_model(seed=1), tmp_path / "m.npz", overwrite=False)
    assert (tmp_path / "m.npz").read_bytes() == before
    assert np.array_equal(scratchnn.load(tmp_path / "m.npz.new").params["W1"], tiny_model(seed=1).params["W1"])


def test_save_into_a_missing_directory_is_one_error(tmp_path):
    with pytest.raises(InputError, match="cannot write"):
        tiny_model().save(tmp_path / "missing" / "m.npz")


def test_saves_leave_no_temporary_files(tmp_path):
    for seed in range(3):
        tiny_model(seed=seed).save(tmp_path / "m.npz")
    assert sorted(os.listdir(tmp_path)) == ["m.npz"]


def test_load_never_modifies_the_file(tmp_path):
    path = tiny_model().save(tmp_path / "m.npz")
    before = snapshot(tmp_path)
    model = scratchnn.load(path)
    model.fit(np.ones((4, 3)), np.ones(4), epochs=2)
    assert snapshot(tmp_path) == before


def test_a_non_finite_training_record_still_saves_as_strict_json(tmp_path):
    import json
    import zipfile
    model = tiny_model()
    model.training_info = {"final_loss": float("nan"), "best": float("-inf")}
    path = model.save(tmp_path / "m.npz")
    with zipfile.ZipFile(path) as z:
        text = str(np.lib.format.read_array(z.open("config.npy")))
    json.loads(text, parse_constant=lambda name: pytest.fail(f"bare {name}"))
    assert scratchnn.load(path).training_info == {"final_loss": "NaN", "best": "-Infinity"}
