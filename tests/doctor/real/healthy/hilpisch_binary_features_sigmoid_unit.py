"""A single sigmoid layer on binary features (no hidden layer, no bias), as a finance book's appendix trains it: the
error e = l2 - y, the delta e * sigmoid'(l2) written through the output, the update u = a * l0.T @ d and w -= u,
reporting the mean squared error every 200 steps."""
import numpy as np

from doctor_corpus import Symptom, sigmoid

HELD_OUT = True
ROUND = 6
SOURCE = ("https://fliphtml5.com/fzqli/xymb/Artificial_Intelligence_in_Finance_A_Python-Based_Guide_-_Yves_Hilpisch/"
          "436")
DIAGNOSIS = ("A working textbook example: the derivative l2 (1 - l2) is taken of the sigmoid's output, which is "
             "right when written through the output; with a = 0.025 the mean squared error falls steadily (0.19 at"
             " step 200 to 0.05 at 2,200 in the book) and, depending on the random draw, every sample ends right.")
CHOICES = ("The book's recipe: binary features and labels drawn at random (we use 5 samples of 4 features and a draw "
           "a single layer can separate), w = random((4, 1)) (uniform [0, 1)), a = 0.025, 3,001 steps; observe "
           "every 30th step with the MSE, w, the gradient l0.T @ d (the update over a), lr, inputs, targets and "
           "predictions.")

L0 = np.array([[1.0, 0, 1, 0], [0, 1, 1, 0], [1, 1, 0, 1], [0, 0, 1, 1], [1, 0, 0, 0]])
Y = np.array([[1.0], [0], [0], [0], [1]])


def run(observe, steps=3001, a=0.025, every=30):
    w = np.random.default_rng(100).random((4, 1))
    trace = {"losses": []}
    for s in range(steps):
        l2 = sigmoid(L0 @ w)
        e = l2 - Y
        d = e * l2 * (1 - l2)
        u = a * L0.T @ d
        if s % every == 0:
            mse = float((e ** 2).mean())
            observe(epoch=s, loss=mse, params={"w": w}, grads={"dw": u / a}, lr=a, inputs=L0, targets=Y,
                    predictions=l2)
            trace["losses"].append(mse)
        w -= u
    trace["right"] = int(np.sum((sigmoid(L0 @ w) > 0.5) == (Y > 0.5)))
    return trace


SYMPTOMS = [Symptom(None, "the MSE falls below a third of its first value and all 5 samples end on the right side",
                    lambda t: t["losses"][-1] < t["losses"][0] / 3 and t["right"] == 5)]
