"""An interview-preparation notebook fits y = m x + b by gradient descent on the mean squared error: five points
x = 1..5 with y = 2x + 3, m and b starting at 0, lr 0.1, 100 epochs. Its printed run diverges from the first step:
m = 6.2, -2.32, 9.27, -6.61 ... with a cost of 89.0, 165.24, 307.60, 573.36 ...: every step overshoots the minimum
and lands farther up the other side (the cost is 1.86x higher each epoch)."""
import numpy as np

from doctor_corpus import EXPLODING_GRADIENTS, LOSS_EXPLODES, Symptom

HELD_OUT = True
ROUND = 12
SOURCE = "https://github.com/fishitmo/Data-Science-Interview-Preparation"
DIAGNOSIS = ("(The notebook shows the run without comment; our reading.) The largest curvature of this MSE in "
             "(m, b) is 23.7 (2 mean(x^2) = 22 along m alone), so any learning rate above 2 / 23.7 ~ 0.084 makes "
             "plain gradient descent overshoot by more than it corrects: at lr 0.1 the error along that direction "
             "is multiplied by about -1.37 per step and the slope and cost grow without bound. A smaller learning "
             "rate (or scaled x) converges.")
CHOICES = ("The notebook's data, zero start, lr 0.1 and 100 epochs; observe() where the notebook prints, after the "
           "update, with the cost computed before it (as the notebook prints it), the predictions it came from, "
           "m and b after the update, their gradients dm and db, lr, x and y.")

x = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
y = np.array([5.0, 7.0, 9.0, 11.0, 13.0])


def run(observe, lr=0.1, epochs=100):
    m, b = np.array(0.0), np.array(0.0)
    trace = {"losses": [], "grad_norms": [], "slopes": [0.0], "steps": []}
    with np.errstate(all="ignore"):
        for epoch in range(epochs):
            y_pred = m * x + b
            error = y - y_pred
            cost = float(np.mean(error ** 2))
            dm, db = -2 * np.mean(error * x), -2 * np.mean(error)
            before = np.array([float(m), float(b)])
            m, b = m - lr * dm, b - lr * db
            observe(epoch=epoch, loss=cost, params={"m": m, "b": b}, grads={"dm": dm, "db": db}, lr=lr, inputs=x,
                    targets=y, predictions=y_pred)
            trace["losses"].append(cost)
            trace["grad_norms"].append(float(np.hypot(dm, db)))
            trace["slopes"].append(float(m))
            after = np.array([float(m), float(b)])
            if np.linalg.norm(before) > 0:
                trace["steps"].append(float(np.linalg.norm(after - before) / np.linalg.norm(before)))
    return trace


def reproduces_and_steps_exceed_weights(t):
    first = abs(t["losses"][0] - 89.0) < 1e-9 and abs(t["losses"][1] - 165.24) < 1e-6
    signs = np.sign(t["slopes"][1:12])
    return first and bool(np.all(signs[1:] != signs[:-1])) and min(t["steps"]) > 1.0


SYMPTOMS = [
    LOSS_EXPLODES,
    EXPLODING_GRADIENTS,
    Symptom("lr-too-high", "the run reproduces the notebook's costs (89.0, then 165.24), the slope changes sign at "
            "each of the first 10 steps, and every step moves (m, b) by more than its own length",
            reproduces_and_steps_exceed_weights),
]
