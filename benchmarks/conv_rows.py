"""The convolutional rows of ``bench_train.py``: one training step (forward, cross-entropy,
backward, Adam) of two CNNs, float32, against PyTorch CPU and against the step's matrix products
alone (each convolution as im2col's one product forward, two backward -- none for the input of the
first layer -- plus the Dense layer's), in preallocated arrays.

* digits CNN, batch 64 (1x8x8): conv 1->16 3x3 pad 1, ReLU, conv 16->32 3x3 pad 1, ReLU,
  max-pool 2, Dense 512->10 (``examples/cnn_digits.py``);
* 3x32x32, batch 64: conv 3->16 3x3 pad 1, ReLU, max-pool 2, conv 16->32 3x3 pad 1, ReLU,
  max-pool 2, Dense 2048->10.
"""
import numpy as np

import scratchnn as sn

# name, input (C, H, W), [(in, out) of each 3x3 pad-1 conv, each followed by ReLU, "pool" after it?], dense in, target
CNNS = [
    ("digits CNN 1x8x8", (1, 8, 8), [(1, 16, False), (16, 32, True)], 512, 1.0),
    ("CNN 3x32x32", (3, 32, 32), [(3, 16, True), (16, 32, True)], 2048, 0.7),
]
BATCH = 64


def scratchnn_cnn(convs, dense_in):
    layers = []
    for c_in, c_out, pool in convs:
        layers += [sn.Conv2D(c_in, c_out, 3, padding=1), sn.ReLU()] + ([sn.MaxPool2D(2)] if pool else [])
    return sn.Sequential(layers + [sn.Flatten(), sn.Dense(dense_in, 10), sn.Softmax()], seed=0)


def scratchnn_step(convs, dense_in, X, y):
    model = scratchnn_cnn(convs, dense_in)
    loss = sn.losses.get("cross_entropy")
    Xp, yp = model.prepare(X, y, loss)
    optimizer = sn.Adam(1e-3)

    def step():
        model.train_step(Xp, yp, loss)
        optimizer.step(model.flat_params, model.flat_grads)
    return step


def torch_adam_step(torch, net, criterion, X, y):
    """One PyTorch training step of ``net`` on (X, y) with Adam(1e-3): what both tables time."""
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    tX, ty = torch.from_numpy(X), torch.from_numpy(y)

    def step():
        optimizer.zero_grad()
        criterion(net(tX), ty).backward()
        optimizer.step()
    return step


def torch_step(torch, convs, dense_in, X, y):
    nn = torch.nn
    modules = []
    for c_in, c_out, pool in convs:
        modules += [nn.Conv2d(c_in, c_out, 3, padding=1), nn.ReLU()] + ([nn.MaxPool2d(2)] if pool else [])
    net = nn.Sequential(*modules, nn.Flatten(), nn.Linear(dense_in, 10))
    return torch_adam_step(torch, net, nn.CrossEntropyLoss(), X, y)


def matmul_floor(shape, convs, dense_in, n=BATCH, seed=0):
    """The matrix products of the step: per conv, cols (n*H*W, C*9) @ W (C*9, F) forward, then
    dW = d_rows^T cols and (not for the first layer) d_cols = d_rows W^T; the Dense layer's three.
    Each is one large product over the whole batch; scratchnn runs the same multiply-adds, as one
    product per sample (its input gradient, of these "same" convolutions, as nine (C, F) products
    per sample on the image's own grid). Left out: padding, im2col's copies, the bias, ReLU,
    pooling, Flatten, softmax, the loss and Adam."""
    rng = np.random.default_rng(seed)
    _, h, w = shape
    products = []
    for i, (c_in, c_out, pool) in enumerate(convs):
        rows = n * h * w
        cols = rng.standard_normal((rows, c_in * 9), dtype=np.float32)
        W = rng.standard_normal((c_in * 9, c_out), dtype=np.float32)
        d = rng.standard_normal((rows, c_out), dtype=np.float32)
        out, dW, dcols = np.empty((rows, c_out), np.float32), np.empty((c_out, c_in * 9), np.float32), np.empty_like(cols)
        products.append(lambda cols=cols, W=W, out=out: np.matmul(cols, W, out=out))
        products.append(lambda d=d, cols=cols, dW=dW: np.matmul(d.T, cols, out=dW))
        if i:
            products.append(lambda d=d, W=W, dcols=dcols: np.matmul(d, W.T, out=dcols))
        if pool:
            h, w = h // 2, w // 2
    x, W = rng.standard_normal((n, dense_in), dtype=np.float32), rng.standard_normal((dense_in, 10), dtype=np.float32)
    d, out, dW, dx = (rng.standard_normal((n, 10), dtype=np.float32), np.empty((n, 10), np.float32), np.empty_like(W),
                      np.empty_like(x))
    products += [lambda: np.matmul(x, W, out=out), lambda: np.matmul(x.T, d, out=dW), lambda: np.matmul(d, W.T, out=dx)]

    def run():
        for product in products:
            product()
    return run


def conv_table(median_times, repeats, budget, torch=None):
    """Print the rows: scratchnn, PyTorch and floor microseconds per step, the ratios, the target."""
    print(f"\n1b. Convolutional networks, one training step, float32, Adam, batch {BATCH}; median of {repeats}")
    header = f"{'network':<24}{'batch':>6}{'scratchnn us':>14}{'torch us':>13}{'floor us':>10}{'vs torch':>10}" \
             f"{'target':>8}{'vs floor':>10}"
    print(header)
    print("-" * len(header))
    for name, shape, convs, dense_in, target in CNNS:
        rng = np.random.default_rng(0)
        X, y = rng.standard_normal((BATCH, *shape), dtype=np.float32), rng.integers(0, 10, BATCH)
        contenders = {"scratchnn": scratchnn_step(convs, dense_in, X, y), "floor": matmul_floor(shape, convs, dense_in)}
        if torch is not None:
            contenders["torch"] = torch_step(torch, convs, dense_in, X, y)
        t = {k: v * 1e6 for k, v in median_times(contenders, repeats, budget).items()}
        ours = t["scratchnn"]
        theirs = f"{t['torch']:>13.1f}" if torch is not None else f"{'--':>13}"
        ratio = f"{t['torch'] / ours:>9.2f}x" if torch is not None else f"{'--':>10}"
        print(f"{name:<24}{BATCH:>6}{ours:>14.1f}{theirs}{t['floor']:>10.1f}{ratio}{target:>7.1f}x"
              f"{ours / t['floor']:>9.2f}x")
