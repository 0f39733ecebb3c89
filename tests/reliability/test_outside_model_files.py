"""Outside battery, model files: broken, foreign, absurd and hostile ``.npz`` files, each given
both to ``scratchnn.load`` and to ``scratchnn info`` (the CLI a user runs on a downloaded file).
Each must end in one clear line (InputError / exit 2), never a traceback, quickly and without
allocating what the file claims; and save must survive odd destinations."""
import io
import json
import os
import zipfile

import numpy as np
import pytest

import scratchnn as snn
from .conftest import tiny_model
from .outside_tools import refused


def npy(array):
    buf = io.BytesIO()
    np.lib.format.write_array(buf, np.asarray(array), allow_pickle=True)
    return buf.getvalue()


def npz(path, members, compress=False):
    """Write a zip of raw members (``{"config.npy": bytes, ...}``)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def config(**changes):
    meta = {"format": "scratchnn-model", "version": 1, "dtype": "float32", "seed": 0, "training": {},
            "layers": [{"type": "Dense", "in_features": 3, "out_features": 2}, {"type": "ReLU"},
                       {"type": "Dense", "in_features": 2, "out_features": 1}]}
    meta.update(changes)
    return meta


def arrays(dtype="float32", **changes):
    out = {"param:W1": np.ones((3, 2), dtype), "param:b1": np.zeros(2, dtype),
           "param:W2": np.ones((2, 1), dtype), "param:b2": np.zeros(1, dtype)}
    out.update(changes)
    return {k: v for k, v in out.items() if v is not None}


def model_file(path, meta=None, arrs=None, extra=None, raw_config=None):
    members = {"config.npy": npy(np.array(raw_config if raw_config is not None else json.dumps(meta or config())))}
    members.update({f"{k}.npy": npy(v) for k, v in (arrays() if arrs is None else arrs).items()})
    members.update(extra or {})
    return npz(path, members)


def _good(p):
    return tiny_model().save(p)


def _truncated(p):
    data = _good(p).read_bytes()
    p.write_bytes(data[:len(data) // 2])


def _header_lies(p):
    """A stored (uncompressed) array whose .npy header claims 16384 x 16384 float32."""
    body = npy(np.ones((3, 2), np.float32))
    lie = body.replace(b"(3, 2)", b"(16384, 16384)".ljust(6)[:len(b"(16384, 16384)")])
    model_file(p, extra={"param:W1.npy": lie}, arrs=arrays(**{"param:W1": None}))


def _bomb(p):
    """A deflate bomb: 1 MB of zeros declared as a (16384, 16384) array."""
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, {"descr": "<f4", "fortran_order": False, "shape": (16384, 16384)})
    members = {"config.npy": npy(np.array(json.dumps(config(layers=[
        {"type": "Dense", "in_features": 16384, "out_features": 16384, "bias": False}])))),
        "param:W1.npy": header.getvalue() + b"\0" * 2**20}
    npz(p, members, compress=True)


def _nan_weights(p):
    model_file(p, arrs=arrays(**{"param:W1": np.full((3, 2), np.nan, np.float32)}))


def _old_version(p):
    """What scratchnn's first release wrote: np.savez(path, config=json.dumps(meta)) -- json.dumps
    then wrote a diverged run's final loss as the bare token NaN."""
    meta = config(training={"loss": "mse", "epochs": 3, "final_loss": float("nan")})
    meta["layers"][0].update(init="auto", bias=True, bias_init="auto")
    np.savez(p, config=np.array(json.dumps(meta)), **arrays())


