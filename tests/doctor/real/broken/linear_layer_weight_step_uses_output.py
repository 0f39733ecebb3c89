"""A 'network' with one linear layer: the 100 inputs x (N(0, 1)) go in as one column vector, a1 = w @ x + b with w
(100, 100) N(0, 0.01) and b (100, 1) N(0, 1), targets y = 7 x + 3 + noise. The weight step multiplies the error by
the layer's output, (a1 - y) @ a1.T, where the gradient needs its input, (a1 - y) @ x.T; and the printed loss,
sum((y - w * a1 - b)^2) / 2n, broadcasts w * a1 to a 100 x 100 array, so it is not the error of the predictions at all.
That printed loss stays near 3,000 ('does not converge to zero') while the predictions' own squared error falls."""
import numpy as np

from doctor_corpus import Symptom, gradient_error

HELD_OUT = True
ROUND = 8
SOURCE = "https://codewithsundeep.com/discussion/solution/52355145"
DIAGNOSIS = ("The answers: convergence depends on alpha (with 5e-3 one answerer's run converged, on a log axis); and a"
             " single weight matrix and bias vector for what is meant to be two layers is odd and may be part of the "
             "problem. (Our reading of the numbers: the weight step uses the output a1 where the input belongs, so it "
             "is not the gradient, and the loss printed is computed from a broadcast w * a1, not from the "
             "predictions.)")
CHOICES = ("The post's sizes, initialisation, alpha 1e-4, data and 10,000 iterations (our seed); the loop observes "
           "every 100th iteration its printed loss, w and b, the steps divided by alpha as dw and db, lr, the input "
           "column, targets and predictions a1.")

N = 100
rng = np.random.default_rng(6)
A0 = rng.standard_normal((N, 1))
Y = 7 * A0 + 3 + rng.normal(0, 1, (N, 1))


def printed_loss(p):
    a1 = p["w"] @ A0 + p["b"]
    return float(np.sum((Y - p["w"] * a1 - p["b"]) ** 2) / 2 / N)


def prediction_loss(p):
    return float(np.sum((p["w"] @ A0 + p["b"] - Y) ** 2) / 2 / N)


def run(observe, iterations=10000, alp=1e-4, every=100):
    g = np.random.default_rng(7)
    w, b = g.standard_normal((N, N)) * 0.01, g.standard_normal((N, 1))
    trace = {"losses": [], "prediction_losses": []}
    for i in range(iterations):
        a1 = w @ A0 + b
        dw, db = (a1 - Y) @ a1.T / N, (a1 - Y) / N
        if i % every == 0:
            loss = printed_loss({"w": w, "b": b})
            observe(epoch=i, loss=loss, params={"w": w, "b": b}, grads={"dw": dw, "db": db}, lr=alp, inputs=A0,
                    targets=Y, predictions=a1)
            trace["losses"].append(loss)
            trace["prediction_losses"].append(prediction_loss({"w": w, "b": b}))
            trace["last"] = ({"w": w.copy(), "b": b.copy()}, {"w": dw.copy(), "b": db.copy()})
        w = w - alp * dw
        b = b - alp * db
    return trace


SYMPTOMS = [
    Symptom("gradient-mismatch", "at the last observation dw differs by more than 0.5 of its norm from central "
            "differences of the printed loss and of the predictions' squared error",
            lambda t: gradient_error(printed_loss, t["last"][0], t["last"][1], "w") > 0.5
            and gradient_error(prediction_loss, t["last"][0], t["last"][1], "w") > 0.5),
]
