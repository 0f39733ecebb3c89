"""Training speed: scratchnn against PyTorch on the CPU and against the matmul floor.

    OPENBLAS_NUM_THREADS=1 PYTHONPATH=src python benchmarks/bench_train.py [--quick]

Times are CPU seconds of this process (``time.process_time``), so that other processes on a
shared machine do not count; each is the median of several repeats, with the contenders
alternated within every repeat. Compare the ratios more than the absolute numbers.

1. One training step (forward, loss, backward, Adam update), float32, on the seed-sized networks
   and two larger ones. ``vs torch`` = torch time / scratchnn time (above 1: scratchnn is faster),
   ``vs jax`` the same for ``jax.jit`` of the same step (forward, loss, ``jax.grad``, Adam) on the
   CPU; ``vs floor`` = scratchnn time / the time of the step's matrix products alone (x W forward,
   x^T delta and delta W^T backward, no input gradient below the first layer), run in NumPy with
   preallocated outputs -- what no NumPy implementation can go below. ``--baseline DIR`` adds
   another scratchnn source tree as a contender (e.g. main's: ``git archive main src | tar -x -C
   /tmp/main``, then ``--baseline /tmp/main/src``), timed in the same repeats.
2. The training loop's own cost: ``fit()`` against a bare loop of the same steps on ready-made
   batches (shuffling, batching, metrics, records, callbacks); where ``fit`` shuffles (minibatches),
   also against a bare loop that shuffles as it does (a permutation per epoch, each batch gathered
   from it: the same batches), which leaves ``fit``'s cost beyond the steps themselves; against
   ``fit()`` without its divergence protection (scratchnn.rewind's checkpoints and loss records),
   and ``fit(doctor=True)``. Times are medians; each percentage is the median of the two runs'
   ratio within each repeat (a ratio of two medians mixes two repeats' luck on a shared machine).
3. End to end on scikit-learn's digits (64-128-10, Adam): time to 97% test accuracy against
   scikit-learn's ``MLPClassifier`` with the same architecture, optimizer and batch size: each
   trains until the test accuracy first reaches the goal (checked after every epoch, not timed);
   scikit-learn's time is that of one ``fit`` over the epochs it needed.
4. Memory (tracemalloc): allocations per step once warm, and a training run's peak against what
   it has to hold.

Threads: the BLAS thread count is read from ``OPENBLAS_NUM_THREADS`` (set to 1 here when unset,
before NumPy loads -- OpenBLAS reads it only once), ``OMP_NUM_THREADS``/``MKL_NUM_THREADS`` get
the same value, PyTorch is given it with ``torch.set_num_threads`` and XLA (JAX) runs its CPU
work on the calling thread. PyTorch, JAX and scikit-learn are optional: a column or section
without them says so and the rest still runs.
"""
import argparse
import math
import os
import statistics
import sys
import time
import tracemalloc
import warnings

THREADS = int(os.environ.setdefault("OPENBLAS_NUM_THREADS", "1"))
for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, str(THREADS))
if THREADS == 1:  # XLA's CPU backend: no thread pool for its matrix products
    os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")

import numpy as np  # noqa: E402  (after the thread variables, which BLAS reads when it loads)

import scratchnn as sn  # noqa: E402
from scratchnn import training as sn_training  # noqa: E402
import conv_rows  # noqa: E402  (the convolutional rows, beside this file)

try:
    import torch
    torch.set_num_threads(THREADS)
except ImportError:
    torch = None
try:
    import jax
    import jax.numpy as jnp
    jax.config.update("jax_platforms", "cpu")
except ImportError:
    jax = None

# name, layer sizes, hidden activation, output activation, loss, samples per step, target vs torch
NETWORKS = [
    ("3-4-1 (seed 000)", [3, 4, 1], "relu", None, "mse", 10, 5.0),
    ("2-3-1 sigmoid (XOR)", [2, 3, 1], "sigmoid", "sigmoid", "mse", 4, 5.0),
    ("12288-64-1 (seed 002)", [12288, 64, 1], "relu", "sigmoid", "bce", 10, 1.0),
    ("784-256-128-10", [784, 256, 128, 10], "relu", "softmax", "cross_entropy", 128, 1.1),
    ("1024-1024-1024-10", [1024, 1024, 1024, 10], "relu", "softmax", "cross_entropy", 256, 0.9),
]
ACTIVATIONS = {"relu": sn.ReLU, "sigmoid": sn.Sigmoid, "softmax": sn.Softmax}