BROKEN = [
    # (id, make(path), words the one-line message must contain)
    ("zero-bytes", lambda p: p.write_bytes(b""), ["not an .npz"]),
    ("truncated", _truncated, ["truncated"]),
    ("text-file", lambda p: p.write_text("W1 = [[1, 2]]\n"), ["not an .npz"]),
    ("png-bytes", lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100), ["not an .npz"]),
    ("empty-zip", lambda p: npz(p, {}), ["config"]),
    ("not-npy-member", lambda p: model_file(p, extra={"readme.txt": b"hello"}), ["readme.txt"]),
    ("extra-array", lambda p: model_file(p, extra={"param:W9.npy": npy(np.ones(2, np.float32))}), ["W9"]),
    ("foreign-array", lambda p: model_file(p, extra={"weights.npy": npy(np.ones(2, np.float32))}), ["weights"]),
    ("missing-array", lambda p: model_file(p, arrs=arrays(**{"param:b2": None})), ["b2"]),
    ("config-not-json", lambda p: model_file(p, raw_config="{layers: [Dense]"), ["not valid JSON"]),
    ("config-is-list", lambda p: model_file(p, raw_config="[1, 2]"), ["list"]),
    ("config-is-number-array", lambda p: npz(p, {"config.npy": npy(np.arange(3))}), ["config"]),
    ("foreign-format", lambda p: model_file(p, meta=config(format="keras")), ["keras"]),
    ("newer-version", lambda p: model_file(p, meta=config(version=2)), ["newer", "upgrade"]),
    ("version-string", lambda p: model_file(p, meta=config(version="1")), ["version", "'1'"]),
    ("version-null", lambda p: model_file(p, meta=config(version=None)), ["version", "None"]),
    ("no-layers", lambda p: model_file(p, meta={k: v for k, v in config().items() if k != "layers"}), ["layers"]),
    ("renamed-layer", lambda p: model_file(p, meta=config(layers=[{"type": "Linear", "in_features": 3,
                                                                     "out_features": 1}])), ["Linear"]),
    ("layer-size-string", lambda p: model_file(p, meta=config(layers=[
        {"type": "Dense", "in_features": "3", "out_features": 1}])), ["in_features", "'3'"]),
    ("layer-unknown-argument", lambda p: model_file(p, meta=config(layers=[
        {"type": "Dense", "in_features": 3, "out_features": 1, "units": 5}])), ["units"]),
    ("layer-is-string", lambda p: model_file(p, meta=config(layers=["Dense"])), ["layer 0", "Dense"]),
    ("sizes-do-not-chain", lambda p: model_file(p, meta=config(layers=[
        {"type": "Dense", "in_features": 3, "out_features": 2}, {"type": "Dense", "in_features": 5,
                                                                 "out_features": 1}]),
        arrs=arrays(**{"param:W2": np.ones((5, 1), np.float32)})), ["cannot be built"]),
    ("dtype-half", lambda p: model_file(p, meta=config(dtype="float16")), ["dtype", "float16"]),
    ("arrays-wrong-dtype", lambda p: model_file(p, arrs=arrays("float64")), ["float64", "float32"]),
    ("transposed-weights", lambda p: model_file(p, arrs=arrays(**{"param:W1": np.ones((2, 3), np.float32)})),
     ["W1", "(2, 3)", "(3, 2)"]),
    ("seed-negative", lambda p: model_file(p, meta=config(seed=-1)), ["seed", "-1"]),
    ("seed-text", lambda p: model_file(p, meta=config(seed="abc")), ["seed", "abc"]),
    ("unknown-top-key", lambda p: model_file(p, meta=config(optimizer_state=[1])), ["optimizer_state"]),
    ("training-not-dict", lambda p: model_file(p, meta=config(training=[1, 2])), ["training"]),
    ("scaler-without-shift", lambda p: model_file(p, meta=config(training={"input_scaler": {
        "kind": "standard", "scale": [1, 1, 1]}})), ["input_scaler", "shift"]),
    ("scaler-wrong-length", lambda p: model_file(p, meta=config(training={"input_scaler": {
        "kind": "standard", "shift": [0, 0], "scale": [1, 1]}})), ["input_scaler", "3"]),
    ("classes-not-list", lambda p: model_file(p, meta=config(training={"loss": "bce", "classes": "ab"})),
     ["classes"]),
    ("classes-wrong-kind", lambda p: model_file(p, meta=config(training={"loss": "bce", "classes": {
        "kind": "complex", "classes": [0, 1]}})), ["classes", "complex"]),
    ("classes-count-vs-outputs", lambda p: model_file(p, meta=config(training={"loss": "cross_entropy", "classes": {
        "kind": "str", "classes": ["a", "b", "c"]}})), ["classes", "3"]),
    ("deep-nesting", lambda p: model_file(p, raw_config='{"training": {"x": ' + "[" * 5000 + "]" * 5000 + "}}"),
     ["nested"]),
    ("pickle-member", lambda p: model_file(p, extra={"param:W1.npy": npy(np.array([{"a": 1}], dtype=object))},
                                           arrs=arrays(**{"param:W1": None})), ["pickle"]),
    ("absurd-layer", lambda p: model_file(p, meta=config(layers=[{"type": "Dense", "in_features": 10**6,
                                                                  "out_features": 10**6}]),
                                          arrs={"param:W1": np.ones((1, 1), np.float32),
                                                "param:b1": np.zeros(1, np.float32)}), ["(1000000, 1000000)"]),
    ("header-lies", _header_lies, ["W1"]),
    ("deflate-bomb", _bomb, ["damaged or hostile"]),
]


