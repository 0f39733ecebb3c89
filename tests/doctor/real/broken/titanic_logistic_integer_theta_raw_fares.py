"""Logistic regression on raw Titanic columns in the column layout (features on axis 0, theta.T @ X), theta drawn
as random integers 0-9: with fares in the hundreds every passenger's sigmoid is 1 to six digits, and alpha 1e-4
barely moves it: the 'cost' stays at -1.2052 for the whole run."""
import numpy as np

from doctor_corpus import Symptom, constant_rows, flat, saturated_fraction, sigmoid

HELD_OUT = True
ROUND = 5
SOURCE = "https://discuss.analyticsvidhya.com/t/gradient-descent-problem-in-titanic-dataset/69367"
DIAGNOSIS = ("(No answer in the copy we could read; our reading of the posted code.) theta starts as random "
             "integers 0-9 on unscaled columns (fare up to 512, age up to 80), so theta.T x is in the hundreds or "
             "thousands and the sigmoid is saturated at 1 for every passenger: the gradient of a saturated sigmoid "
             "carries no information and a learning rate of 1e-4 leaves the predictions where they are, so the "
             "curves depend on the random start. The logged 'cost' also lacks the minus sign and shifts h by the "
             "0.1 guard. Standardise the columns, start theta at 0 and put the minus sign in the cost.")
CHOICES = ("891 passengers of our own with the usual raw columns (class 1-3, sex 0/1, age 1-80, siblings 0-8, "
           "parents 0-6, fare 0-512 skewed) and survival that depends on sex, class and fare; the post's layout X "
           "of shape (6, 891), theta = randint(0, 10, (6, 1)) (our seed), expit, alpha 1e-4 and the update theta - "
           "alpha / m * ((h - y) @ X.T).T as posted, 300 iterations instead of 1,000; observe once per iteration "
           "with the post's own logged cost (the mean of y log(h - 0.1) + (1 - y) log(1 - (h - 0.1))), theta and "
           "the derivative it computed, lr, and X.T, y and h (samples on axis 0).")


def data(m=891):
    rng = np.random.default_rng(3)
    pclass = rng.choice([1, 2, 3], m, p=[0.24, 0.21, 0.55])
    sex = rng.integers(0, 2, m)
    age = rng.normal(29.7, 14, m).clip(1, 80).round()
    sibsp = rng.choice(np.arange(9), m, p=[0.68, 0.23, 0.03, 0.02, 0.02, 0.01, 0.004, 0.003, 0.003])
    parch = rng.choice(np.arange(7), m, p=[0.76, 0.13, 0.09, 0.006, 0.005, 0.005, 0.004])
    fare = (rng.lognormal(2.6, 0.9, m) * (4 - pclass) / 2).clip(0, 512.3).round(2)
    score = 2.5 * sex - 0.9 * pclass + 0.01 * fare - 0.02 * age + rng.normal(0, 1, m)
    X = np.vstack([pclass, sex, age, sibsp, parch, fare]).astype(float)
    return X, (score > np.median(score)).astype(float).reshape(1, -1)


def run(observe, iterations=300, alpha=0.0001, epsilon=0.1):
    X, Y = data()
    m = X.shape[1]
    theta = np.random.default_rng(0).integers(0, 10, size=(X.shape[0], 1)).astype(float)
    trace = {"losses": [], "X": X}
    with np.errstate(all="ignore"):
        for i in range(iterations):
            hx = sigmoid(theta.T @ X)
            derivative = (hx - Y) @ X.T
            theta = theta - (alpha / m) * derivative.T
            h_new = sigmoid(theta.T @ X) - epsilon
            cost = float(np.sum((Y * np.log(h_new) + (1 - Y) * np.log(1 - h_new)) / m))
            observe(epoch=i, loss=cost, params={"theta": theta}, grads={"derivative": derivative.T / m},
                    lr=alpha, inputs=X.T, targets=Y.T, predictions=(h_new + epsilon).T)
            trace["losses"].append(cost)
            trace["h"] = h_new + epsilon
    return trace


SYMPTOMS = [
    Symptom("saturated-activation", "more than 90% of the final sigmoid outputs are within 1e-3 of 0 or 1",
            lambda t: saturated_fraction(t["h"]) > 0.9),
    Symptom("unscaled-inputs", "a column reaches 100 or more (fares)", lambda t: np.abs(t["X"]).max() >= 100),
    Symptom("constant-output", "every passenger's final prediction within 1e-3 of the mean (all ~1.0)",
            lambda t: constant_rows(t["h"].T, tol=1e-3)),
    Symptom("loss-plateau", "the logged cost moves < 5% over the second half", lambda t: flat(t["losses"])),
]
