"""A 120-20-1 sigmoid/linear net trained one sample at a time with lr 0.5: exp overflows, activations NaN."""
import numpy as np

from doctor_corpus import Symptom, first_non_finite

SOURCE = "https://stackoverflow.com/questions/23128401/overflow-error-in-neural-networks-implementation"
DIAGNOSIS = ("(No answer in the copy of the thread we could read; our reading of the posted code.) The inputs are "
             "standardised and the weights start in [0, 0.01], yet exp overflows and the activations become NaN: "
             "the hidden delta uses np.sum(w2) for every unit instead of w2[k], the per-sample step size lam = 0.5"
             " is large for 120 inputs, and the 'normalise the weights' line only runs once per pass; the output "
             "grows without bound on labels 1, 2, 3.")
CHOICES = ("600 samples of 120 smooth standardised features (three classes of 200 with different mean "
           "curves, generated) and labels 1, 2, 3 as posted; per-sample updates with the post's formulas "
           "(np.sum(w2) kept), the weight normalisation at the start of each pass kept; 8 passes; the loss "
           "observed is the pass's mean of 0.5 (y - label)^2 (the post's 1/2 is 0 in Python 2); observe gets "
           "only the loss and the parameters, as the post's loop has no whole-pass gradient.")


def make_data(rng):
    t = np.linspace(0, 1, 120)
    curves = [np.sin(2 * np.pi * t), np.cos(3 * np.pi * t), t ** 2]
    X = np.vstack([c + rng.normal(0, 0.3, (200, 120)) for c in curves])
    X = (X - X.mean(0)) / X.std(0)
    return X, np.repeat([1.0, 2.0, 3.0], 200)


def run(observe, epochs=8, lam=0.5):
    rng = np.random.default_rng(0)
    x, labels = make_data(rng)
    w1, w2 = rng.uniform(0, 0.01, (20, 120)), rng.uniform(0, 0.01, 20)
    trace = {"losses": [], "a_max": []}
    with np.errstate(all="ignore"):
        for epoch in range(epochs):
            w1, w2 = w1 / np.linalg.norm(w1), w2 / np.linalg.norm(w2)
            errors, a_max = [], 0.0
            for j in range(len(x)):
                a = w1 @ x[j]
                z = 1 / (1 + np.exp(-a))
                y1 = w2 @ z
                d1 = z * (1 - z) * (y1 - labels[j]) * np.sum(w2)    # np.sum(w2), not w2[k]: the post's line
                w1 = w1 - lam * np.outer(d1, x[j])
                w2 = w2 - lam * (y1 - labels[j]) * z
                errors.append(0.5 * (y1 - labels[j]) ** 2)
                a_max = max(a_max, float(np.max(np.abs(a))))
            loss = float(np.mean(errors))
            observe(epoch=epoch, loss=loss, params={"w1": w1, "w2": w2}, lr=lam)
            trace["losses"].append(loss)
            trace["a_max"].append(a_max)
    return trace


SYMPTOMS = [
    Symptom("non-finite", "the loss becomes NaN or inf", lambda t: first_non_finite(t["losses"]) is not None),
]
