"""Seed 002's ten photos (64x64x3, cat or not) with a small convolutional network instead of
12,288 flattened numbers: how many random starts reach BCE < 0.01 within 300 epochs.

    PYTHONPATH=src python examples/cnn_cat_photos.py [--starts 20]

The network: conv 3->8 3x3 stride 2 pad 1 (64x64 -> 32x32), ReLU, max-pool 4 (-> 8x8), Dense
512->1, sigmoid; full-batch Adam(1e-3), binary cross-entropy. The pixels are standardized by the
mean and standard deviation of all of them (one number each).
"""
import argparse

import numpy as np

import scratchnn as sn
from scratchnn.recipes import photo_cnn, photo_images as photos  # the demo's network and data


def epochs_to_goal(seed, X, y, goal=0.01, epochs=300):
    """The first epoch whose loss is below ``goal`` (None if none of ``epochs`` is)."""
    history = photo_cnn(seed).fit(X, y, loss="bce", optimizer=sn.Adam(1e-3), epochs=epochs)
    return next((epoch for epoch, loss in enumerate(history.loss, 1) if loss < goal), None)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=20)
    args = parser.parse_args()
    X, y = photos()
    reached = [epochs_to_goal(seed, X, y) for seed in range(args.starts)]
    done = [e for e in reached if e is not None]
    print(f"BCE < 0.01 within 300 epochs: {len(done)} of {args.starts} starts (seeds 0..{args.starts - 1})")
    if done:
        print(f"epochs needed: median {np.median(done):g}, min {min(done)}, max {max(done)}")


if __name__ == "__main__":
    main()