CLOCK = time.process_time  # CPU seconds of this process: others on a shared machine do not inflate it


def median_times(contenders, repeats, budget):
    """Median seconds per call of each contender, alternated within each repeat."""
    return {name: statistics.median(t) for name, t in repeat_times(contenders, repeats, budget).items()}


def repeat_times(contenders, repeats, budget):
    """Seconds per call of each contender in every repeat (the contenders alternated within each)."""
    counts = {}
    for name, f in contenders.items():  # warm up, then size each run to ~budget seconds
        f()
        start = CLOCK()
        f()
        counts[name] = max(1, int(budget / max(CLOCK() - start, 1e-6)))
    times = {name: [] for name in contenders}
    for _ in range(repeats):
        for name, f in contenders.items():
            start = CLOCK()
            for _ in range(counts[name]):
                f()
            times[name].append((CLOCK() - start) / counts[name])
    return times


def build_model(sizes, hidden, output, seed=0, package=sn):
    layers = []
    for i, (n_in, n_out) in enumerate(zip(sizes, sizes[1:])):
        layers.append(package.Dense(n_in, n_out))
        act = hidden if i < len(sizes) - 2 else output
        if act:
            layers.append(getattr(package, ACTIVATIONS[act].__name__)())
    return package.Sequential(layers, seed=seed)


def make_data(sizes, loss, n, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, sizes[0]), dtype=np.float32)
    if loss == "cross_entropy":
        return X, rng.integers(0, sizes[-1], n)
    if loss == "bce":
        return X, rng.integers(0, 2, (n, 1)).astype(np.float32)
    return X, rng.standard_normal((n, sizes[-1]), dtype=np.float32)


def scratchnn_step(sizes, hidden, output, loss_name, X, y, package=sn):
    model = build_model(sizes, hidden, output, package=package)
    loss = package.losses.get(loss_name)
    Xp, yp = model.prepare(X, y, loss)
    optimizer = package.Adam(1e-3)
    # The model's flat arrays; a baseline from before they existed takes its dicts.
    params, grads = (model.flat_params, model.flat_grads) if hasattr(model, "flat_params") else (model.params, model.grads)

    def step():
        model.train_step(Xp, yp, loss)
        optimizer.step(params, grads)
    return step


def load_baseline(src):
    """The scratchnn package under ``src`` (another version's source tree) as ``scratchnn_baseline``."""
    import importlib.util
    init = os.path.join(src, "scratchnn", "__init__.py")
    spec = importlib.util.spec_from_file_location("scratchnn_baseline", init,
                                                  submodule_search_locations=[os.path.dirname(init)])
    module = importlib.util.module_from_spec(spec)
    sys.modules["scratchnn_baseline"] = module
    spec.loader.exec_module(module)
    return module


def jax_step(sizes, hidden, output, loss_name, X, y):
    """The same network, loss and Adam(1e-3) as one ``jax.jit``-compiled step function."""
    rng = np.random.default_rng(0)
    params = [(jnp.asarray(rng.uniform(-1, 1, (a, b)).astype(np.float32) / np.float32(math.sqrt(a))),
               jnp.zeros(b, jnp.float32)) for a, b in zip(sizes, sizes[1:])]
    act = {"relu": jax.nn.relu, "sigmoid": jax.nn.sigmoid}

    def loss_fn(params, X, y):
        h = X
        for i, (W, b) in enumerate(params):
            h = h @ W + b
            if i < len(params) - 1:
                h = act[hidden](h)
        if loss_name == "cross_entropy":  # logits in, as scratchnn's fused loss
            return jnp.mean(jax.nn.logsumexp(h, axis=1) - jnp.take_along_axis(h, y[:, None], axis=1)[:, 0])
        if loss_name == "bce":
            return jnp.mean(jnp.maximum(h, 0) - h * y + jnp.log1p(jnp.exp(-jnp.abs(h))))
        if output == "sigmoid":
            h = jax.nn.sigmoid(h)
        return jnp.mean((h - y) ** 2)

    @jax.jit
    def step(params, m, v, t, X, y):
        g = jax.grad(loss_fn)(params, X, y)
        t = t + 1
        m = jax.tree_util.tree_map(lambda m, g: 0.9 * m + 0.1 * g, m, g)
        v = jax.tree_util.tree_map(lambda v, g: 0.999 * v + 0.001 * g * g, v, g)
        c1, c2 = 1 - 0.9 ** t, 1 - 0.999 ** t
        params = jax.tree_util.tree_map(lambda p, m, v: p - 1e-3 * (m / c1) / (jnp.sqrt(v / c2) + 1e-8), params, m, v)
        return params, m, v, t

    state = [params, jax.tree_util.tree_map(jnp.zeros_like, params), jax.tree_util.tree_map(jnp.zeros_like, params),
             jnp.float32(0)]
    tX, ty = jnp.asarray(X), jnp.asarray(y)

    def run():
        state[:] = step(*state, tX, ty)
        jax.block_until_ready(state[0])
    return run


