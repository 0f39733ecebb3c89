"""Regularized linear regression (one feature, the change of a reservoir's water level, -50 to 40, against the water
flowing out of a dam) trained by gradient descent with alpha 0.01, its cost and gradient written with per-element list
comprehensions and the bias column added inside the cost function. The gradient is right (the asker's first one,
[-15.1, 598.4] at theta = [1, 1], is the exercise's), but with raw inputs of size ~40 the curvature is ~10^3 and each
step overshoots ~6x: J grows ~30x per iteration (the asker: 303, then 7,924, ...), while the normal equation gives a
good theta."""
import numpy as np

from doctor_corpus import LOSS_EXPLODES, Symptom, gradient_error

HELD_OUT = True
ROUND = 8
SOURCE = ("http://stackoverflow.com/questions/17696797/what-is-wrong-in-this-python-code-for-regularized-linear-"
          "regression")
DIAGNOSIS = ("(Our reading; only a comment asking about the alpha values is in our copy.) The cost and gradient are "
             "correct (the first gradient matches the exercise's), so the growth of J is the step size: alpha 0.01 is "
             "far too large for an unscaled feature of size ~40 (gradient descent on it needs alpha < 2 / ~1,000); "
             "normalise the feature or take alpha ~0.001 or less (the exercise itself uses an optimiser).")
CHOICES = ("A stand-in for the exercise's 12 training points (water level change -48 to 37, outflow 1-36, our seed), "
           "theta starting at [1, 1], lambda 1 (the asker's Lambda_), alpha 0.01, the post's cost (half mean squared "
           "error plus lambda / 2m * theta[1:]^2) and gradient; 30 iterations (J keeps growing ~30x per step); the "
           "loop observes each iteration the cost J, theta, the gradient list as 'grad', lr, the raw (12, 1) inputs "
           "(the bias column is added inside the cost function), targets and predictions.")

rng = np.random.default_rng(2)
X = np.sort(rng.uniform(-48, 37, 12)).reshape(-1, 1)
Y = (11.0 + 0.37 * X[:, 0] + 0.006 * X[:, 0] ** 2 + rng.normal(0, 2.5, 12)).clip(1, 36).reshape(-1, 1)
LAMBDA = 1.0


def cost_and_grad(theta):
    m = len(X)
    Xb = np.concatenate((np.ones((m, 1)), X), 1)
    H = Xb @ theta
    J = (1 / (2 * m)) * np.sum([(H[i] - Y[i][0]) ** 2 for i in range(m)]) + LAMBDA / (2 * m) * np.sum(theta[1:] ** 2)
    grad = [(1 / m) * np.sum([H[j] - Y[j][0] for j in range(m)])]
    for i in range(len(theta) - 1):
        grad.append((1 / m) * np.sum([(H[j] - Y[j][0]) * Xb[j][i + 1] for j in range(m)]) + LAMBDA / m * theta[i + 1])
    return float(J), np.array(grad), H


def run(observe, iterations=30, alpha=0.01):
    theta = np.array([1.0, 1.0])
    trace = {"losses": [], "steps": []}
    for it in range(iterations):
        J, grad, H = cost_and_grad(theta)
        observe(epoch=it, loss=J, params={"theta": theta.copy()}, grads={"grad": grad}, lr=alpha, inputs=X, targets=Y,
                predictions=H.reshape(-1, 1))
        trace["losses"].append(J)
        if it == 0:
            trace["first"] = ({"theta": theta.copy()}, {"theta": grad.copy()})
        new = theta.copy()
        for j in range(len(theta)):
            new[j] = theta[j] - alpha * grad[j]
        trace["steps"].append(float(np.linalg.norm(new - theta) / np.linalg.norm(theta)))
        theta = new
    return trace


SYMPTOMS = [
    LOSS_EXPLODES,
    Symptom("lr-too-high", "every update moves theta by more than its own norm (||step|| / ||theta|| > 1)",
            lambda t: min(t["steps"]) > 1.0),
    Symptom("unscaled-inputs", "the feature reaches |x| > 40", lambda t: np.abs(X).max() > 40),
]
FIRST_GRADIENT_IS_RIGHT = Symptom(None, "the first gradient agrees with central differences of J (error < 1e-6)",
                                  lambda t: gradient_error(lambda p: cost_and_grad(p["theta"])[0], *t["first"],
                                                           "theta") < 1e-6)
