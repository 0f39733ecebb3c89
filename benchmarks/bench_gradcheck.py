"""Time the gradient checker on seed 002's full 12288-64-1 network (goal: under 3 s on 2 cores),
and ``gradcheck_layer`` on a NumPy conv layer of 10,150 parameters (goal: at most 2 s).

Run: ``python benchmarks/bench_gradcheck.py [runs]``, once with NumPy's default BLAS threads and
once with one thread (each in a fresh process). Prints the median and the spread of
``runs`` timed checks of the seed's own gradients (dW1 missing its / m) and of the fixed ones,
the loss evaluations each took, and the median time of one loss evaluation for comparison
(the checker's own overhead is the rest). The conv section times ``gradcheck_layer`` (every
gradient named, with a pattern) beside ``torch.autograd.gradcheck(fast_mode=True)`` on the same
convolution (one yes/no), interleaved, one torch thread. The loss is the seed's forward pass (``cost``); a
third case passes the seed's whole ``forward_backward`` as the loss, as a learner might, so each
evaluation also pays for a backward pass.
"""
import os
import statistics
import subprocess
import sys
import time

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from scratchnn.gradchecker import gradcheck, gradcheck_layer
from scratchnn.seeds import seed002_gradients as seed002


class Conv2D:
    """A learner's NumPy convolution layer (stride 1, no padding): x (n, C, H, W), W (F, C, k, k)."""

    def __init__(self, c_in, filters, k, seed=0):
        rng = np.random.default_rng(seed)
        self.W = rng.standard_normal((filters, c_in, k, k)) / np.sqrt(c_in * k * k)
        self.b = np.zeros(filters)

    def forward(self, x):
        self.x = x
        windows = sliding_window_view(x, self.W.shape[2:], axis=(2, 3))        # (n, C, H', W', k, k)
        return np.einsum("nchwij,fcij->nfhw", windows, self.W, optimize=True) + self.b[None, :, None, None]

    def backward(self, dy):
        k = self.W.shape[2]
        windows = sliding_window_view(self.x, (k, k), axis=(2, 3))
        self.dW = np.einsum("nfhw,nchwij->fcij", dy, windows, optimize=True)
        self.db = dy.sum(axis=(0, 2, 3))
        dx = np.zeros_like(self.x)
        for i in range(k):      # each output position sends dy * W back over its window
            for j in range(k):
                dx[:, :, i:i + dy.shape[2], j:j + dy.shape[3]] += np.einsum("nfhw,fc->nchw", dy, self.W[:, :, i, j])
        return dx


def conv_section(runs):
    """gradcheck_layer on a 70-filter 3x3 conv over 16 channels (10,150 parameters), input (8, 16, 16, 16)."""
    layer, x = Conv2D(16, 70, 3), np.random.default_rng(1).standard_normal((8, 16, 16, 16))
    try:
        import torch
        torch.set_num_threads(1)
        tx = torch.tensor(x, requires_grad=True)
        tw, tb = torch.tensor(layer.W, requires_grad=True), torch.tensor(layer.b, requires_grad=True)
    except ImportError:
        torch = None
    ours, theirs, report = [], [], None
    for _ in range(runs):
        start = time.perf_counter()
        report = gradcheck_layer(layer, x)
        ours.append(time.perf_counter() - start)
        if torch is not None:
            start = time.perf_counter()
            torch.autograd.gradcheck(torch.nn.functional.conv2d, (tx, tw, tb), fast_mode=True)
            theirs.append(time.perf_counter() - start)
    n_params = layer.W.size + layer.b.size
    mine = statistics.median(ours)
    print(f"conv layer, {n_params} parameters, input {x.shape}, {runs} runs: gradcheck_layer median {mine:.2f} s "
          f"(min {min(ours):.2f}, max {max(ours):.2f}), {report.evaluations} loss evaluations, "
          f"goal 2 s: {'met' if mine <= 2 else 'MISSED'}; all right: {report.ok}")
    if theirs:
        print(f"  torch.autograd.gradcheck(conv2d, fast_mode=True) median {statistics.median(theirs):.2f} s: "
              f"ratio ours/torch {mine / statistics.median(theirs):.2f} (torch answers yes/no only)")


def timed(make, runs):
    times, report = [], None
    for _ in range(runs):
        loss_fn, params, grads = make()
        start = time.perf_counter()
        report = gradcheck(loss_fn, params, grads)
        times.append(time.perf_counter() - start)
    return times, report


def main(runs=5):
    loss_fn, params, _ = seed002.at_start()
    evals = []
    for _ in range(50):
        start = time.perf_counter()
        loss_fn(params)
        evals.append(time.perf_counter() - start)
    one_eval = statistics.median(evals)
    print(f"seed 002, 12288-64-1 network, {runs} runs each; "
          f"one forward-only loss evaluation: {one_eval * 1e3:.2f} ms (median); "
          f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores (other work slows every number)")
    def full_pass_as_loss():
        # What a learner may well write: the loss taken from forward_backward, backward pass included.
        _, params, grads = seed002.at_start()
        return (lambda p: seed002.forward_backward(seed002.x, seed002.y, p)[2]), params, grads

    cases = (("seed's gradients", seed002.at_start), ("fixed gradients", seed002.fixed_at_start),
             ("forward_backward as the loss", full_pass_as_loss))
    for label, make in cases:
        times, report = timed(make, runs)
        median = statistics.median(times)
        print(f"{label:28s} median {median:.2f} s  (min {min(times):.2f}, max {max(times):.2f})  "
              f"{report.evaluations} loss evaluations = {report.evaluations * one_eval:.2f} s of loss; "
              f"goal 3 s: {'met' if median < 3 else 'MISSED'} ({median / 3:.2f}x the goal)")
    print()
    print(report)
    print()
    conv_section(runs)


def both_thread_settings(runs):
    """Run the benchmark with NumPy's default BLAS threads, then with one thread.

    On a 2-core machine shared with other work, multi-threaded BLAS can be 10x slower than one
    thread (threads wait on each other); the two settings make that visible.
    """
    for label, extra in (("default BLAS threads", {}),
                         ("one BLAS thread", {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
                                              "MKL_NUM_THREADS": "1"})):
        print(f"=== {label}", flush=True)
        env = {**os.environ, **extra, "BENCH_GRADCHECK_CHILD": "1"}
        subprocess.run([sys.executable, __file__, str(runs)], env=env, check=True)


if __name__ == "__main__":
    n_runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    if os.environ.get("BENCH_GRADCHECK_CHILD"):
        main(n_runs)
    else:
        both_thread_settings(n_runs)
