"""Logistic regression on nine 2-feature points in the tens, with w1 = w2 = b = 1 and lr 0.1: the sigmoid hits
exactly 0 or 1, log(0) appears in the cost and it turns NaN."""
import numpy as np

from doctor_corpus import Symptom, non_finite, sigmoid

HELD_OUT = True
ROUND = 4
SOURCE = "https://community.deeplearning.ai/t/logistic-regression-log0/734445"
DIAGNOSIS = ("The mentors: try a smaller learning rate, start the weights at zero instead of one, and normalise the "
             "features (ideally to about -3..3); with large features and weights of 1 the sigmoid's argument is "
             "so large that the log's argument reaches 0 (Python's math.log raises 'math domain error').")
CHOICES = ("Nine points of our own, two features 20-90 (the post's are not shown; 'normalise' implies values well "
           "beyond -3..3), the classes split by x1 + x2 > 110; w1 = w2 = b = 1 and lr 0.1 as posted; NumPy's log "
           "(which gives -inf and NaN where math.log raises); 200 iterations; observe with loss, params, grads, lr, "
           "inputs, targets and predictions.")

X = np.array([[20.0, 35], [30, 60], [45, 40], [50, 55], [60, 65], [70, 50], [75, 80], [85, 45], [90, 70]])
Y = (X.sum(axis=1) > 110).astype(float)


def run(observe, iterations=200, lr=0.1):
    p = {"w": np.ones(2), "b": np.array(1.0)}
    trace = {"losses": []}
    with np.errstate(all="ignore"):
        for i in range(iterations):
            h = sigmoid(X @ p["w"] + p["b"])
            loss = float(-np.mean(Y * np.log(h) + (1 - Y) * np.log(1 - h)))
            g = {"w": X.T @ (h - Y) / len(X), "b": np.array(np.mean(h - Y))}
            p = {k: p[k] - lr * g[k] for k in p}
            observe(epoch=i, loss=loss, params=p, grads=g, lr=lr, inputs=X, targets=Y, predictions=h)
            trace["losses"].append(loss)
    return trace


SYMPTOMS = [
    Symptom("non-finite", "some cost is NaN or inf", lambda t: non_finite(t["losses"])),
    Symptom("unscaled-inputs", "the features reach 90 (beyond -3..3)", lambda t: X.max() >= 90),
]
