"""Whole networks against PyTorch autograd and torch.optim, in float64, to 1e-6.

The same weights are copied into a torch network built from ``torch.nn.functional`` pieces.
Layout: scratchnn's Dense holds W as (in, out) and computes x @ W + b; torch's Linear holds its
weight as (out, in) and computes x @ weight.T + bias, so weight = W.T.
"""
import numpy as np
import pytest

import scratchnn as sn

torch = pytest.importorskip("torch")
F = torch.nn.functional
TOL = dict(rtol=1e-6, atol=1e-9)

TORCH_ACTIVATIONS = {"relu": torch.relu, "leaky_relu": lambda z: F.leaky_relu(z, 0.01), "sigmoid": torch.sigmoid,
                     "tanh": torch.tanh, "softmax": lambda z: torch.softmax(z, dim=1), "linear": lambda z: z}


def torch_loss(name, a, y):
    if name == "mse":
        return torch.mean((a - y) ** 2)
    if name == "bce":
        return F.binary_cross_entropy(a, y)
    return F.nll_loss(torch.log(a), y.argmax(dim=1))  # cross-entropy on probabilities, mean over samples


class TorchTwin:
    """The torch mirror of a scratchnn Sequential, sharing its starting weights."""

    def __init__(self, model):
        self.model = model
        self.params = {k: torch.tensor(v.T.copy() if k.startswith("W") else v, requires_grad=True)
                       for k, v in model.params.items()}

    def forward(self, X):
        h, k = torch.tensor(X), 0
        for layer in self.model.layers:
            if isinstance(layer, sn.Dense):
                k += 1
                h = h @ self.params[f"W{k}"].T + self.params[f"b{k}"]
            else:
                h = TORCH_ACTIVATIONS[layer.kind](h)
        return h

    def loss(self, X, y, name):
        return torch_loss(name, self.forward(X), torch.tensor(y))

    def as_numpy(self):
        """Parameters in scratchnn's layout."""
        return {k: (p.detach().numpy().T if k.startswith("W") else p.detach().numpy()) for k, p in self.params.items()}


def make_data(n_in, n_out, loss, seed=0, n=12):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, n_in))
    if loss == "mse":
        y = rng.normal(size=(n, n_out))
    elif loss == "bce":
        y = rng.integers(0, 2, size=(n, n_out)).astype(float)
    else:
        y = np.eye(n_out)[rng.integers(0, n_out, size=n)]
    return X, y


def randomize_biases(model, seed):
    # Default biases are constants (0 or 1): random ones make a wrong bias gradient visible.
    rng = np.random.default_rng(seed)
    for k, p in model.params.items():
        if k.startswith("b"):
            p[...] = rng.normal(0, 0.5, size=p.shape)


NETWORKS = {
    # name: (layers, loss, fused?) -- fused losses go through value_from_logits / gradient_from_logits
    "relu-mse": (lambda: [sn.Dense(4, 5), sn.ReLU(), sn.Dense(5, 3)], "mse"),
    "tanh-sigmoid-bce-fused": (lambda: [sn.Dense(4, 6), sn.Tanh(), sn.Dense(6, 2), sn.Sigmoid()], "bce"),
    "relu-softmax-ce-fused": (lambda: [sn.Dense(4, 5), sn.ReLU(), sn.Dense(5, 4), sn.Tanh(), sn.Dense(4, 3),
                                        sn.Softmax()], "cross_entropy"),
    "leaky-sigmoid-mse": (lambda: [sn.Dense(4, 5), sn.LeakyReLU(), sn.Dense(5, 2), sn.Sigmoid()], "mse"),
    "sigmoid-softmax-mse": (lambda: [sn.Dense(4, 3), sn.Sigmoid(), sn.Dense(3, 3), sn.Softmax()], "mse"),
}


def build(name, seed=0):
    layers, loss = NETWORKS[name]
    model = sn.Sequential(layers(), seed=seed, dtype="float64")
    randomize_biases(model, seed + 100)
    n_out = model.n_outputs
    X, y = make_data(model.n_features, n_out, loss, seed)
    return model, X, y, loss


@pytest.mark.parametrize("name", NETWORKS)
def test_parameter_gradients_match_torch_autograd(name):
    model, X, y, loss = build(name)
    twin = TorchTwin(model)
    value, grads = model.loss_and_grads(X, y, loss)
    expected = twin.loss(X, y, loss)
    expected.backward()
    assert value == pytest.approx(expected.item(), rel=1e-9)
    for k, p in twin.params.items():
        g = p.grad.numpy().T if k.startswith("W") else p.grad.numpy()
        np.testing.assert_allclose(grads[k], g, **TOL, err_msg=k)


