"""The command line with class labels as text: fit, predict (labels or --proba), evaluate, early stopping."""
import json

import numpy as np


def flowers(path, n=30, seed=0, header=True):
    """Two well separated measurements per flower and its species as text."""
    rng = np.random.default_rng(seed)
    species = np.array(["setosa", "versicolor", "virginica"])[np.arange(n) % 3]
    centres = {"setosa": (1.0, 5.0), "versicolor": (4.0, 2.0), "virginica": (6.0, 6.0)}
    lines = ["petal,sepal,species"] if header else []
    for s in species:
        a, b = np.array(centres[s]) + 0.2 * rng.normal(size=2)
        lines.append(f"{a:.2f},{b:.2f},{s}")
    path.write_text("\n".join(lines) + "\n")
    return species


def test_fit_predict_and_evaluate_with_text_labels(scratchnn, tmp_path):
    species = flowers(tmp_path / "train.csv")
    fit = scratchnn("fit", "--data", "train.csv", "--target", "species", "--loss", "cross_entropy",
                    "--layers", "2,8,3", "--epochs", "300", "--no-doctor", "--out", "iris.npz")
    assert fit.returncode == 0, fit.stderr
    assert "network 2-8-3" in fit.stdout
    predicted = scratchnn("predict", "iris.npz", "--input", "1.0,5.0;6.1,5.9")
    assert predicted.returncode == 0, predicted.stderr
    assert predicted.stdout.split() == ["setosa", "virginica"]
    proba = scratchnn("predict", "iris.npz", "--input", "1.0,5.0", "--proba")
    assert proba.returncode == 0, proba.stderr
    header, row = proba.stdout.strip().splitlines()
    assert header.split(",") == ["setosa", "versicolor", "virginica"]
    p = np.array(row.split(","), dtype=float)
    assert abs(p.sum() - 1) < 1e-4 and p.argmax() == 0
    flowers(tmp_path / "test.csv", seed=1)
    scores = scratchnn("evaluate", "iris.npz", "--data", "test.csv", "--json")
    assert scores.returncode == 0, scores.stderr
    result = json.loads(scores.stdout)
    assert set(result) == {"loss", "accuracy"} and result["accuracy"] == 1.0
    text = scratchnn("evaluate", "iris.npz", "--data", "test.csv")
    assert "accuracy" in text.stdout and "30 samples, target 'species'" in text.stdout
    assert len(species) == 30


def test_text_labels_without_a_header_are_data_not_a_header(scratchnn, tmp_path):
    flowers(tmp_path / "train.csv", header=False)
    fit = scratchnn("fit", "--data", "train.csv", "--loss", "cross_entropy", "--layers", "2,4,3", "--epochs", "5",
                    "--no-doctor")
    assert fit.returncode == 0, fit.stderr
    assert "(30 rows)" in fit.stdout


def test_text_labels_with_a_regression_loss_name_the_fix(scratchnn, tmp_path):
    flowers(tmp_path / "train.csv")
    fit = scratchnn("fit", "--data", "train.csv", "--target", "species", "--epochs", "5")
    assert fit.returncode == 2
    assert "text labels such as 'setosa': use --loss cross_entropy" in fit.stderr


def test_evaluate_a_regression(scratchnn, tmp_path):
    rng = np.random.default_rng(0)
    X = rng.uniform(0, 1, size=(40, 2))
    y = 3 * X[:, 0] - X[:, 1]
    (tmp_path / "r.csv").write_text("a,b,y\n" + "\n".join(f"{a},{b},{t}" for (a, b), t in zip(X, y)) + "\n")
    assert scratchnn("fit", "--data", "r.csv", "--target", "y", "--layers", "2,1", "--epochs", "500",
                     "--no-doctor", "--out", "r.npz").returncode == 0
    result = json.loads(scratchnn("evaluate", "r.npz", "--data", "r.csv", "--json").stdout)
    assert set(result) == {"loss", "mae", "r2"} and result["r2"] > 0.99


def test_early_stopping_restores_the_best_epoch_and_says_which(scratchnn, tmp_path):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 3))
    y = X[:, 0] + 0.5 * rng.normal(size=40)   # noisy: a big network overfits the 30 training rows
    (tmp_path / "n.csv").write_text("a,b,c,y\n" + "\n".join(",".join(map(str, [*x, t])) for x, t in zip(X, y)) + "\n")
    run = scratchnn("fit", "--data", "n.csv", "--layers", "3,64,64,1", "--epochs", "2000", "--validation-split",
                    "0.25", "--early-stopping", "20", "--lr", "0.01", "--no-doctor")
    assert run.returncode == 0, run.stderr
    line = next(l for l in run.stdout.splitlines() if l.startswith("early stopping"))
    # "early stopping: validation loss best at epoch B (V); stopped at epoch S; weights of epoch B restored"
    best, stopped = int(line.split("best at epoch ")[1].split()[0]), int(line.split("stopped at epoch ")[1].split(";")[0])
    assert stopped == best + 20 and f"weights of epoch {best} restored" in line


def test_early_stopping_needs_validation_data(scratchnn, tmp_path):
    flowers(tmp_path / "train.csv")
    run = scratchnn("fit", "--data", "train.csv", "--loss", "cross_entropy", "--early-stopping", "5")
    assert run.returncode == 2 and "--early-stopping needs --validation-split" in run.stderr
