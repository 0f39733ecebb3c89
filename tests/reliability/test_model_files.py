"""Hostile model files: each is refused by ``scratchnn.load`` with one InputError line naming what
is wrong (and by ``scratchnn info`` as one error line), before anything large is allocated; the
file itself is never modified."""
import io
import json
import zipfile

import numpy as np
import pytest

import scratchnn
from scratchnn import InputError

from .conftest import assert_one_line_error, tiny_model


def npy(array):
    buf = io.BytesIO()
    np.save(buf, array, allow_pickle=True)
    return buf.getvalue()


def npy_header_only(shape, descr="<f4", body=b""):
    buf = io.BytesIO()
    np.lib.format.write_array_header_1_0(buf, {"descr": descr, "fortran_order": False, "shape": shape})
    return buf.getvalue() + body


def write_members(path, members, compression=zipfile.ZIP_STORED):
    with zipfile.ZipFile(path, "w", compression) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    """The members of a valid model file: {"config": meta dict, "param:W1": array, ...}."""
    path = tiny_model().save(tmp_path_factory.mktemp("good") / "m.npz")
    with np.load(path, allow_pickle=False) as f:
        parts = {k: f[k] for k in f.files}
    parts["config"] = json.loads(str(parts["config"]))
    return parts


def build(path, parts):
    members = {f"{k}.npy": npy(np.array(json.dumps(v)) if k == "config" else v) for k, v in parts.items()}
    return write_members(path, members)


def edit(good, **changes):
    """A copy of the good file's parts with config keys changed (None value = key removed)."""
    parts = {k: (json.loads(json.dumps(v)) if k == "config" else v) for k, v in good.items()}
    for key, value in changes.items():
        if value is DROP:
            parts["config"].pop(key, None)
        else:
            parts["config"][key] = value
    return parts


DROP = object()


def layer_edit(index, **changes):
    def apply(parts):
        layer = parts["config"]["layers"][index]
        for key, value in changes.items():
            if value is DROP:
                layer.pop(key, None)
            else:
                layer[key] = value
        return parts
    return apply


CONFIG_CASES = {
    "version as text": (dict(version="2"), "'version'"),
    "version null": (dict(version=None), "'version'"),
    "version true": (dict(version=True), "'version'"),
    "version 0": (dict(version=0), "'version'"),
    "version from the future": (dict(version=99), "newer scratchnn"),
    "no version": (dict(version=DROP), "'version'"),
    "no format": (dict(format=DROP), "not a scratchnn model"),
    "foreign format": (dict(format="keras"), "not a scratchnn model"),
    "no layers": (dict(layers=DROP), "'layers'"),
    "layers empty": (dict(layers=[]), "'layers'"),
    "layers a string": (dict(layers="Dense"), "'layers'"),
    "layers an object": (dict(layers={"type": "Dense"}), "'layers'"),
    "dtype float16": (dict(dtype="float16"), "'dtype'"),
    "dtype object": (dict(dtype="object"), "'dtype'"),
    "dtype a number": (dict(dtype=5), "'dtype'"),
    "seed text": (dict(seed="abc"), "'seed'"),
    "seed negative": (dict(seed=-1), "'seed'"),
    "seed fractional": (dict(seed=2.5), "'seed'"),
    "seed a list": (dict(seed=[1]), "'seed'"),
    "unknown top-level key": (dict(evil=1), "unknown key"),
    "training a list": (dict(training=[1, 2]), "'training'"),
    "training a string": (dict(training="adam"), "'training'"),
    "feature names not a list": (dict(training={"feature_names": "a,b,c"}), "feature_names"),
    "feature names numbers": (dict(training={"feature_names": [1, 2, 3]}), "feature_names"),
    "target name a number": (dict(training={"target_name": 5}), "target_name"),
    "scaler without shift": (dict(training={"input_scaler": {"kind": "standard", "scale": [1, 1, 1]}}), "shift"),
    "scaler of unknown kind": (dict(training={"input_scaler": {"kind": "robust"}}), "robust"),
    "scaler with zero scale": (dict(training={"input_scaler": {"kind": "standard", "shift": [0, 0, 0],
                                                               "scale": [1, 0, 1]}}), "scale"),
    "scaler lengths differ": (dict(training={"input_scaler": {"kind": "standard", "shift": [0, 0],
                                                              "scale": [1, 1, 1]}}), "same length"),
    "scaler not a dict": (dict(training={"input_scaler": "standard"}), "scaler"),
}

