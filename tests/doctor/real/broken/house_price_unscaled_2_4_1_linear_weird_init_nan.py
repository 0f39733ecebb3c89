"""A deep-learning course's notebook on exploding gradients reuses its mock housing data: 100 houses with a surface
of 40-200 m2 and a distance of 50-1000 m to the city centre, unscaled, and a price in millions (about 1-4). A linear
model trained on them by gradient descent on the mean squared error with lr 1e-5 explodes: the distance feature is
hundreds of times larger than the price, so each step overshoots along it and the gradient grows by a constant
factor per step, beyond 1e80 within 100 epochs."""
import numpy as np

from doctor_corpus import EXPLODING_GRADIENTS, Symptom

HELD_OUT = True
ROUND = 12
SOURCE = "https://github.com/matthieudemari/SUTD_DL_50_039"
DIAGNOSIS = ("The notebook's subject: gradients that grow from step to step until the values overflow, when inputs "
             "of large scale meet a learning rate too large for them; the usual cures are scaling the inputs, a "
             "smaller learning rate, or clipping the gradient.")
CHOICES = ("The notebook's data generator rewritten (surface uniform 40-200 and distance 50-1000 rounded to 0.01, "
           "price (100000 + 14373 surface + 1286 (1000 - distance)) (1 +- 10%) / 1e6, 100 points, NumPy's legacy "
           "generator with its seed 47); the model is the earlier notebooks' linear regression on the two raw "
           "features (weights 0.01, zero bias; the exploding-gradient notebook's own model is not in the page we "
           "read), mean squared error, lr 1e-5, 100 epochs; observe() every epoch before the update with the loss, "
           "w, b, dw, db, lr, inputs, targets and predictions.")


def data():
    rs = np.random.RandomState(47)
    surfaces = np.array([round(rs.uniform(40, 200), 2) for _ in range(100)])
    distances = np.array([round(rs.uniform(50, 1000), 2) for _ in range(100)])
    prices = np.array([round((100000 + 14373 * s + (1000 - d) * 1286) * (1 + rs.uniform(-0.1, 0.1))) / 1e6
                       for s, d in zip(surfaces, distances)])
    return np.column_stack([surfaces, distances]), prices.reshape(-1, 1)


def run(observe, lr=1e-5, epochs=100):
    X, y = data()
    n = len(X)
    w, b = np.full((2, 1), 0.01), np.zeros(1)
    trace = {"losses": [], "grad_norms": [], "step_ratios": [], "x_max": float(np.abs(X).max())}
    with np.errstate(all="ignore"):
        for epoch in range(epochs):
            pred = X @ w + b
            err = pred - y
            loss = float(np.mean(err ** 2))
            dw, db = X.T @ (2 * err / n), np.sum(2 * err / n, axis=0)
            observe(epoch=epoch, loss=loss, params={"w": w, "b": b}, grads={"dw": dw, "db": db}, lr=lr, inputs=X,
                    targets=y, predictions=pred)
            trace["losses"].append(loss)
            trace["grad_norms"].append(float(np.sqrt(np.sum(dw ** 2) + np.sum(db ** 2))))
            trace["step_ratios"].append(float(lr * np.linalg.norm(dw) / np.linalg.norm(w)))
            w = w - lr * dw
            b = b - lr * db
    return trace


SYMPTOMS = [
    EXPLODING_GRADIENTS,
    Symptom("loss-diverging", "the loss rises above 1e6 x its first value and is still rising at the end",
            lambda t: t["losses"][-1] > 1e6 * t["losses"][0] and t["losses"][-1] > t["losses"][-2]),
    Symptom("lr-too-high", "from the second observation on every step lr * ||dw|| is more than ||w||",
            lambda t: min(t["step_ratios"][1:]) > 1.0),
    Symptom("unscaled-inputs", "the inputs reach |x| >= 20 (distances up to ~1000 m, surfaces up to 200 m2)",
            lambda t: t["x_max"] >= 20),
]