def torch_step(sizes, hidden, output, loss_name, X, y):
    """The same network in torch.nn; a fused loss takes the logits, as scratchnn's does."""
    modules = []
    for i, (n_in, n_out) in enumerate(zip(sizes, sizes[1:])):
        modules.append(torch.nn.Linear(n_in, n_out))
        last = i == len(sizes) - 2
        act = output if last else hidden
        if act == "relu":
            modules.append(torch.nn.ReLU())
        elif act == "sigmoid" and not (last and loss_name == "bce"):
            modules.append(torch.nn.Sigmoid())
    net = torch.nn.Sequential(*modules)
    criterion = {"mse": torch.nn.MSELoss(), "bce": torch.nn.BCEWithLogitsLoss(),
                 "cross_entropy": torch.nn.CrossEntropyLoss()}[loss_name]
    return conv_rows.torch_adam_step(torch, net, criterion, X, y)


def matmul_floor(sizes, n, seed=0):
    """The step's matrix products alone, into preallocated arrays."""
    rng = np.random.default_rng(seed)
    # Weights scaled by 1/sqrt(fan-in) keep every product finite, run after run.
    Ws = [rng.standard_normal((a, b), dtype=np.float32) / np.float32(math.sqrt(a)) for a, b in zip(sizes, sizes[1:])]
    hs = [rng.standard_normal((n, s), dtype=np.float32) for s in sizes]
    ds = [rng.standard_normal((n, s), dtype=np.float32) for s in sizes]
    dWs = [np.empty_like(W) for W in Ws]

    def products():
        for i, W in enumerate(Ws):
            np.matmul(hs[i], W, out=hs[i + 1])
        for i in reversed(range(len(Ws))):
            np.matmul(hs[i].T, ds[i + 1], out=dWs[i])
            if i:
                np.matmul(ds[i + 1], Ws[i].T, out=ds[i])
    return products


def step_table(repeats, budget, baseline=None):
    print(f"\n1. One training step, float32, Adam; BLAS threads = torch threads = {THREADS}; "
          f"median of {repeats}")
    others = [name for name, lib in (("torch", torch), ("jax", jax)) if lib is not None]
    for name, pip in (("PyTorch", "torch"), ("JAX", "jax")):
        if pip not in others:
            print(f"   {name} is not installed: its column is left empty (pip install {pip} to fill it).")
    if baseline is not None:
        others.insert(0, "baseline")
        print(f"   baseline: the scratchnn in {baseline.__file__.rsplit('/scratchnn/', 1)[0]}")
    header = f"{'network':<24}{'batch':>6}{'scratchnn us':>14}" + "".join(f"{o + ' us':>13}" for o in others) + \
        f"{'floor us':>10}" + "".join(f"{'vs ' + o:>13}" for o in others) + f"{'target':>8}{'vs floor':>10}"
    print(header)
    print("-" * len(header))
    makers = {"torch": torch_step, "jax": jax_step,
              "baseline": lambda *args: scratchnn_step(*args, package=baseline)}
    for name, sizes, hidden, output, loss, n, target in NETWORKS:
        X, y = make_data(sizes, loss, n)
        contenders = {"scratchnn": scratchnn_step(sizes, hidden, output, loss, X, y), "floor": matmul_floor(sizes, n)}
        for other in others:
            contenders[other] = makers[other](sizes, hidden, output, loss, X, y)
        t = {k: v * 1e6 for k, v in median_times(contenders, repeats, budget).items()}
        ours = t["scratchnn"]
        print(f"{name:<24}{n:>6}{ours:>14.1f}" + "".join(f"{t[o]:>13.1f}" for o in others) + f"{t['floor']:>10.1f}"
              + "".join(f"{t[o] / ours:>12.2f}x" for o in others) + f"{target:>7.1f}x{ours / t['floor']:>9.2f}x")


