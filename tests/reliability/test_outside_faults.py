"""Outside battery, faults: signals during training and saving, two processes racing for one
output, a file size limit (the disk-full stand-in: ``ulimit -f``), output to a full device or a
closed pipe. Each runs the real command in a subprocess and asserts that what the user had is
still there and loadable, and that the process said so in words (no traceback)."""
import os
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

import scratchnn as snn
from .conftest import ENV, SEQUENCE, run_cli, tiny_model

LONG_FIT = [sys.executable, "-m", "scratchnn", "fit", "--sequence", SEQUENCE, "--epochs", "10000000", "--no-doctor",
            "--quiet", "--force"]


def start_and_wait_for_training(cwd, args=LONG_FIT):
    """Start ``scratchnn fit`` and return once it has printed its first line (training is under way)."""
    proc = subprocess.Popen(args, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc.stdout.readline()
    time.sleep(0.3)
    return proc


def leftovers(directory):
    return [p.name for p in directory.iterdir() if ".partial" in p.name or "probe" in p.name]


@pytest.mark.parametrize("sig, status", [(signal.SIGINT, 130), (signal.SIGTERM, None), (signal.SIGKILL, -9)])
def test_signal_during_cli_training_keeps_the_old_model(tmp_path, sig, status):
    old = tiny_model(seed=5).save(tmp_path / "model.npz").read_bytes()
    proc = start_and_wait_for_training(tmp_path)
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    if status is not None:
        assert proc.returncode == status, (proc.returncode, err)
    else:
        assert proc.returncode != 0, err
    assert "Traceback" not in err, err
    assert (tmp_path / "model.npz").read_bytes() == old, "the model the user had was replaced or damaged"
    assert leftovers(tmp_path) == []


def test_sigint_message_is_one_line(tmp_path):
    proc = start_and_wait_for_training(tmp_path)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert err.strip() == "scratchnn: interrupted", err


SAVE_LOOP = textwrap.dedent("""
    import sys, numpy as np, scratchnn as snn
    model = snn.Sequential([snn.Dense(64, 256), snn.ReLU(), snn.Dense(256, 64)], seed=int(sys.argv[2]))
    print("ready", flush=True)
    while True:
        model.save(sys.argv[1])
""")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_signal_during_repeated_saves_leaves_a_loadable_model(tmp_path, sig):
    path = tmp_path / "m.npz"
    tiny_model().save(path)
    proc = subprocess.Popen([sys.executable, "-c", SAVE_LOOP, str(path), "1"], cwd=tmp_path, env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc.stdout.readline()
    time.sleep(0.4)
    proc.send_signal(sig)
    proc.communicate(timeout=60)
    model = snn.load(path)
    assert model.flat_params.size in (tiny_model().flat_params.size, 64 * 256 + 256 + 256 * 64 + 64)


def test_two_processes_saving_to_one_path_leave_one_whole_model(tmp_path):
    path = tmp_path / "m.npz"
    procs = [subprocess.Popen([sys.executable, "-c", SAVE_LOOP, str(path), str(seed)], cwd=tmp_path, env=ENV,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for seed in (1, 2)]
    for proc in procs:
        proc.stdout.readline()
    time.sleep(0.5)
    for proc in procs:
        proc.kill()
        proc.communicate(timeout=60)
    loaded = snn.load(path)
    candidates = [snn.Sequential([snn.Dense(64, 256), snn.ReLU(), snn.Dense(256, 64)], seed=s).flat_params
                  for s in (1, 2)]
    assert any(np.array_equal(loaded.flat_params, c) for c in candidates)


def test_two_cli_fits_racing_for_one_new_output_never_overwrite_each_other(tmp_path):
    args = [sys.executable, "-m", "scratchnn", "fit", "--sequence", SEQUENCE, "--epochs", "300", "--no-doctor",
            "--quiet", "--out", "m.npz"]
    procs = [subprocess.Popen(args + ["--seed", str(s)], cwd=tmp_path, env=ENV, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for s in (1, 2)]
    results = [(p.wait(timeout=120), p.communicate()[1]) for p in procs]
    codes = sorted(code for code, _ in results)
    assert all("Traceback" not in err for _, err in results), results
    assert snn.load(tmp_path / "m.npz")
    assert codes == [0, 2], results
    loser = next(err for code, err in results if code == 2)
    assert "--force" in loser, loser
    if "appeared while" in loser:   # both were training at once: the second refused at write time, kept aside
        assert "m.npz.new" in loser and snn.load(tmp_path / "m.npz.new"), loser


def _limited(args, cwd, kib):
    """Run ``scratchnn ARGS`` with a file size limit of ``kib`` KiB (what a full disk looks like to a writer)."""
    command = f"ulimit -f {kib} && exec {sys.executable} -m scratchnn " + " ".join(f"'{a}'" for a in args)
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=ENV, capture_output=True, text=True, timeout=120)


def test_file_size_limit_during_fit_force_keeps_the_old_model(tmp_path):
    old = tiny_model().save(tmp_path / "model.npz").read_bytes()
    result = _limited(["fit", "--sequence", SEQUENCE, "--layers", "3,512,512,1", "--epochs", "2", "--no-doctor",
                       "--quiet", "--force"], tmp_path, 64)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "file size limit" in result.stderr, result.stderr
    assert (tmp_path / "model.npz").read_bytes() == old
    assert leftovers(tmp_path) == []


def test_file_size_limit_during_predict_out_keeps_the_old_predictions(tmp_path):
    tiny_model().save(tmp_path / "model.npz")
    (tmp_path / "inputs.csv").write_text("".join(f"{i},{i + 1},{i + 2}\n" for i in range(20000)))
    (tmp_path / "preds.csv").write_text("yesterday's predictions\n")
    result = _limited(["predict", "model.npz", "--data", "inputs.csv", "--out", "preds.csv", "--force"], tmp_path, 16)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert (tmp_path / "preds.csv").read_text() == "yesterday's predictions\n"
    assert leftovers(tmp_path) == []


def test_output_to_a_full_device_is_an_error_without_traceback(tmp_path):
    tiny_model().save(tmp_path / "model.npz")
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "scratchnn", "info", "model.npz"], cwd=tmp_path, env=ENV,
                                stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
    assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr


def test_output_into_a_closed_pipe_is_quiet(tmp_path):
    tiny_model().save(tmp_path / "model.npz")
    (tmp_path / "inputs.csv").write_text("".join(f"{i},{i + 1},{i + 2}\n" for i in range(20000)))
    result = subprocess.run(f"{sys.executable} -m scratchnn predict model.npz --data inputs.csv | head -1",
                            shell=True, cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=60)
    assert "Traceback" not in result.stderr and "Error" not in result.stderr, result.stderr


def test_same_seed_in_two_processes_gives_byte_identical_models(tmp_path):
    procs = [subprocess.Popen([sys.executable, "-m", "scratchnn", "fit", "--sequence", SEQUENCE, "--epochs", "20",
                               "--no-doctor", "--quiet", "--out", name], cwd=tmp_path, env=ENV,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
             for name in ("a.npz", "b.npz")]
    for proc in procs:
        assert proc.wait(timeout=120) == 0, proc.stderr.read()
    np.testing.assert_array_equal(snn.load(tmp_path / "a.npz").flat_params, snn.load(tmp_path / "b.npz").flat_params)


def test_a_diverging_cli_run_does_not_replace_a_good_model(tmp_path):
    old = tiny_model().save(tmp_path / "model.npz").read_bytes()
    result = run_cli(tmp_path, "fit", "--sequence", "1e30,2e30,3e30,4e30,5e30,6e30,7e30", "--scale", "none",
                     "--optimizer", "sgd", "--lr", "10", "--epochs", "50", "--no-doctor", "--quiet", "--force")
    assert result.returncode == 1 and "diverged" in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert (tmp_path / "model.npz").read_bytes() == old


def test_doctor_on_a_script_killed_by_sigterm_still_reports(tmp_path):
    (tmp_path / "train.py").write_text(textwrap.dedent("""
        import os, signal, scratchnn
        for epoch in range(5):
            scratchnn.observe(epoch=epoch, loss=1.0 / (epoch + 1), lr=0.1)
        os.kill(os.getpid(), signal.SIGTERM)
    """))
    result = run_cli(tmp_path, "doctor", "train.py")
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode != 0
