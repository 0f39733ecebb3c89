"""Save/load: one .npz of plain arrays plus a JSON architecture; bit-exact round trip; clear errors
for files that are not scratchnn models; pickle is never used in either direction."""
import json
import pickle
import zipfile

import numpy as np
import pytest

import scratchnn as sn
from scratchnn import InputError


def trained(dtype):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(20, 3))
    y = rng.integers(0, 3, size=20)
    model = sn.Sequential([sn.Dense(3, 5, init=sn.init.normal(0.3)), sn.LeakyReLU(0.05), sn.Dense(5, 4),
                           sn.Tanh(), sn.Dense(4, 3, bias=False), sn.Softmax()], seed=2, dtype=dtype)
    model.fit(X, y, loss="cross_entropy", epochs=5, optimizer=sn.SGD(0.1, momentum=0.9))
    return model, X


def refuse_pickle(monkeypatch):
    """From here on, any use of pickle fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError("pickle was used")
    for name in ("dump", "dumps", "load", "loads", "Pickler", "Unpickler"):
        monkeypatch.setattr(pickle, name, refuse)


@pytest.fixture
def no_pickle(monkeypatch):
    refuse_pickle(monkeypatch)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_round_trip_is_bit_exact(dtype, tmp_path, no_pickle):
    model, X = trained(dtype)
    path = model.save(tmp_path / "model")
    assert path.suffix == ".npz" and path.is_file()
    loaded = sn.load(path)
    assert set(loaded.params) == set(model.params)
    for k, v in model.params.items():
        assert loaded.params[k].dtype == np.dtype(dtype)
        assert np.array_equal(loaded.params[k], v), k
    assert np.array_equal(loaded.predict(X), model.predict(X))
    assert [type(l) for l in loaded.layers] == [type(l) for l in model.layers]
    assert loaded.layers[1].alpha == 0.05 and not loaded.layers[4].bias
    assert loaded.training_info["loss"] == "cross_entropy"
    # evaluate() defaults to the loss the model was trained with.
    y = np.arange(len(X)) % 3
    assert loaded.evaluate(X, y) == model.evaluate(X, y, "cross_entropy")


def test_file_holds_only_plain_arrays_and_json(tmp_path):
    model, _ = trained("float32")
    path = model.save(tmp_path / "m.npz")
    with zipfile.ZipFile(path) as z:
        names = sorted(z.namelist())
        assert names == sorted(["config.npy"] + [f"param:{k}.npy" for k in model.params])
        for name in names:
            with z.open(name) as f:
                arr = np.lib.format.read_array(f, allow_pickle=False)  # would raise on an object array
            assert arr.dtype != object
    with np.load(path, allow_pickle=False) as f:
        meta = json.loads(str(f["config"]))
    assert meta["format"] == "scratchnn-model" and len(meta["layers"]) == 6


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="no model file at .*nothing.npz"):
        sn.load(tmp_path / "nothing.npz")


def test_truncated_file(tmp_path):
    model, _ = trained("float32")
    path = model.save(tmp_path / "m.npz")
    data = path.read_bytes()
    for cut in (len(data) // 2, len(data) - 10, 30):
        path.write_bytes(data[:cut])
        with pytest.raises(InputError, match="truncated"):
            sn.load(path)


def test_non_zip_file_is_not_called_pickled(tmp_path):
    path = tmp_path / "notes.npz"
    path.write_text("W1 = 0.3, 0.5\n")
    with pytest.raises(InputError, match=r"not an \.npz \(zip\) archive") as info:
        sn.load(path)
    assert "pickle" not in str(info.value)


def test_foreign_npz(tmp_path):
    path = tmp_path / "other.npz"
    np.savez(path, weights=np.ones(3))
    with pytest.raises(InputError, match="not a scratchnn model .*no 'config' entry"):
        sn.load(path)
    np.savez(path, config=np.array(json.dumps({"format": "something-else"})))
    with pytest.raises(InputError, match="not a scratchnn model .*something-else"):
        sn.load(path)


def test_pickle_bearing_npz_is_refused_without_unpickling(tmp_path, monkeypatch):
    path = tmp_path / "evil.npz"
    # np.savez pickles object arrays; a model file carrying one must be refused, never unpickled.
    np.savez(path, config=np.array([{"format": "scratchnn-model"}], dtype=object), **{"param:W1": np.ones((2, 1))})
    refuse_pickle(monkeypatch)
    with pytest.raises(InputError, match="pickled Python objects.*never loads pickles"):
        sn.load(path)


def test_damaged_parameters_are_reported(tmp_path):
    model, _ = trained("float64")
    path = model.save(tmp_path / "m.npz")
    with np.load(path, allow_pickle=False) as f:
        arrays = {k: f[k] for k in f.files}
    arrays["param:W1"] = arrays["param:W1"][:, :2]
    np.savez(path, **arrays)
    with pytest.raises(InputError, match=r"W1 has shape \(3, 2\).*expected \(3, 5\)"):
        sn.load(path)
    del arrays["param:W1"]
    np.savez(path, **arrays)
    with pytest.raises(InputError, match="damaged"):
        sn.load(path)
