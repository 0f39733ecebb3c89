"""Linear regression by gradient descent where (X @ theta) is (m, 1) and y is (m,): everything broadcasts."""
import numpy as np

from doctor_corpus import EXPLODING_GRADIENTS, LOSS_EXPLODES, Symptom, grad_norm

SOURCE = "https://wiki.gubat.org/content/stackoverflow.com_en_all_2023-11/questions/57125156/gradient-descent-from-scratch-in-python-not-working"
DIAGNOSIS = ("(No answer in the copy of the thread we could read; our reading of the posted code.) X @ theta has "
             "shape (99, 1) while y has shape (99,), so X @ theta - y broadcasts to a (99, 99) matrix: every "
             "prediction is compared with every target, the 'gradient' X.T @ (...) is (2, 99) and theta itself "
             "turns into a (2, 99) matrix ('What I get is a huge matrix'). Reshape y to (99, 1) (or flatten the "
             "predictions); with x up to 99 the learning rate 0.01 then still needs scaled inputs.")
CHOICES = ("The post's data (x = 1..99, y = 10 + 2x + N(0, 70), our seed), X = [1, x], theta randn (2, 1), "
           "alpha 0.01, 100 iterations; the loss the user prints is np.mean((X @ theta - y) ** 2) (broadcast "
           "too); observe gets loss, params, the update direction as grads, inputs, the predictions X @ theta "
           "and the targets y as they are.")


def run(observe, epochs=100, alpha=0.01):
    rng = np.random.default_rng(0)
    x = np.array(range(1, 100), dtype=float)
    y = 10 + 2 * x + rng.normal(loc=0, scale=70, size=99)
    X = np.column_stack([np.ones(99), x])
    m = len(y)
    theta = rng.standard_normal((2, 1))
    trace = {"losses": [], "grad_norms": [], "theta_shapes": [theta.shape], "X": X}
    with np.errstate(all="ignore"):
        for i in range(epochs):
            predictions = X @ theta
            loss = float(np.mean((predictions - y) ** 2))
            grad = (1 / m) * (X.T @ (predictions - y))       # (2, 99): the broadcast turned into parameters
            theta = theta - alpha * grad
            observe(epoch=i, loss=loss, params={"theta": theta}, grads={"theta": grad}, lr=alpha, inputs=X[:, 1:],
                    predictions=predictions, targets=y)
            trace["losses"].append(loss)
            trace["theta_shapes"].append(theta.shape)
            trace["grad_norms"].append(grad_norm({"theta": grad}))
        trace["first_predictions_shape"] = (X @ rng.standard_normal((2, 1))).shape
    return trace


SYMPTOMS = [
    Symptom("shape-mismatch", "the predictions are (99, 1) against targets of shape (99,), so their difference "
            "is (99, 99)", lambda t: t["first_predictions_shape"] == (99, 1)
            and (np.zeros(t["first_predictions_shape"]) - np.zeros(99)).shape == (99, 99)),
    Symptom("unscaled-inputs", "x runs up to 99", lambda t: t["X"][:, 1].max() >= 50),
    LOSS_EXPLODES,
    EXPLODING_GRADIENTS,
    Symptom("lr-too-high", "the same loop with alpha 1e-4 lowers the loss instead",
            lambda t: (lambda L: L[-1] < L[0])(run(lambda **record: None, 100, 1e-4)["losses"])),
]
