"""Linear regression of a writing score on math and reading scores (0-100), with the cost and gradient summed over
1,000 students: eta 0.001 is far too large for a summed gradient, and the cost climbs every iteration."""
import numpy as np

from doctor_corpus import EXPLODING_GRADIENTS, LOSS_EXPLODES, Symptom, grad_norm

HELD_OUT = True
ROUND = 3
SOURCE = "https://gamwe6.github.io/obafuro/python/%E6%A9%9F%E6%A2%B0%E5%AD%A6%E7%BF%92/2018/08/22/47721.html"
DIAGNOSIS = ("The post's cost is 0.5 ||X b - y||^2 summed over 1,000 rows of scores in the tens, and its gradient "
             "X^T (X b - y) is right for that cost, but it is summed too: eta 0.001 times X^T X (largest eigenvalue "
             "in the millions) overshoots, so the cost rises instead of falling. Average over the samples (divide by "
             "m), scale the features, or take a far smaller eta.")
CHOICES = ("The post's layout (a column of ones, then the two scores: X of shape (1000, 3)), b = 0 and eta 0.001 "
           "as posted; our own scores (math ~ N(66, 15), reading = 0.8 math + N(14, 8), writing = 0.95 reading + "
           "N(3, 4), clipped to 0-100) in place of the post's CSV; 10 iterations as posted; observe once per "
           "iteration with loss, params, grads and lr (no inputs, as in the post's printout of the cost only).")


def data():
    rng = np.random.default_rng(11)
    math = np.clip(rng.normal(66, 15, 1000), 0, 100)
    reading = np.clip(0.8 * math + rng.normal(14, 8, 1000), 0, 100)
    writing = np.clip(0.95 * reading + rng.normal(3, 4, 1000), 0, 100)
    return np.column_stack([np.ones(1000), math, reading]), writing


def run(observe, iterations=10, eta=0.001):
    X, y = data()
    b = np.zeros(3)
    trace = {"losses": [], "grad_norms": []}
    for i in range(iterations):
        residual = X @ b - y
        loss = float(0.5 * np.sum(residual ** 2))
        grad = X.T @ residual
        b = b - eta * grad
        observe(epoch=i, loss=loss, params={"b": b}, grads={"db": grad}, lr=eta)
        trace["losses"].append(loss)
        trace["grad_norms"].append(grad_norm({"b": grad}))
    return trace


def _learns_with(eta, iterations=50):
    losses = run(lambda **record: None, iterations, eta)["losses"]
    return losses[-1] < 0.5 * losses[0]


SYMPTOMS = [
    LOSS_EXPLODES,
    EXPLODING_GRADIENTS,
    Symptom("lr-too-high", "the same loop with eta 1e-8 halves the cost within 50 iterations",
            lambda t: _learns_with(1e-8)),
]