REWIND = sn_training.Rewind


class _NoRewind:
    """Stands in for fit's divergence checkpoints and loss records (scratchnn.rewind), to time them."""

    def __init__(self, *args):
        pass

    def epoch_begins(self, epoch, steps):
        pass

    def step_passed(self, value):
        pass


def loop_overhead(repeats, quick):
    print(f"\n2. The training loop's own cost: fit() against a bare loop of the same steps, and against fit() "
          f"without its divergence protection (checkpoints and loss records); medians of {repeats}, percentages "
          f"from the ratios within each repeat")
    cases = [("784-256-128-10, 2048 samples, batches of 128", [784, 256, 128, 10], "relu", "softmax",
              "cross_entropy", 256 if quick else 2048, 128, 1 if quick else 3),
             ("3-4-1 (seed 000), 10 samples, full batch", [3, 4, 1], "relu", None, "mse", 10, None,
              20 if quick else 300)]
    for label, sizes, hidden, output, loss_name, n, batch, epochs in cases:
        X, y = make_data(sizes, loss_name, n)

        def with_fit(doctor=False, protected=True):
            sn_training.Rewind = REWIND if protected else _NoRewind
            try:
                model = build_model(sizes, hidden, output)
                model.fit(X, y, loss=loss_name, optimizer=sn.Adam(1e-3), epochs=epochs, batch_size=batch, seed=0,
                          doctor=doctor)
            finally:
                sn_training.Rewind = REWIND

        def bare(shuffled=False):
            model = build_model(sizes, hidden, output)
            loss = sn.losses.get(loss_name)
            Xp, yp = model.prepare(X, y, loss)
            size = batch or n
            batches = [(Xp[i:i + size], yp[i:i + size]) for i in range(0, n, size)]
            optimizer = sn.Adam(1e-3)
            rng = np.random.default_rng(0)
            for _ in range(epochs):
                if shuffled:  # fit's shuffling: one permutation per epoch, each batch gathered from it
                    order = rng.permutation(n)
                    batches = ((Xp[order[i:i + size]], yp[order[i:i + size]]) for i in range(0, n, size))
                for xb, yb in batches:
                    model.train_step(xb, yb, loss)
                    optimizer.step(model.flat_params, model.flat_grads)

        contenders = {"bare": bare, "fit": with_fit, "unprotected": lambda: with_fit(protected=False)}
        if batch:
            contenders["bare, shuffled"] = lambda: bare(shuffled=True)
            contenders["fit(doctor=True)"] = lambda: with_fit(doctor=True)
        times = repeat_times(contenders, repeats, budget=0.0)
        t = {name: statistics.median(seconds) for name, seconds in times.items()}

        def more(name, than):
            """How much longer ``name`` took than ``than``, in %: the median of their ratio within each
            repeat (timed moments apart, so a slow spell of the shared machine slows both)."""
            return 100 * (statistics.median(a / b for a, b in zip(times[name], times[than])) - 1)
        line = f"   {label}, {epochs} epochs: bare loop {t['bare'] * 1e3:.1f} ms, fit() {t['fit'] * 1e3:.1f} ms " \
               f"(loop overhead {more('fit', 'bare'):+.1f}%, target < 5%"
        if "bare, shuffled" in t:
            line += f"; {more('fit', 'bare, shuffled'):+.1f}% over a bare loop that shuffles as fit does " \
                    f"({t['bare, shuffled'] * 1e3:.1f} ms)"
        line += f"; divergence protection {more('fit', 'unprotected'):+.1f}%, target <= 2%)"
        if "fit(doctor=True)" in t:
            line += f"; fit(doctor=True) {t['fit(doctor=True)'] * 1e3:.1f} ms ({more('fit(doctor=True)', 'fit'):+.1f}%)"
        print(line)


