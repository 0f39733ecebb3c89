"""Faults during saving and training, each in a subprocess: kill -9 in the middle of an overwrite,
a full disk (RLIMIT_FSIZE), Ctrl-C, a loss that turns NaN. Whatever happens, the model file that
was there before is still there and loadable, and nothing half-written takes its name."""
import os
import resource
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

import scratchnn
from scratchnn import Dense, Sequential

from .conftest import ENV, SEQUENCE, run_cli, snapshot

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and resource limits")

def _save_until_killed(path, ready):
    """The forked child: overwrite ``path`` again and again, each save with new weights (1, 2, ...)."""
    model = Sequential([Dense(1000, 500)], seed=0)
    os.write(ready, b"r")
    k = 0
    while True:
        k += 1
        for p in model.params.values():
            p[...] = k
        model.save(path)


def weights_version(path):
    """The value every weight of a model written by the saver (or by the test) holds."""
    model = scratchnn.load(path)
    values = np.unique(np.concatenate([p.ravel() for p in model.params.values()]))
    assert len(values) == 1, "a model mixing two saves"
    return float(values[0])


def test_kill_9_during_overwrites_leaves_a_loadable_model_10_of_10(tmp_path):
    path = tmp_path / "model.npz"
    model = Sequential([Dense(1000, 500)], seed=0)
    for p in model.params.values():
        p[...] = -1.0
    model.save(path)
    rng = np.random.default_rng(0)
    loadable = mid_save = 0
    for trial in range(10):
        ready_r, ready_w = os.pipe()
        pid = os.fork()              # a child of this warm process: no interpreter start per trial
        if pid == 0:
            try:
                _save_until_killed(path, ready_w)
            finally:
                os._exit(1)
        os.read(ready_r, 1)
        os.close(ready_r)
        os.close(ready_w)
        time.sleep(rng.uniform(0.0, 0.1))        # somewhere inside one of the saves (each ~10-40 ms)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        leftovers = [p for p in tmp_path.iterdir() if ".partial" in p.name]   # the kill hit a save
        mid_save += bool(leftovers)
        for p in leftovers:
            p.unlink()
        version = weights_version(path)          # raises if the file is damaged
        loadable += version == -1.0 or version >= 1.0
    assert loadable == 10
    assert mid_save >= 1, "no kill landed inside a save: the trial proves nothing"


LIMITED_SAVE = textwrap.dedent("""
    import resource, sys
    import numpy as np
    import scratchnn
    model = scratchnn.Sequential([scratchnn.Dense(300, 300)], seed=1)
    resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))   # the 'disk' holds 100 kB per file
    try:
        model.save(sys.argv[1])
    except scratchnn.InputError as err:
        print(err)
        sys.exit(3)
""")


