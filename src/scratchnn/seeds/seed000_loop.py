"""Seed 000 (and 001, the same question): the asker's training loop, in our own code.

"Bugs in the backpropagation algorithm in Python"
(https://datascience.stackexchange.com/questions/120115): a 3-4-1 ReLU network predicts the next
number from the three before it; "MSE becomes a static 6.22519 number for each epoch". The loop
keeps everything the asker's has: weights drawn with the global ``np.random.uniform(0, 1, ...)``
(so ``np.random.seed`` picks the start), their gradient formulas (:mod:`.seed000_gradients`:
summed over the samples, no ReLU derivative), learning rate 0.005, up to 10,000 epochs, stop when
Ei < 0.05, one ``print`` of the loss per epoch, then the two held-out windows. One
``scratchnn.observe(...)`` line after the update is what a user following our README would add;
the hidden layer's values are units by samples, so it passes ``s1.T`` (samples on axis 0).

What it shows (about 1 start in 3): the first update is several times the size of the weights,
every ReLU dies, the output is 0 for every sample and the loss sits at 6.22519 = sum(y^2) / (2 * 10),
the loss of predicting 0.
"""
import numpy as np

import scratchnn
from scratchnn.datasets import next_number
from scratchnn.seeds.seed000_gradients import backward, forward, v, x, y


def prediction(epochs=10_000):
    """Train from a global-RNG start, printing the loss each epoch; return the held-out predictions."""
    w1 = np.random.uniform(0, 1, (4, 3))
    w2 = np.random.uniform(0, 1, (4,))
    for epoch in range(epochs):
        s1, y1, s2, y2, Ei = forward(w1, w2)
        print(Ei)
        if Ei < 0.05:
            print(w1)
            print(w2)
            break
        delta_w1, delta_w2 = backward(w2, y1, y2)
        w2 = w2 - v * delta_w2
        w1 = w1 - v * delta_w1
        scratchnn.observe(epoch=epoch, loss=Ei, lr=v, params={"w1": w1, "w2": w2},
                          grads={"w1": delta_w1, "w2": delta_w2}, preactivations={"hidden": s1.T, "output": s2},
                          activation_kinds={"hidden": "relu", "output": "relu"}, inputs=x, targets=y,
                          predictions=y2)
    held_out = next_number()
    print(f"- A {held_out.y_test}")
    return forward(w1, w2, held_out.X_test)[3]


if __name__ == "__main__":
    print(f"- P {prediction()}")
