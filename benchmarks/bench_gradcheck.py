"""Time the gradient checker on seed 002's full 12288-64-1 network (goal: under 3 s on 2 cores).

Run: ``python benchmarks/bench_gradcheck.py [runs]``, once with NumPy's default BLAS threads and
once with one thread (each in a fresh process). Prints the median and the spread of
``runs`` timed checks of the seed's own gradients (dW1 missing its / m) and of the fixed ones,
the loss evaluations each took, and the median time of one loss evaluation for comparison
(the checker's own overhead is the rest). The loss is the seed's forward pass (``cost``); a
third case passes the seed's whole ``forward_backward`` as the loss, as a learner might, so each
evaluation also pays for a backward pass.
"""
import os
import statistics
import subprocess
import sys
import time

from scratchnn.gradchecker import gradcheck
from scratchnn.seeds import seed002_gradients as seed002


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
