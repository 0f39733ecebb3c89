"""A textbook's batch gradient descent for linear regression, y = 4 + 3x + noise, with the features as an (N, 2)
matrix [1, x] and the weights as a (2, 1) column, run on targets made with shape (N,) instead of (N, 1). Then
Xbar @ w - y broadcasts to an (N, N) matrix, the gradient Xbar.T @ (Xbar @ w - y) / N has shape (2, N), and the
first step turns w itself into a (2, N) matrix: N separate lines, line j fitted to the constant y_j. The cost
(half the squared norm of the residual matrix over N) falls towards 0, while every line ends flat (slope about
0, where 3 is the answer): whatever the input, each column of predictions is one constant."""
import numpy as np

from doctor_corpus import Symptom

HELD_OUT = True
ROUND = 11
SOURCE = "https://github.com/tiepvupsu/ebookMLCB/issues/29"
DIAGNOSIS = ("The issue (on the book's chapter on gradient descent for functions of several variables): creating y "
             "with a (1000,) shape and not reshaping it with y.reshape(-1, 1) makes the matrix operations "
             "broadcast, so grad returns a matrix where it should return a vector and the code afterwards does not "
             "run correctly; the fix is y.reshape(-1, 1). The author fixed the book's code in a commit.")
CHOICES = ("The book's setting: x uniform in [0, 1), y = 4 + 3x + 0.2 N(0, 1) (our generator, seed 0), Xbar = [1, x], "
           "w starts at [[2], [1]], lr 1, the grad and cost functions of the chapter (the cost with "
           "np.linalg.norm(., 2) ** 2, which on the broadcast matrix is its largest singular value squared), at most "
           "100 iterations with the chapter's stopping test; N = 200 points instead of 1,000 (the broadcast matrix "
           "is N x N); y made with shape (N,) as the issue describes. observe() every iteration before the update: "
           "cost, w, its gradient, lr, Xbar as the inputs, y and Xbar @ w as the predictions.")


def run(observe, n=200, eta=1.0, iterations=100):
    rng = np.random.default_rng(0)
    x = rng.random((n, 1))
    y = 4 + 3 * x[:, 0] + 0.2 * rng.standard_normal(n)                # shape (n,): the bug
    Xbar = np.concatenate([np.ones((n, 1)), x], axis=1)

    def grad(w):
        return Xbar.T.dot(Xbar.dot(w) - y) / n

    def cost(w):
        return 0.5 / n * np.linalg.norm(y - Xbar.dot(w), 2) ** 2

    w = np.array([[2.0], [1.0]])
    trace = {"losses": [], "shapes": []}
    for it in range(iterations):
        g = grad(w)
        predictions = Xbar.dot(w)
        loss = float(cost(w))
        observe(epoch=it, loss=loss, params={"w": w}, grads={"w": g}, lr=eta, inputs=Xbar, targets=y,
                predictions=predictions)
        trace["losses"].append(loss)
        trace["shapes"].append((w.shape, g.shape, predictions.shape))
        w_new = w - eta * g
        if np.linalg.norm(grad(w_new)) / len(w_new) < 1e-3:
            break
        w = w_new
    trace["w"], trace["y"], trace["final_predictions"] = w, y, Xbar.dot(w)
    return trace


def columns_constant(t):
    """Each column of predictions spreads over the samples by under 5% of the targets' spread."""
    spread = np.ptp(t["final_predictions"], axis=0)
    return bool(t["final_predictions"].ndim == 2 and np.max(spread) < 0.05 * np.ptp(t["y"]))


SYMPTOMS = [
    Symptom("gradient-shape", "at the first iteration the gradient of w (2, 1) has shape (2, 200), which the update "
            "broadcasts: w becomes (2, 200)", lambda t: t["shapes"][0][:2] == ((2, 1), (2, 200))
            and t["shapes"][1][0] == (2, 200)),
    Symptom("shape-mismatch", "at the first iteration the predictions are (200, 1) and the targets (200,), which "
            "broadcast to (200, 200) in Xbar @ w - y",
            lambda t: t["shapes"][0][2] == (200, 1) and t["y"].shape == (200,)),
    Symptom("constant-output", "at the end every column of predictions spreads over the 200 inputs by less than 5% "
            "of the targets' spread (each line is flat)", columns_constant),
]
