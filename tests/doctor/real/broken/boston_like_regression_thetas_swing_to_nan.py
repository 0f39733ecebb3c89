"""Linear regression by batch gradient descent on the Boston housing table (13 raw features, a theta0 column of ones,
median value in $1000s), with theta drawn N(0, 1) and alpha 0.01: features such as TAX (~190-710) and B (~0-400)
make the curvature of the mean squared error ~10^5, so every step overshoots by a factor ~10^3, the thetas swing from
very positive to very negative and end NaN. The asker found that only alpha = 0.000001 converged."""
import numpy as np

from doctor_corpus import EXPLODING_GRADIENTS, LOSS_EXPLODES, Symptom, first_non_finite

HELD_OUT = True
ROUND = 8
SOURCE = "https://datascience.stackexchange.com/questions/40666/gradient-descent-python-implementation-isnt-converging"
DIAGNOSIS = ("The asker's own answer: the implementation was right, the learning rate was the problem; after much "
             "experimenting only a far smaller one (alpha = 0.000001) converged. (The commenters: compare with other "
             "implementations, tune alpha and the number of iterations. Scaling the features is what lets a normal "
             "learning rate work.)")
CHOICES = ("scikit-learn no longer ships the Boston table: a stand-in with its 506 rows and each column's range (CRIM"
           " 0-89, ZN 0-100, INDUS 0-28, CHAS 0/1, NOX 0.4-0.9, RM 3.6-8.8, AGE 3-100, DIS 1-12, RAD 1-24, TAX "
           "187-711, PTRATIO 12.6-22, B 0.3-397, LSTAT 1.7-38) and a target of the same kind (5-50), our seed; theta "
           "(14, 1) N(0, 1), alpha 0.01, update theta - alpha / m * X.T @ error, mse = sum(error^2) / m as the post "
           "prints it; 150 iterations (NaN from ~45 on); the loop observes every iteration, before the update, the "
           "mse, theta, the gradient X.T @ error / m as 'theta_grad', lr, inputs, targets and predictions.")


def boston_like(n=506, seed=0):
    rng = np.random.default_rng(seed)
    rm = rng.normal(6.3, 0.7, n).clip(3.6, 8.8)
    lstat = rng.gamma(2.6, 4.9, n).clip(1.7, 38)
    columns = [rng.exponential(3.6, n).clip(0, 89), np.where(rng.random(n) < 0.73, 0, rng.uniform(12, 100, n)),
               rng.uniform(0.5, 28, n), (rng.random(n) < 0.07).astype(float), rng.uniform(0.39, 0.87, n), rm,
               rng.uniform(3, 100, n), rng.uniform(1.1, 12, n),
               rng.choice([1, 2, 3, 4, 5, 6, 7, 8, 24], n).astype(float),
               rng.uniform(187, 711, n), rng.uniform(12.6, 22, n), np.where(rng.random(n) < 0.9, 396.9,
                                                                           rng.uniform(0.3, 396, n)), lstat]
    target = (22.5 + 5.0 * (rm - 6.3) - 0.55 * (lstat - 12.6) + rng.normal(0, 3, n)).clip(5, 50)
    return np.column_stack(columns + [np.ones(n)]), target.reshape(-1, 1)


X, Y = boston_like()


def run(observe, iterations=150, alpha=0.01):
    theta = np.random.default_rng(4).standard_normal((X.shape[1], 1))
    trace = {"losses": [], "grad_norms": []}
    with np.errstate(all="ignore"):
        for it in range(iterations):
            predictions = X @ theta
            error = predictions - Y
            mse = float(np.sum(error ** 2) / len(X))
            theta_grad = X.T @ error / len(X)
            observe(epoch=it, loss=mse, params={"theta": theta}, grads={"theta_grad": theta_grad}, lr=alpha,
                    inputs=X, targets=Y, predictions=predictions)
            trace["losses"].append(mse)
            trace["grad_norms"].append(float(np.linalg.norm(theta_grad)))
            if it < 12:
                trace.setdefault("signs", []).append(float(np.sign(theta[9, 0])))
            theta = theta - alpha * theta_grad
    return trace


SYMPTOMS = [
    LOSS_EXPLODES,
    EXPLODING_GRADIENTS,
    Symptom("non-finite", "the mse is NaN or inf from some iteration before 150 on",
            lambda t: first_non_finite(t["losses"]) is not None),
    Symptom("unscaled-inputs", "the TAX column reaches > 600 and the B column > 390 while NOX stays below 1",
            lambda t: X[:, 9].max() > 600 and X[:, 11].max() > 390 and X[:, 4].max() < 1),
    Symptom("lr-too-high", "the TAX coefficient flips sign at every one of the first 10 iterations (each step "
            "overshoots)", lambda t: bool(np.all(np.array(t["signs"][1:11]) * np.array(t["signs"][2:12]) < 0))),
]