LAYER_CASES = {
    "layer not an object": (lambda p: {**p, "config": {**p["config"], "layers": ["Dense"]}}, "layer 0"),
    "layer of unknown type": (layer_edit(0, type="Conv9D"), "unknown type 'Conv9D'"),
    "layer without type": (layer_edit(0, type=DROP), "unknown type None"),
    "unknown keyword": (layer_edit(0, evil=1), "unknown argument 'evil'"),
    "keyword on an activation": (layer_edit(1, alpha=0.1), "unknown argument 'alpha'"),
    "in_features as text": (layer_edit(0, in_features="3"), "in_features"),
    "in_features zero": (layer_edit(0, in_features=0), "in_features"),
    "in_features negative": (layer_edit(0, in_features=-3), "in_features"),
    "in_features fractional": (layer_edit(0, in_features=2.5), "in_features"),
    "in_features a flag": (layer_edit(0, in_features=True), "in_features"),
    "out_features missing": (layer_edit(0, out_features=DROP), "out_features"),
    "bias as text": (layer_edit(0, bias="yes"), "'bias'"),
    "argument a list": (layer_edit(0, bias_init=[1, 2]), "'bias_init'"),
    "argument nested object": (layer_edit(0, init={"name": {"deep": 1}}), "'init'"),
    "a 10^6 x 10^6 layer": (layer_edit(0, in_features=10**6, out_features=10**6), "W1 has shape (3, 4)"),
    "a 6000 x 6000 layer": (layer_edit(0, in_features=6000, out_features=6000), "W1 has shape (3, 4)"),
    "sizes that do not chain": (layer_edit(2, in_features=5), "W2"),
}


@pytest.mark.parametrize("changes,phrase", CONFIG_CASES.values(), ids=CONFIG_CASES.keys())
def test_malformed_config_is_one_clear_error(tmp_path, good, changes, phrase):
    path = build(tmp_path / "m.npz", edit(good, **changes))
    before = path.read_bytes()
    with pytest.raises(InputError) as info:
        scratchnn.load(path)
    assert phrase in str(info.value) and "\n" not in str(info.value)
    assert path.read_bytes() == before


@pytest.mark.parametrize("change,phrase", LAYER_CASES.values(), ids=LAYER_CASES.keys())
def test_malformed_layer_is_one_clear_error(tmp_path, good, change, phrase):
    path = build(tmp_path / "m.npz", change(edit(good)))
    with pytest.raises(InputError) as info:
        scratchnn.load(path)
    assert phrase in str(info.value) and "\n" not in str(info.value)


def _arrays(good, **replace):
    parts = edit(good)
    for name, value in replace.items():
        key = name.replace("_", ":", 1)
        if value is DROP:
            del parts[key]
        else:
            parts[key] = value
    return parts


ARRAY_CASES = {
    "missing parameter": (dict(param_b2=DROP), "missing param:b2"),
    "extra parameter": (dict(param_W9=np.zeros((2, 2), np.float32)), "unexpected param:W9"),
    "extra state": (dict(**{"state_0:running_mean": np.zeros(3, np.float32)}), "unexpected state:0:running_mean"),
    "wrong shape": (dict(param_W1=np.zeros((3, 5), np.float32)), "parameter W1 has shape (3, 5)"),
    "transposed": (dict(param_W1=np.zeros((4, 3), np.float32)), "parameter W1 has shape (4, 3)"),
    "wrong dtype": (dict(param_W1=np.zeros((3, 4), np.float64)), "dtype float64"),
    "integer weights": (dict(param_b1=np.zeros(4, np.int32)), "dtype int32"),
    "complex weights": (dict(param_b1=np.zeros(4, np.complex64)), "dtype complex64"),
    "pickled object": (dict(param_b1=np.array([{"x": 1}], dtype=object)), "pickled"),
}