@pytest.mark.parametrize("loss_name, last", [("bce", sn.Sigmoid), ("cross_entropy", sn.Softmax)])
def test_unfused_probability_path_matches_torch_too(loss_name, last):
    """With fusion switched off, the loss's probability gradient flows back through Sigmoid/Softmax
    backward; torch agrees, so the fused shortcut and the long way are the same gradient."""
    n_out = 1 if loss_name == "bce" else 3
    model = sn.Sequential([sn.Dense(3, 4), sn.Tanh(), sn.Dense(4, n_out), last()], seed=1, dtype="float64")
    randomize_biases(model, 7)
    X, y = make_data(3, n_out, loss_name, seed=1)
    loss = sn.losses.get(loss_name)
    fused_value, fused = model.loss_and_grads(X, y, loss)
    # The long way: the loss of the probabilities, and its gradient back through every layer.
    Xp, yp = model.prepare(X, y, loss)
    a = model.forward(Xp, training=True)
    value = loss.value(a, yp)
    model.backward(loss.gradient(a, yp))
    grads = model.grads
    twin = TorchTwin(model)
    expected = twin.loss(X, y, loss_name)
    expected.backward()
    assert value == pytest.approx(expected.item(), rel=1e-9)
    assert fused_value == pytest.approx(expected.item(), rel=1e-9)
    for k, p in twin.params.items():
        g = p.grad.numpy().T if k.startswith("W") else p.grad.numpy()
        np.testing.assert_allclose(grads[k], g, **TOL, err_msg=k)
        np.testing.assert_allclose(fused[k], g, **TOL, err_msg=k)


OPTIMIZERS = {
    "sgd": (lambda: sn.SGD(0.1), lambda ps: torch.optim.SGD(ps, lr=0.1)),
    "sgd-momentum": (lambda: sn.SGD(0.05, momentum=0.9), lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9)),
    "sgd-nesterov-wd": (lambda: sn.SGD(0.05, momentum=0.8, nesterov=True, weight_decay=0.01),
                        lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.8, nesterov=True, weight_decay=0.01)),
    "adam": (lambda: sn.Adam(0.01), lambda ps: torch.optim.Adam(ps, lr=0.01)),
    "adam-wd": (lambda: sn.Adam(0.02, betas=(0.8, 0.99), eps=1e-7, weight_decay=0.05),
                lambda ps: torch.optim.Adam(ps, lr=0.02, betas=(0.8, 0.99), eps=1e-7, weight_decay=0.05)),
}


@pytest.mark.parametrize("network", ["relu-mse", "tanh-sigmoid-bce-fused", "relu-softmax-ce-fused"])
@pytest.mark.parametrize("opt", OPTIMIZERS)
def test_twenty_optimizer_steps_match_torch_optim(opt, network):
    make_ours, make_theirs = OPTIMIZERS[opt]
    model, X, y, loss = build(network, seed=3)
    twin = TorchTwin(model)
    theirs = make_theirs(list(twin.params.values()))
    for _ in range(20):
        theirs.zero_grad()
        twin.loss(X, y, loss).backward()
        theirs.step()
    # Full batch, so fit's 20 epochs are exactly 20 steps on the same data.
    history = model.fit(X, y, loss=loss, optimizer=make_ours(), epochs=20, batch_size=None)
    assert history.epochs == 20
    for k, p in twin.as_numpy().items():
        np.testing.assert_allclose(model.params[k], p, **TOL, err_msg=k)
    # And the parameters really moved (a no-op optimizer would not match torch, but say it plainly).
    assert not np.allclose(model.params["W1"], build(network, seed=3)[0].params["W1"])


def test_step_decay_schedule_matches_torch_step_lr():
    model, X, y, loss = build("relu-mse", seed=5)
    twin = TorchTwin(model)
    theirs = torch.optim.SGD(list(twin.params.values()), lr=0.1, momentum=0.5)
    sched = torch.optim.lr_scheduler.StepLR(theirs, step_size=4, gamma=0.5)
    for _ in range(12):
        theirs.zero_grad()
        twin.loss(X, y, loss).backward()
        theirs.step()
        sched.step()
    model.fit(X, y, loss=loss, optimizer=sn.SGD(0.1, momentum=0.5, schedule=sn.StepDecay(4, 0.5)), epochs=12)
    for k, p in twin.as_numpy().items():
        np.testing.assert_allclose(model.params[k], p, **TOL, err_msg=k)


def test_minibatches_in_order_match_torch_step_by_step():
    # 12 samples in batches of 5, 5, 2 without shuffling: 4 epochs are 12 Adam steps, the last
    # batch of each epoch smaller (its loss is a mean over 2 samples, not 5).
    model, X, y, loss = build("tanh-sigmoid-bce-fused", seed=8)
    twin = TorchTwin(model)
    theirs = torch.optim.Adam(list(twin.params.values()), lr=0.03, weight_decay=0.01)
    for _ in range(4):
        for start in range(0, 12, 5):
            theirs.zero_grad()
            twin.loss(X[start:start + 5], y[start:start + 5], loss).backward()
            theirs.step()
    model.fit(X, y, loss=loss, optimizer=sn.Adam(0.03, weight_decay=0.01), epochs=4, batch_size=5, shuffle=False)
    for k, p in twin.as_numpy().items():
        np.testing.assert_allclose(model.params[k], p, **TOL, err_msg=k)
