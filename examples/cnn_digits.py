"""A small convolutional network on scikit-learn's digits, beside the dense network (MLP).

    PYTHONPATH=src python examples/cnn_digits.py [--seeds 5] [--epochs 15]

The split is fixed: the 1,797 images shuffled by ``np.random.default_rng(0).permutation``, the
first 1,347 train and the other 450 are the test set (the split ``benchmarks/bench_train.py``
uses). The CNN sees each image as (1, 8, 8) with pixels scaled to [0, 1]; the MLP (64-128-10,
the benchmark's) sees the 64 pixels standardized. Both: Adam, batches of 32, cross-entropy.
"""
import argparse

import numpy as np

import scratchnn as sn


def digits_split():
    """``(X_train, y_train, X_test, y_test)``, images (n, 1, 8, 8) in [0, 1], the fixed split."""
    from sklearn.datasets import load_digits
    data = load_digits()
    order = np.random.default_rng(0).permutation(len(data.target))
    X = (data.data[order] / 16).reshape(-1, 1, 8, 8).astype(np.float32)
    y = data.target[order]
    return X[:1347], y[:1347], X[1347:], y[1347:]


def digits_cnn(seed=0):
    """conv 1->16 3x3 pad 1, ReLU, conv 16->32 3x3 pad 1, ReLU, max-pool 2, Dense 512->10, softmax."""
    return sn.Sequential([sn.Conv2D(1, 16, 3, padding=1), sn.ReLU(), sn.Conv2D(16, 32, 3, padding=1), sn.ReLU(),
                          sn.MaxPool2D(2), sn.Flatten(), sn.Dense(32 * 4 * 4, 10), sn.Softmax()], seed=seed)


def accuracy(model, X, y):
    return float(np.mean(model.predict(X) == y))  # predict returns the labels it was trained on


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=15)
    args = parser.parse_args()
    X_train, y_train, X_test, y_test = digits_split()
    scaler = sn.StandardScaler().fit(X_train.reshape(len(X_train), -1))
    flat_train, flat_test = (scaler.transform(a.reshape(len(a), -1)).astype(np.float32) for a in (X_train, X_test))
    print(f"test accuracy after {args.epochs} epochs (train {len(X_train)}, test {len(X_test)})")
    print(f"{'seed':>4}  {'CNN':>6}  {'MLP 64-128-10':>13}")
    cnn, mlp = [], []
    for seed in range(args.seeds):
        model = digits_cnn(seed)
        model.fit(X_train, y_train, loss="cross_entropy", optimizer=sn.Adam(3e-3), epochs=args.epochs, batch_size=32)
        cnn.append(accuracy(model, X_test, y_test))
        dense = sn.Sequential([sn.Dense(64, 128), sn.ReLU(), sn.Dense(128, 10), sn.Softmax()], seed=seed)
        dense.fit(flat_train, y_train, loss="cross_entropy", optimizer=sn.Adam(1e-3), epochs=args.epochs, batch_size=32)
        mlp.append(accuracy(dense, flat_test, y_test))
        print(f"{seed:>4}  {cnn[-1]:>6.1%}  {mlp[-1]:>13.1%}")
    print(f"median  {np.median(cnn):>6.1%}  {np.median(mlp):>13.1%}   (min {min(cnn):.1%} / {min(mlp):.1%})")


if __name__ == "__main__":
    main()