class _StopAtAccuracy(sn.Callback):
    """Scores the test set after each epoch (time not counted) and stops at the goal."""

    def __init__(self, X_test, labels, goal):
        self.X_test, self.labels, self.goal, self.spent, self.reached = X_test, labels, goal, 0.0, None

    def on_epoch_end(self, model, epoch, logs):
        start = CLOCK()
        if np.mean(model.predict(self.X_test) == self.labels) >= self.goal:  # predict returns labels
            self.reached, model.stop_training = epoch, True
        self.spent += CLOCK() - start


def digits(seeds, quick, goal=0.97, max_epochs=100, batch=32):
    print(f"\n3. scikit-learn digits, 64-128-10 ReLU/softmax, Adam(1e-3), batches of {batch}: "
          f"training time to {goal:.0%} test accuracy; median over seeds 0..{seeds - 1}")
    try:
        from sklearn.datasets import load_digits
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.neural_network import MLPClassifier
    except ImportError:
        print("   scikit-learn is not installed: skipped (pip install scikit-learn to run it).")
        return
    data = load_digits()
    order = np.random.default_rng(0).permutation(len(data.target))
    X, labels = data.data[order].astype(np.float32), data.target[order]
    n_train = 1347
    scaler = sn.StandardScaler().fit(X[:n_train])
    X_train, X_test = scaler.transform(X[:n_train]).astype(np.float32), scaler.transform(X[n_train:]).astype(np.float32)
    y_train, y_test = labels[:n_train], labels[n_train:]
    max_epochs = 3 if quick else max_epochs

    def ours(seed, **dense):
        model = sn.Sequential([sn.Dense(64, 128, **dense), sn.ReLU(), sn.Dense(128, 10, **dense), sn.Softmax()],
                              seed=seed)
        stop = _StopAtAccuracy(X_test, y_test, goal)
        start = CLOCK()
        model.fit(X_train, y_train, loss="cross_entropy", optimizer=sn.Adam(1e-3), epochs=max_epochs,
                  batch_size=batch, seed=seed, callbacks=[stop])
        return CLOCK() - start - stop.spent, stop.reached

    def theirs(seed):
        # The epochs the goal takes, epoch by epoch with partial_fit; then the time of one
        # fit(max_iter=that many) -- its fastest way to run those epochs (partial_fit calls cost
        # about 10% more).
        clf = MLPClassifier(hidden_layer_sizes=(128,), activation="relu", solver="adam", alpha=0.0,
                            batch_size=batch, learning_rate_init=1e-3, random_state=seed)
        reached = None
        for epoch in range(1, max_epochs + 1):
            clf.partial_fit(X_train, y_train, classes=np.arange(10))
            if np.mean(clf.predict(X_test) == y_test) >= goal:
                reached = epoch
                break
        clf = clf.set_params(max_iter=reached or max_epochs, tol=0.0, n_iter_no_change=max_epochs + 1)
        start = CLOCK()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)  # it stops at max_iter on purpose
            clf.fit(X_train, y_train)
        return CLOCK() - start, reached

    # scratchnn runs twice: with its defaults (what a user gets), and from the start scikit-learn
    # uses -- Glorot-uniform weights before every layer, ReLU ones too, biases near 0 -- so the
    # speed of the implementation is also compared from the same start. Each seed gives every
    # contender its own weights and shuffling.
    contenders = {"scikit-learn": theirs,
                  "scratchnn": ours,
                  "scratchnn, Glorot start": lambda seed: ours(seed, init="glorot", bias_init=0.0)}
    runs = {name: [] for name in contenders}
    for seed in range(seeds):  # side by side: every seed runs all three before the next seed
        for name, run in contenders.items():
            runs[name].append(run(seed))
    result = {}
    for name, rs in runs.items():
        seconds = statistics.median(r[0] for r in rs)
        epochs = [r[1] or max_epochs for r in rs]
        per_epoch = statistics.median(r[0] / e for r, e in zip(rs, epochs))
        result[name] = seconds
        missed = sum(r[1] is None for r in rs)
        print(f"   {name:<24} {seconds * 1e3:7.1f} ms  epochs to the goal: median {statistics.median(epochs):g}"
              f"{f' ({missed} never reached it)' if missed else ''}; {per_epoch * 1e3:.2f} ms/epoch")
    # Also paired by seed: each seed's two runs were timed moments apart, so a slow spell of a
    # shared machine affects both.
    paired = {name: statistics.median(t[0] / r[0] for t, r in zip(runs["scikit-learn"], runs[name]))
              for name in ("scratchnn", "scratchnn, Glorot start")}
    for name in paired:
        print(f"   {name} is {result['scikit-learn'] / result[name]:.1f}x faster to the same accuracy "
              f"(median of the seeds' own ratios: {paired[name]:.1f}x; target >= 3x)")