@pytest.mark.parametrize("replace,phrase", ARRAY_CASES.values(), ids=ARRAY_CASES.keys())
def test_arrays_that_do_not_fit_the_architecture(tmp_path, good, replace, phrase):
    path = build(tmp_path / "m.npz", _arrays(good, **replace))
    with pytest.raises(InputError) as info:
        scratchnn.load(path)
    assert phrase in str(info.value), str(info.value)


def _config_member(good):
    return npy(np.array(json.dumps(good["config"])))


def _params(good):
    return {f"{k}.npy": npy(v) for k, v in good.items() if k != "config"}


RAW_CASES = {
    "empty file": (lambda g: b"", "not an .npz (zip) archive"),
    "a text file": (lambda g: b"W1 = 0.3, 0.5\n", "not an .npz (zip) archive"),
    "a pickle": (lambda g: b"\x80\x04\x95" + b"\0" * 40, "not an .npz (zip) archive"),
    "a bare .npy": (lambda g: npy(np.zeros(3)), "not an .npz (zip) archive"),
    "no config": (lambda g: _zip(_params(g)), "no 'config' entry"),
    "config not JSON": (lambda g: _zip({"config.npy": npy(np.array("{not json")), **_params(g)}), "not valid JSON"),
    "config a number array": (lambda g: _zip({"config.npy": npy(np.arange(3)), **_params(g)}), "'config' entry"),
    "config two strings": (lambda g: _zip({"config.npy": npy(np.array(["{}", "{}"])), **_params(g)}), "'config' entry"),
    "config JSON list": (lambda g: _zip({"config.npy": npy(np.array("[1, 2]")), **_params(g)}), "not a scratchnn model"),
    "config nested 100000 deep": (lambda g: _zip({"config.npy": npy(np.array("[" * 100000 + "]" * 100000)),
                                                  **_params(g)}), "nested 100000 levels"),
    "config nested in training": (lambda g: _zip({"config.npy": npy(np.array(
        json.dumps(g["config"])[:-1] + ', "x": ' + "[" * 50 + "]" * 50 + "}")), **_params(g)}), "nested"),
    "config pickled": (lambda g: _zip({"config.npy": npy(np.array([json.dumps(g["config"])], dtype=object)),
                                       **_params(g)}), "pickled"),
    "a member that is not .npy": (lambda g: _zip({"config.npy": _config_member(g), "run.sh": b"rm -rf ~"}),
                                  "not an array"),
    "an unknown array": (lambda g: _zip({"config.npy": _config_member(g), "weights.npy": npy(np.zeros(3)),
                                         **_params(g)}), "unexpected array 'weights'"),
    "header claims 10^12 elements": (lambda g: _zip({"config.npy": _config_member(g), **_params(g),
                                                     "param:W1.npy": npy_header_only((10**6, 10**6), body=b"\0" * 48)}),
                                     "declares shape (1000000, 1000000)"),
    "header claims 16384 x 16384, deflated": (lambda g: _zip({"config.npy": _config_member(g), **_params(g),
                                                              "param:W1.npy": npy_header_only((16384, 16384)) + b"\0" * 10**6},
                                                             zipfile.ZIP_DEFLATED), "declares shape (16384, 16384)"),
    "header garbage": (lambda g: _zip({"config.npy": _config_member(g), **_params(g),
                                       "param:W1.npy": b"\x93NUMPY\x01\x00\x10\x00{'descr': 'evil'}\n"}), "not a valid .npy"),
    "not npy magic": (lambda g: _zip({"config.npy": _config_member(g), **_params(g), "param:W1.npy": b"hello world"}),
                      "not a valid .npy"),
}


