"""Linear regression as a small class: a column of ones appended to X for the intercept, w = zeros((n, 1)),
loss (1/m) sum((yhat - y)^2) and the gradient (2/m) X.T @ (yhat - y), plain gradient descent on y = 3x + noise."""
import numpy as np

from doctor_corpus import Symptom

HELD_OUT = True
ROUND = 6
SOURCE = "https://github.com/simdangelo/MachineLearning"
DIAGNOSIS = ("A working notebook (after a well-known video tutorial): the gradient (2/m) X.T (yhat - y) is that of "
             "the mean squared error it prints, the inputs are in [0, 1] and the learning rate 0.01 is small "
             "enough; the cost falls from about 3 to the noise level, 0.01.")
CHOICES = ("The notebook's data and settings: X = rand(500, 1), y = 3X + 0.1 * randn(500, 1) (our seed), the ones "
           "column appended last, w zeros of shape (2, 1), lr 0.01 and 10,000 iterations; it prints the cost every "
           "2,000 iterations, we observe every 100th with the cost, w, its gradient dLdW, lr, inputs (with the ones"
           " column), targets and predictions.")


class LinearRegression:
    def __init__(self):
        self.learning_rate = 0.01
        self.total_iterations = 10000

    def main(self, X, y, observe, trace, every=100):
        X = np.append(X, np.ones((X.shape[0], 1)), axis=1)
        self.m, self.n = X.shape
        w = np.zeros((self.n, 1))
        for it in range(self.total_iterations):
            yhat = X @ w
            loss = float(np.sum((yhat - y) ** 2) / self.m)
            dLdW = 2 / self.m * X.T @ (yhat - y)
            if it % every == 0:
                observe(epoch=it, loss=loss, params={"w": w}, grads={"dLdW": dLdW}, lr=self.learning_rate, inputs=X,
                        targets=y, predictions=yhat)
                trace["losses"].append(loss)
            w = w - self.learning_rate * dLdW
        return w


def run(observe):
    rng = np.random.default_rng(0)
    X = rng.random((500, 1))
    y = 3 * X + rng.standard_normal((500, 1)) * 0.1
    trace = {"losses": []}
    trace["w"] = LinearRegression().main(X, y, observe, trace)
    return trace


SYMPTOMS = [Symptom(None, "the cost falls below 0.015 (the noise variance is 0.01; it starts near 3) and the slope "
                    "ends within 0.2 of 3", lambda t: t["losses"][-1] < 0.015 and abs(t["w"][0, 0] - 3) < 0.2)]