def memory(quick):
    print("\n4. Memory (tracemalloc), 784-256-128-10, batches of 128, Adam")
    sizes, n = [784, 256, 128, 10], 512 if quick else 4096
    X, y = make_data(sizes, "cross_entropy", n)
    model = build_model(sizes, "relu", "softmax")
    loss = sn.losses.get("cross_entropy")
    Xp, yp = model.prepare(X[:128], y[:128], loss)
    optimizer = sn.Adam(1e-3)
    tracemalloc.start()
    for _ in range(5):
        model.train_step(Xp, yp, loss)
        optimizer.step(model.flat_params, model.flat_grads)
    before, steps = tracemalloc.get_traced_memory()[0], 20 if quick else 200
    for _ in range(steps):
        model.train_step(Xp, yp, loss)
        optimizer.step(model.flat_params, model.flat_grads)
    growth = (tracemalloc.get_traced_memory()[0] - before) / steps
    print(f"   growth once warm: {growth:+.1f} bytes per step over {steps} steps")

    model, optimizer = build_model(sizes, "relu", "softmax"), sn.Adam(1e-3)  # a fresh run on top of the model
    start = tracemalloc.get_traced_memory()[0]
    tracemalloc.reset_peak()
    model.fit(X, y, loss="cross_entropy", optimizer=optimizer, epochs=2, batch_size=128, seed=0)
    peak = tracemalloc.get_traced_memory()[1] - start
    tracemalloc.stop()
    state = sum(a.nbytes for slot in optimizer.state.values() for a in slot.values())
    scratch = sum(a.nbytes for a in optimizer._work.values())
    # fit's checkpoint for divergence (scratchnn.rewind): a copy of the weights and of the state.
    checkpoint = model.flat_params.nbytes + state
    # One batch's activations and gradients: every layer's output, and the gradient flowing back.
    buffers = 2 * sum(out.nbytes for out in model.outputs)
    targets = n * sizes[-1] * 4   # the one-hot targets fit prepares (X is used as given when float32)
    batch = 128 * (sizes[0] + sizes[-1]) * 4
    need = state + scratch + checkpoint + buffers + targets + batch
    mb = 1 / 2**20
    print(f"   peak of fit() above the model: {peak * mb:.2f} MiB; it must hold optimizer state {state * mb:.2f} and "
          f"its scratch array {scratch * mb:.2f}, the divergence checkpoint {checkpoint * mb:.2f}, one batch's "
          f"activations and gradients {buffers * mb:.2f}, the batch {batch * mb:.2f}, one-hot targets "
          f"{targets * mb:.2f} = {need * mb:.2f} MiB -> ratio {peak / need:.2f} (target <= 1.2)")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one short repeat of everything (a smoke test)")
    parser.add_argument("--repeats", type=int, default=None, help="repeats per measurement (default 7)")
    parser.add_argument("--baseline", metavar="SRC", help="another scratchnn source tree to time beside this one")
    parser.add_argument("--steps-only", action="store_true", help="only the step table (section 1)")
    args = parser.parse_args(argv)
    repeats = args.repeats or (1 if args.quick else 7)
    print(f"numpy {np.__version__}"
          f"{'' if torch is None else ' torch ' + torch.__version__}"
          f"{'' if jax is None else ' jax ' + jax.__version__}, python {sys.version.split()[0]}, "
          f"{os.cpu_count()} CPUs")
    step_table(repeats, budget=0.0 if args.quick else 0.05,
               baseline=load_baseline(args.baseline) if args.baseline else None)
    conv_rows.conv_table(median_times, repeats, budget=0.0 if args.quick else 0.05, torch=torch)
    if args.steps_only:
        return 0
    loop_overhead(1 if args.quick else 3 * repeats, args.quick)  # short runs: more of them
    digits(1 if args.quick else 3 * repeats, args.quick)  # epochs to the goal vary by seed: more seeds
    memory(args.quick)
    return 0


if __name__ == "__main__":
    sys.exit(main())
