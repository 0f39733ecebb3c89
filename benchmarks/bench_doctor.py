"""Overhead of the training doctor: fit(doctor=True) against fit() on a 784-256-128-10 network.

Synthetic 10-class data (n = 4096 samples of 784 features), batches of 128, Adam, 5 epochs per
fit; each configuration from the same initial weights, alternated over REPEATS rounds. Prints
the median seconds per fit and the ratio (goal: overhead under 5%), and the time spent inside
the doctor itself, which other processes on a busy machine do not inflate.

    PYTHONPATH=src python benchmarks/bench_doctor.py
"""
import statistics
import time

import numpy as np

import scratchnn
from scratchnn import Adam, Dense, ReLU, Sequential, Softmax
from scratchnn.doctor import DoctorCallback

REPEATS, EPOCHS, N = 7, 5, 4096


class TimedDoctor(DoctorCallback):
    """DoctorCallback that also adds up the time spent inside it (a measure other processes do not disturb)."""

    spent = 0.0

    def _timed(self, method, *args):
        start = time.perf_counter()
        method(self, *args)
        TimedDoctor.spent += time.perf_counter() - start

    def on_train_begin(self, *args):
        self._timed(DoctorCallback.on_train_begin, *args)

    def on_epoch_end(self, *args):
        self._timed(DoctorCallback.on_epoch_end, *args)

    def on_train_end(self, *args):
        self._timed(DoctorCallback.on_train_end, *args)

    def try_fix(self, *args):
        self._timed(DoctorCallback.try_fix, *args)


def one_fit(X, y, doctor):
    model = Sequential([Dense(784, 256), ReLU(), Dense(256, 128), ReLU(), Dense(128, 10), Softmax()], seed=0)
    start = time.perf_counter()
    history = model.fit(X, y, loss="cross_entropy", optimizer=Adam(1e-3), epochs=EPOCHS, batch_size=128, seed=0,
                        doctor=doctor)
    elapsed = time.perf_counter() - start
    return elapsed, history


def main():
    rng = np.random.default_rng(0)
    centers = rng.standard_normal((10, 784)).astype(np.float32)
    labels = rng.integers(0, 10, N)
    X = (centers[labels] + rng.standard_normal((N, 784)).astype(np.float32)).astype(np.float32)
    one_fit(X, labels, False)  # warm-up
    plain, doctored = [], []
    for _ in range(REPEATS):
        plain.append(one_fit(X, labels, False)[0])
        t, history = one_fit(X, labels, TimedDoctor())
        doctored.append(t)
    a, b = statistics.median(plain), statistics.median(doctored)
    print(f"scratchnn {scratchnn.__version__}: 784-256-128-10, {N} samples, batches of 128, {EPOCHS} epochs, "
          f"median of {REPEATS}")
    print(f"fit()            {a:.4f} s")
    print(f"fit(doctor=True) {b:.4f} s")
    print(f"overhead         {100 * (b / a - 1):+.2f}%  (ratio {b / a:.4f}; goal < 5%)")
    inside = TimedDoctor.spent / REPEATS
    print(f"inside the doctor {inside:.4f} s per fit = {100 * inside / a:.2f}% of fit() (observe every epoch + report)")
    print(f"doctor's verdict on the run: codes = {history.doctor.codes}")


if __name__ == "__main__":
    main()
