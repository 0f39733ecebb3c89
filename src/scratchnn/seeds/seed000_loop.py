"""Seed 000 (and 001, the same question): "Bugs in the backpropagation algorithm in Python".

The asker's own loop, transcribed faithfully: indentation restored, nothing else changed in
their code except what is listed here.

Supplied (missing or needed to run it as a module):
* ``epochs`` is a parameter of ``prediction`` (default: the seed's 10_000) so tests can stop
  earlier; the ``while`` reads it instead of the literal.
* the final ``print`` runs under ``if __name__ == "__main__"``.

Added (2 lines): ``import scratchnn`` and one ``scratchnn.observe(...)`` call after the update.
The hidden layer's ``s1`` / ``y1`` are (4, 10), units by samples; the doctor wants samples on
axis 0, so the call passes ``s1.T``.

What it shows (about 1 run in 3, depending on the random start): the first update is several
times the size of the weights, every ReLU dies, the output is 0 for every sample and the loss
sits at 6.22519 = sum(y^2) / (2 * 10), the loss of predicting 0.
"""
import numpy as np
import scratchnn


def prediction(epochs=10_000):
    def ReLU(x):
        return np.maximum(0, x)

    ReLU = np.vectorize(ReLU)

    def MSE(Y, y):
        return (Y - y) ** 2

    MSE = np.vectorize(MSE)

    x = np.array(
        [
            [2.16, 3.19, 1.85],
            [3.19, 1.85, 4.84],
            [1.85, 4.84, 0.55],
            [4.84, 0.55, 4.20],
            [0.55, 4.20, 1.68],
            [4.20, 1.68, 4.74],
            [1.68, 4.74, 0.14],
            [4.74, 0.14, 5.68],
            [0.14, 5.68, 0.48],
            [5.68, 0.48, 5.03],
        ]
    )

    y = np.array([4.84, 0.55, 4.20, 1.68, 4.74, 0.14, 5.68, 0.48, 5.03, 0.18])

    xt = np.array(
        [
            [0.48, 5.03, 0.18],
            [5.03, 0.18, 5.99],
        ]
    )

    yt = np.array([5.99, 0.09])

    w1 = np.random.uniform(0, 1, (4, 3))
    w2 = np.random.uniform(0, 1, (4,))

    global E
    E = 0
    v = 0.005
    epoch = 0

    # Training
    while epoch < epochs:
        s1 = np.dot(w1, x.T)
        y1 = ReLU(s1)

        s2 = np.dot(w2, y1)
        y2 = ReLU(s2)

        Ei = np.sum(MSE(y2, y)) / (2 * len(y2))
        print(Ei)
        if Ei < 0.05:
            print(w1)
            print(w2)
            break

        delta_w2 = np.dot(y2 - y, y1.T)
        delta_w1 = np.dot(np.dot(w2.reshape(4, 1), (y2 - y).reshape(1, 10)), x)

        w2 = w2 - v * delta_w2
        w1 = w1 - v * delta_w1
        scratchnn.observe(epoch=epoch, loss=Ei, lr=v, params={"w1": w1, "w2": w2}, grads={"w1": delta_w1, "w2": delta_w2}, preactivations={"hidden": s1.T, "output": s2}, activation_kinds={"hidden": "relu", "output": "relu"}, inputs=x, targets=y, predictions=y2)

        E = Ei
        epoch += 1

    # Testing
    s1 = np.dot(w1, xt.T)
    y1 = ReLU(s1)

    s2 = np.dot(w2, y1)
    y2 = ReLU(s2)

    print(f"- A {yt}")
    return y2


if __name__ == "__main__":
    print(f"- P {prediction()}")