def test_a_full_disk_during_save_keeps_the_old_model(tmp_path):
    path = tmp_path / "model.npz"
    old = Sequential([Dense(300, 300)], seed=0)
    old.save(path)
    before = snapshot(tmp_path)
    done = subprocess.run([sys.executable, "-c", LIMITED_SAVE, str(path)], env=ENV, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 3, done.stderr
    assert "file size limit" in done.stdout and "existing file is unchanged" in done.stdout
    assert snapshot(tmp_path) == before          # same bytes, and no temporary file left behind
    assert np.array_equal(scratchnn.load(path).params["W1"], old.params["W1"])


def _limit_file_size(limit):
    return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_fit_force_on_a_full_disk_is_one_error_and_keeps_the_old_model(tmp_path):
    assert run_cli(tmp_path, "fit", "--sequence", SEQUENCE, "--epochs", "5", "--quiet").returncode == 0
    before = snapshot(tmp_path)
    done = subprocess.run([sys.executable, "-m", "scratchnn", "fit", "--sequence", SEQUENCE, "--epochs", "50",
                           "--seed", "3", "--force", "--quiet"], cwd=tmp_path, env=ENV, capture_output=True, text=True,
                          timeout=120, preexec_fn=_limit_file_size(500))
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("scratchnn: error: cannot write model.npz: the file size "
                                                          "limit was reached; the existing file is unchanged")
    assert "Traceback" not in done.stderr
    assert snapshot(tmp_path) == before
    scratchnn.load(tmp_path / "model.npz")


def test_ctrl_c_during_fit_keeps_the_old_model(tmp_path):
    assert run_cli(tmp_path, "fit", "--sequence", SEQUENCE, "--epochs", "5", "--quiet").returncode == 0
    before = snapshot(tmp_path)
    child = subprocess.Popen([sys.executable, "-m", "scratchnn", "fit", "--sequence", SEQUENCE, "--epochs", "10000000",
                              "--force", "--quiet", "--no-doctor"], cwd=tmp_path, env=ENV, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    while "network" not in child.stdout.readline():     # training has started
        pass
    time.sleep(0.2)
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=60)
    assert child.returncode == 130 and "interrupted" in err and "Traceback" not in err
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("existing", [True, False])
def test_a_diverging_fit_exits_1_and_never_replaces_a_model(tmp_path, existing):
    if existing:
        assert run_cli(tmp_path, "fit", "--sequence", SEQUENCE, "--epochs", "5", "--quiet").returncode == 0
    before = snapshot(tmp_path)
    done = run_cli(tmp_path, "fit", "--sequence", SEQUENCE, "--epochs", "200", "--lr", "1e30", "--optimizer", "sgd",
                   "--scale", "none", "--force", "--quiet", "--no-doctor")
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "diverged" in done.stderr and "Traceback" not in done.stderr
    if existing:
        assert snapshot(tmp_path)["model.npz"] == before["model.npz"]
    elif (tmp_path / "model.npz").exists():          # only the last finite weights may be kept
        model = scratchnn.load(tmp_path / "model.npz")
        assert all(np.all(np.isfinite(p)) for p in model.params.values())


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_same_seed_same_weights_across_processes(tmp_path, dtype):
    code = textwrap.dedent(f"""
        import sys
        import numpy as np
        import scratchnn
        X = np.random.default_rng(5).normal(size=(40, 3))
        model = scratchnn.Sequential([scratchnn.Dense(3, 8), scratchnn.ReLU(), scratchnn.Dense(8, 1)], seed=11,
                                     dtype="{dtype}")
        model.fit(X, X @ [1.0, -2.0, 0.5], epochs=20, batch_size=8)
        model.save(sys.argv[1])
    """)
    for name in ("a", "b"):
        subprocess.run([sys.executable, "-c", code, str(tmp_path / name)], env=ENV, check=True, timeout=60)
    a, b = scratchnn.load(tmp_path / "a.npz"), scratchnn.load(tmp_path / "b.npz")
    for key in a.params:
        assert a.params[key].tobytes() == b.params[key].tobytes()


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_a_diverging_fit_keeps_the_last_finite_weights(optimizer):
    from scratchnn import SGD, Adam, ReLU
    X = np.random.default_rng(0).normal(size=(32, 3)) * 100
    y = X.sum(axis=1) ** 3
    model = Sequential([Dense(3, 8), ReLU(), Dense(8, 1)], seed=0)
    opt = SGD(1e30) if optimizer == "sgd" else Adam(1e30)
    history = model.fit(X, y, epochs=50, optimizer=opt, batch_size=8)
    assert history.stopped_reason and history.epochs < 50
    assert all(np.all(np.isfinite(p)) for p in model.params.values())
    assert np.all(np.isfinite(model.predict(X[:4])))


def test_every_saveable_layer_kind_has_a_shape_rule():
    """load checks shapes before building only for kinds it has a rule for: a new layer with
    parameters or state must add one to scratchnn.model_schema.ARRAYS."""
    from scratchnn.model_schema import ARRAYS
    from scratchnn.serialization import _LAYER_TYPES
    needed = {"Dense": (3, 2), "Conv2D": (2, 3, (3, 2)), "MaxPool2D": (2,), "AvgPool2D": (2,), "BatchNorm1D": (3,),
              "BatchNorm2D": (3,)}  # constructor arguments of the kinds that require some
    for name, cls in _LAYER_TYPES.items():
        layer = cls(*needed.get(name, ()))
        if layer.params or getattr(layer, "state", {}):
            assert name in ARRAYS, name
            rule = ARRAYS[name](layer.config(), None)
            for kind in ("params", "state"):
                assert rule[kind] == {k: v.shape for k, v in getattr(layer, kind).items()}, name


def test_ctrl_c_inside_library_fit_leaves_a_usable_model(tmp_path):
    from scratchnn import Callback, ReLU

    class CtrlC(Callback):
        def on_epoch_end(self, model, epoch, logs):
            if epoch == 2:
                raise KeyboardInterrupt
    X = np.random.default_rng(0).normal(size=(16, 3))
    model = Sequential([Dense(3, 4), ReLU(), Dense(4, 1)], seed=0)
    with pytest.raises(KeyboardInterrupt):
        model.fit(X, X.sum(axis=1), epochs=10, callbacks=[CtrlC()])
    assert np.all(np.isfinite(model.predict(X)))
    back = scratchnn.load(model.save(tmp_path / "m.npz"))
    assert np.array_equal(back.predict(X), model.predict(X))
    model.fit(X, X.sum(axis=1), epochs=2)            # and it trains on


@pytest.mark.parametrize("batch_size", [None, 4])
def test_same_seed_same_run_other_seed_other_run(batch_size):
    from scratchnn import ReLU
    X = np.random.default_rng(0).normal(size=(16, 3))

    def run(seed):
        model = Sequential([Dense(3, 4), ReLU(), Dense(4, 1)], seed=seed)
        model.fit(X, X.sum(axis=1), epochs=5, batch_size=batch_size)
        return model.flat_params.copy()
    assert run(1).tobytes() == run(1).tobytes()
    assert run(1).tobytes() != run(2).tobytes()