@pytest.mark.parametrize("make, words", [pytest.param(m, w, id=i) for i, m, w in BROKEN])
def test_broken_model_file_is_refused_by_load_in_one_line(tmp_path, make, words):
    path = tmp_path / "model.npz"
    make(path)
    before = path.read_bytes()
    refused(lambda: snn.load(path), *words)
    assert path.read_bytes() == before


@pytest.mark.parametrize("make, words", [pytest.param(m, w, id=i) for i, m, w in BROKEN])
def test_broken_model_file_is_refused_by_info_in_one_line(tmp_path, cli_main, make, words):
    make(tmp_path / "model.npz")
    status, out, err = cli_main("info", "model.npz")
    assert status == 2 and err.startswith("scratchnn: error:") and "Traceback" not in err, err
    assert err.count("\n") == 1 and words[0].lower() in err.lower(), err


def test_a_model_saved_with_nan_weights_loads_as_saved_but_says_so(tmp_path):
    """Refusing it would break the save/load round trip (a user inspecting a diverged run); loading
    it silently would hand out NaN predictions without a word."""
    _nan_weights(tmp_path / "m.npz")
    with pytest.warns(RuntimeWarning, match="W1 holds NaN"):
        model = snn.load(tmp_path / "m.npz")
    assert np.isnan(model.params["W1"]).all()


def test_model_written_by_the_first_release_still_loads_and_predicts(tmp_path):
    _old_version(tmp_path / "old.npz")
    model = snn.load(tmp_path / "old.npz")
    # ones (1, 3) @ W1 = ones (3, 2) -> [3, 3], ReLU -> [3, 3], @ W2 = ones (2, 1) -> 6 (biases 0)
    np.testing.assert_array_equal(model.predict(np.ones((1, 3))), [[6.0]])


def test_a_directory_where_the_model_should_be_is_refused(tmp_path):
    (tmp_path / "model.npz").mkdir()
    refused(lambda: snn.load(tmp_path / "model.npz"), "model.npz")


def test_dev_null_is_refused(tmp_path):
    refused(lambda: snn.load("/dev/null"), "/dev/null")


def test_missing_file_is_refused_naming_it(tmp_path):
    with pytest.raises((snn.InputError, FileNotFoundError)) as info:
        snn.load(tmp_path / "nope.npz")
    assert "nope.npz" in str(info.value)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files without read permission")
def test_unreadable_file_is_refused(tmp_path):
    path = _good(tmp_path / "m.npz")
    path.chmod(0)
    refused(lambda: snn.load(path), "m.npz")


@pytest.mark.parametrize("name", ["my model v2.npz", "modèle ünïcode.npz", os.fsdecode(b"bad\xffname.npz"),
                                  "dir with space/m.npz", "-starts-with-dash.npz"])
def test_round_trip_through_odd_but_legal_names(tmp_path, name):
    path = tmp_path / name
    path.parent.mkdir(exist_ok=True)
    model = tiny_model()
    written = model.save(path)
    assert written == path and path.is_file()
    np.testing.assert_array_equal(snn.load(path).flat_params, model.flat_params)


