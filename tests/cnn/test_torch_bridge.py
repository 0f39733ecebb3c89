"""The door to PyTorch: ``model.to_torch()`` computes what the model computes (float64, to 1e-6,
every layer type, batch-norm running statistics included), ``from_torch`` is its inverse, any
other torch layer is refused by name, and the DDP example continues training on two processes."""
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import scratchnn as sn

torch = pytest.importorskip("torch")
nn = torch.nn
ROOT = Path(__file__).resolve().parents[2]


def every_layer_type(head):
    """A network using each scratchnn layer type once or more, ending in ``head``."""
    return sn.Sequential([sn.Conv2D(2, 4, 3, stride=1, padding=1), sn.BatchNorm2D(4), sn.ReLU(), sn.MaxPool2D(2),
                          sn.Conv2D(4, 5, (3, 2), stride=(2, 1), padding=(1, 0)), sn.LeakyReLU(0.1),
                          sn.AvgPool2D(2, stride=1), sn.Flatten(), sn.Dropout(0.3), sn.Dense(5, 7), sn.BatchNorm1D(7),
                          sn.Tanh(), sn.Dense(7, 6), sn.Identity(), sn.Sigmoid(), sn.Dense(6, 3), head],
                         seed=0, dtype="float64")


def images(n=12, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(1, 2, size=(n, 2, 8, 6)), rng.integers(0, 3, n)


@pytest.mark.parametrize("head", [sn.Softmax, sn.Sigmoid])
def test_to_torch_gives_the_same_outputs_for_every_layer_type_after_training(head):
    model = every_layer_type(head())
    X, y = images()
    model.fit(X, y if head is sn.Softmax else np.eye(3)[y], loss="cross_entropy" if head is sn.Softmax else "bce",
              epochs=3, batch_size=4)
    module = model.to_torch()
    assert [type(m).__name__ for m in module] == [
        "Conv2d", "BatchNorm2d", "ReLU", "MaxPool2d", "Conv2d", "LeakyReLU", "AvgPool2d", "Flatten", "Dropout",
        "Linear", "BatchNorm1d", "Tanh", "Linear", "Identity", "Sigmoid", "Linear", head.__name__]
    assert not module.training and module[0].weight.dtype == torch.float64
    np.testing.assert_allclose(module[1].running_var.numpy(), model.state["running_var2"], rtol=0, atol=0)
    X_new = images(seed=1)[0]
    with torch.no_grad():
        np.testing.assert_allclose(module(torch.from_numpy(X_new)).numpy(), model.forward(X_new), rtol=1e-6, atol=1e-12)
    module[0].weight.data += 1  # copies: changing torch's weights leaves the model alone
    assert not np.any(model.params["W1"] == module[0].weight.detach().numpy())


def test_to_torch_training_mode_batchnorm_matches_a_scratchnn_training_step():
    model = every_layer_type(sn.Softmax())
    model.layers[8].p = 0.0  # no dropout: torch's masks are its own
    X, y = images()
    module = model.to_torch().train()
    module[8].p = 0.0
    out = module(torch.from_numpy(X))
    np.testing.assert_allclose(out.detach().numpy(), model.forward(X, training=True), rtol=1e-6, atol=1e-12)
    np.testing.assert_allclose(module[10].running_mean.numpy(), model.state["running_mean5"], rtol=1e-6, atol=1e-12)


def test_from_torch_builds_the_same_network_and_back():
    torch.manual_seed(0)
    module = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(),
                           nn.Sequential(nn.MaxPool2d(2), nn.Flatten()), nn.Linear(64, 5), nn.Tanh(),
                           nn.Linear(5, 2), nn.Softmax(dim=1)).double()
    module.train()
    module(torch.randn(16, 3, 8, 8, dtype=torch.float64) * 3 + 1)  # moves the running statistics
    module.eval()
    model = sn.from_torch(module)
    assert model.dtype == np.float64 and len(model.layers) == 9
    X = np.random.default_rng(0).normal(size=(5, 3, 8, 8))
    with torch.no_grad():
        np.testing.assert_allclose(model.predict(X), module(torch.from_numpy(X)).numpy(), rtol=1e-6, atol=1e-12)
    again = model.to_torch()
    for (name, a), b in zip(module.state_dict().items(), again.state_dict().values()):
        if a.dtype.is_floating_point:
            assert torch.equal(a, b), name


@pytest.mark.parametrize("layer, named", [
    (nn.GRU(4, 4), "GRU"), (nn.Conv2d(1, 2, 3, dilation=2), "dilation"), (nn.MaxPool2d(2, padding=1), "padding"),
    (nn.BatchNorm1d(3, affine=False), "affine"), (nn.Softmax(dim=0), "dim=1"), (nn.Flatten(0), "axes")])
def test_from_torch_refuses_other_layers_by_name(layer, named):
    with pytest.raises(sn.InputError, match=f"module 1 .*{named}"):
        sn.from_torch(nn.Sequential(nn.Identity(), layer))


def test_distributed_data_parallel_example_keeps_both_ranks_identical():
    pytest.importorskip("torch.distributed")
    if not torch.distributed.is_available() or not torch.distributed.is_gloo_available():
        pytest.skip("this torch has no gloo backend")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    run = subprocess.run([sys.executable, str(ROOT / "examples" / "torch_ddp.py"), "--steps", "3"], env=env,
                         capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "identical weights on both ranks: yes" in run.stdout
    assert "the same as 3 full-batch steps in one process: yes" in run.stdout
