"""A one-layer sigmoid classifier (two features, a weight per feature and a bias) for the eight-flower toy table
(petal length, width -> red / blue), where each epoch shuffles the input matrix with Python's random.shuffle. On a
2-D NumPy array random.shuffle swaps row views, which copies rows over each other: after 7 epochs every row of
X is the same flower, [3, 1.5], while the labels were never shuffled. The network then sees one input with labels
half 0 and half 1, outputs 0.5 for everything and the accuracy sits at 50% ('barely above 50%' in the post)."""
import random

import numpy as np

from doctor_corpus import Symptom, constant_rows, flat, sigmoid

HELD_OUT = True
ROUND = 8
SOURCE = "https://python-pypi.wekeepcoding.com/article/16528022/unable+to+shuffle+matrix+rows"
DIAGNOSIS = ("(Our reading; the answer is not in our copy.) random.shuffle is meant for Python lists: on a 2-D NumPy "
             "array its element swaps go through views, so rows are duplicated instead of permuted (the asker's "
             "matrix already shows [3, 1.5] five times); and shuffling the inputs without the labels breaks the "
             "pairing anyway. Shuffle with one permutation applied to both, idx = np.random.permutation(n); "
             "X, y = X[idx], y[idx].")
CHOICES = ("The classic eight-flower table the matrix rows come from (length 1-5.5, width 0.5-1.5, 4 red, 4 blue); "
           "w N(0, 1) and b N(0, 1) (our seeds), mean squared error, full-batch gradient descent with lr 0.2 (the post "
           "gives neither), 2,000 epochs, random.shuffle(X) at the top of each epoch as in the post; the loop observes "
           "every 20th epoch the loss, w and b, their gradients dw and db, lr, the (shuffled) inputs, the labels and "
           "the predictions.")

DATA = np.array([[3, 1.5, 1], [2, 1, 0], [4, 1.5, 1], [3, 1, 0], [3.5, 0.5, 1], [2, 0.5, 0], [5.5, 1, 1], [1, 1, 0]])


def run(observe, epochs=2000, lr=0.2, every=20):
    X, y = DATA[:, :2].copy(), DATA[:, 2].copy()
    shuffler = random.Random(0)
    rng = np.random.default_rng(0)
    w, b = rng.standard_normal(2), rng.standard_normal()
    trace = {"losses": []}
    for epoch in range(epochs):
        shuffler.shuffle(X)                                   # a list shuffle on a 2-D array: rows get duplicated
        p = sigmoid(X @ w + b)
        loss = float(np.mean((p - y) ** 2))
        dz = 2 * (p - y) * p * (1 - p) / len(y)
        dw, db = X.T @ dz, float(dz.sum())
        if epoch % every == 0:
            observe(epoch=epoch, loss=loss, params={"w": w, "b": b}, grads={"dw": dw, "db": db}, lr=lr, inputs=X,
                    targets=y, predictions=p)
            trace["losses"].append(loss)
        w, b = w - lr * dw, b - lr * db
    trace["X"], trace["p"] = X.copy(), sigmoid(X @ w + b)
    trace["accuracy"] = float(np.mean((trace["p"] > 0.5) == (y > 0.5)))
    return trace


SYMPTOMS = [
    Symptom("constant-output", "at the end every row of X is [3, 1.5] and every prediction is 0.5 (within 1e-6)",
            lambda t: bool(np.all(t["X"] == [3, 1.5])) and constant_rows(t["p"], tol=1e-6)
            and abs(float(t["p"][0]) - 0.5) < 1e-6),
    Symptom("loss-plateau", "over the second half the loss stays at 0.25 (moves < 0.1%) with the accuracy at 0.5",
            lambda t: flat(t["losses"], rel=1e-3) and abs(t["losses"][-1] - 0.25) < 1e-6 and t["accuracy"] == 0.5),
]