def test_save_without_suffix_and_load_without_suffix_agree(tmp_path):
    model = tiny_model()
    written = model.save(tmp_path / "m")
    assert written.name == "m.npz"
    np.testing.assert_array_equal(snn.load(tmp_path / "m").flat_params, model.flat_params)


def test_bytes_path_loads_like_str(tmp_path):
    model = tiny_model()
    model.save(tmp_path / "m.npz")
    np.testing.assert_array_equal(snn.load(os.fsencode(tmp_path / "m.npz")).flat_params, model.flat_params)


@pytest.mark.parametrize("where", ["a-directory", "missing-dir", "file-as-dir", "none", "int"])
def test_save_to_impossible_places_is_refused_and_nothing_is_created(tmp_path, where):
    (tmp_path / "a-directory").mkdir()
    (tmp_path / "plain.txt").write_text("mine")
    target = {"a-directory": tmp_path / "a-directory", "missing-dir": tmp_path / "no" / "such" / "m.npz",
              "file-as-dir": tmp_path / "plain.txt" / "m.npz", "none": None, "int": 5}[where]
    before = sorted(os.listdir(tmp_path))
    refused(lambda: tiny_model().save(target))
    assert sorted(os.listdir(tmp_path)) == before and (tmp_path / "plain.txt").read_text() == "mine"


def test_save_onto_a_symlink_replaces_the_link_not_the_file_it_points_to(tmp_path):
    precious = tmp_path / "precious.txt"
    precious.write_text("do not touch")
    (tmp_path / "m.npz").symlink_to(precious)
    tiny_model().save(tmp_path / "m.npz")
    assert precious.read_text() == "do not touch"
    assert not (tmp_path / "m.npz").is_symlink() and snn.load(tmp_path / "m.npz")


def test_loading_a_symlink_to_a_model_works(tmp_path):
    model = tiny_model()
    model.save(tmp_path / "real.npz")
    (tmp_path / "link.npz").symlink_to(tmp_path / "real.npz")
    np.testing.assert_array_equal(snn.load(tmp_path / "link.npz").flat_params, model.flat_params)


def _encrypted_member(p):
    """A zip whose W1 member claims to be encrypted (flag bit 0): zipfile wants a password."""
    model_file(p)
    data = bytearray(p.read_bytes())
    with zipfile.ZipFile(p) as z:
        info = z.getinfo("param:W1.npy")
    flags = info.header_offset + 6                       # local header: general purpose flags
    data[flags] |= 1
    central = next(i for i in range(len(data)) if data[i:i + 4] == b"PK\x01\x02"
                   and data[i + 46:i + 46 + len("param:W1.npy")] == b"param:W1.npy")
    data[central + 8] |= 1                               # central directory: the same flag
    p.write_bytes(bytes(data))


def test_an_encrypted_member_is_refused_in_one_line(tmp_path):
    _encrypted_member(tmp_path / "m.npz")
    refused(lambda: snn.load(tmp_path / "m.npz"), "m.npz")


@pytest.mark.parametrize("name", ["../param:W1.npy", "/abs/param:W1.npy", "param:W1.npy/../x.npy"])
def test_members_with_path_tricks_are_refused(tmp_path, name):
    model_file(tmp_path / "m.npz", extra={name: npy(np.ones((3, 2), np.float32))})
    refused(lambda: snn.load(tmp_path / "m.npz"), "m.npz")
    assert sorted(os.listdir(tmp_path)) == ["m.npz"]


@pytest.mark.parametrize("form", ["big-endian", "fortran-order"])
def test_arrays_stored_big_endian_or_fortran_order_load_to_the_same_values(tmp_path, form):
    """What another platform or another NumPy writer may store: the same numbers, so the same model."""
    values = {k: np.arange(v.size, dtype=np.float32).reshape(v.shape) for k, v in arrays().items()}
    stored = {k: (v.astype(">f4") if form == "big-endian" else np.asfortranarray(v)) for k, v in values.items()}
    model_file(tmp_path / "m.npz", arrs=stored)
    model = snn.load(tmp_path / "m.npz")
    for key, value in values.items():
        np.testing.assert_array_equal(model.params[key.split(":")[1]], value)