def _zip(members, compression=zipfile.ZIP_STORED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("make,phrase", RAW_CASES.values(), ids=RAW_CASES.keys())
def test_foreign_or_forged_bytes(tmp_path, good, make, phrase):
    path = tmp_path / "m.npz"
    path.write_bytes(make(good))
    with pytest.raises(InputError) as info:
        scratchnn.load(path)
    assert phrase in str(info.value), str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("fraction", [0.1, 0.3, 0.5, 0.7, 0.9, 0.99])
def test_truncated_file(tmp_path, good, fraction):
    data = build(tmp_path / "full.npz", edit(good)).read_bytes()
    path = tmp_path / "m.npz"
    path.write_bytes(data[:int(len(data) * fraction)])
    with pytest.raises(InputError, match="not an .npz|not a readable|damaged"):
        scratchnn.load(path)


def test_bytes_flipped_inside_an_array_are_caught_by_the_zip_checksum(tmp_path, good):
    data = bytearray(build(tmp_path / "full.npz", edit(good)).read_bytes())
    start = data.index(b"param:W1.npy") + len("param:W1.npy") + 128 + 5   # past the .npy header, inside W1
    data[start] ^= 0xFF
    path = tmp_path / "m.npz"
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match="not a readable|damaged"):
        scratchnn.load(path)


def test_a_directory_or_nothing(tmp_path):
    with pytest.raises(InputError, match="is a directory, not a model file"):
        scratchnn.load(tmp_path)
    with pytest.raises(FileNotFoundError, match="no model file"):
        scratchnn.load(tmp_path / "absent.npz")


@pytest.mark.parametrize("case", ["version as text", "seed text", "training a list", "scaler without shift",
                                  "no layers"])
def test_info_says_one_line_not_a_traceback(tmp_path, good, cli_main, case):
    build(tmp_path / "m.npz", edit(good, **CONFIG_CASES[case][0]))
    status, out, err = cli_main("info", "m.npz")
    assert_one_line_error(status, err, CONFIG_CASES[case][1])


def test_save_and_load_agree_on_the_name(tmp_path):
    model = tiny_model()
    written = model.save(tmp_path / "m")
    assert written.name == "m.npz"
    back = scratchnn.load(tmp_path / "m")
    assert all(np.array_equal(back.params[k], v) for k, v in model.params.items())


MEASURE = """
import io, json, resource, sys, tracemalloc, zipfile
import numpy as np
import scratchnn
meta = {"format": "scratchnn-model", "version": 1, "dtype": "float32", "seed": 0,
        "layers": [{"type": "Dense", "in_features": 10**6, "out_features": 10**6}]}
def member(array=None, shape=None):
    buf = io.BytesIO()
    if array is not None:
        np.save(buf, array)
    else:
        np.lib.format.write_array_header_1_0(buf, {"descr": "<f4", "fortran_order": False, "shape": shape})
    return buf.getvalue()
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("config.npy", member(np.array(json.dumps(meta))))
    z.writestr("param:W1.npy", member(shape=(10**6, 10**6)))
    z.writestr("param:b1.npy", member(shape=(10**6,)))
rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
tracemalloc.start()
try:
    scratchnn.load(sys.argv[1])
except scratchnn.InputError as err:
    message = str(err)
peak = tracemalloc.get_traced_memory()[1]
rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"size": __import__("os").path.getsize(sys.argv[1]), "peak": peak,
                  "rss_kb": rss_after - rss_before, "message": message}))
"""


def test_a_1kb_file_claiming_a_10e6_by_10e6_layer_costs_under_10_mb(tmp_path):
    import subprocess
    import sys

    from .conftest import ENV
    done = subprocess.run([sys.executable, "-c", MEASURE, str(tmp_path / "huge.npz")], env=ENV, capture_output=True,
                          text=True, timeout=60, check=True)
    result = json.loads(done.stdout)
    assert result["size"] < 1024
    assert "W1" in result["message"] and "(1000000, 1000000)" in result["message"]
    assert result["peak"] < 10 * 2**20 and result["rss_kb"] < 10 * 1024, result
