"""A 3-input, 3-output linear unit trained by gradient descent with its weight gradient transposed."""
import numpy as np

from doctor_corpus import Symptom, flat, gradient_error

SOURCE = "http://fatal001.com/python/40859380155009656062.html"
DIAGNOSIS = ("(No answer in the copy of the thread we could read; our reading of the posted code.) With weights of"
             " shape (outputs, inputs) and predictions = weights @ inputs, the gradient of the squared error is "
             "outer(error, inputs); the post computes outer(inputs, error), its transpose, which worked while one "
             "side had a single entry but not for 3 x 3: the predictions stop improving after a few iterations.")
CHOICES = ("The post's inputs [3, 5, 1], weights, targets [1.5, 10, 93] and learning rate 0.05; error = "
           "predictions - targets; 350 iterations as posted, observed every 5th (70 observations); the loss "
           "is the mean squared error; observe gets loss, params, grads, the three predictions and targets.")

inputs = np.array([3.0, 5.0, 1.0])
targets = np.array([1.5, 10.0, 93.0])


def loss_of(p):
    return float(np.mean((p["weights"] @ inputs - targets) ** 2))


def run(observe, epochs=350, lr=0.05):
    p = {"weights": np.array([[0.1, 0.2, 0.05], [1.0, 0.53, 0.5], [1.7, 2.3, 1.2]])}
    trace = {"losses": []}
    with np.errstate(all="ignore"):
        for i in range(epochs):
            predictions = p["weights"] @ inputs
            pure_error = predictions - targets
            derivative = np.outer(inputs, pure_error)        # the post's orientation: the transpose
            if i == 0:
                trace["start"] = ({"weights": p["weights"].copy()}, {"weights": 2 / 3 * derivative})
            p["weights"] = p["weights"] - lr * derivative
            if i % 5 == 0:
                loss = float(np.mean(pure_error ** 2))
                observe(epoch=i, loss=loss, params=p, grads={"weights": derivative}, lr=lr,
                        predictions=predictions, targets=targets)
                trace["losses"].append(loss)
    return trace


def _fixed_final_loss(lr=0.05, epochs=350):
    """The same loop with the gradient the right way round, outer(error, inputs)."""
    w = np.array([[0.1, 0.2, 0.05], [1.0, 0.53, 0.5], [1.7, 2.3, 1.2]])
    for _ in range(epochs):
        w = w - lr * np.outer(w @ inputs - targets, inputs)
    return loss_of({"weights": w})


SYMPTOMS = [
    Symptom("gradient-mismatch", "at the start the update direction (as a gradient of the mean squared error) "
            "differs from central differences by > 10%",
            lambda t: gradient_error(loss_of, *t["start"], "weights") > 0.1),
    Symptom("loss-plateau", "the loss moves < 5% over the second half and stays above 1000, where the right "
            "gradient reaches < 1e-6", lambda t: flat(t["losses"]) and t["losses"][-1] > 1000
            and _fixed_final_loss() < 1e-6),
]
