"""Seed 003: "Self made backpropagation doesnt work in python (2-neuron-network)", the loop in our code.

The asker's ``training`` step (one epoch: average their per-sample derivative formulas over the
samples, print the mean squared error, step every weight and bias by -0.1 x its average) run from
their defaults, every weight and bias 0, on AND of two bits (the data of the answer). The network
and formulas are in :mod:`.seed003_gradients`: ``neuron1`` and ``neuron2`` already apply the
sigmoid and the output applies it again, so ``yhat`` is a sigmoid of a sigmoid. Plain Python
numbers, as the asker's. One ``scratchnn.observe(...)`` line before the update passes the loss,
parameters, averaged gradients, both neurons' outputs and the predictions.

What it shows: all weights start at 0; the loss falls from 0.326 to 0.25 and sits there; the
hidden sigmoid ``neuron1`` saturates at 1, ``neuron2`` at 0, the output is 0.5 for every sample,
and 0.25 is the loss of predicting 0.5 (and of predicting 0) for AND.
"""
import scratchnn
from scratchnn.seeds.seed003_gradients import a, mean_terms, neuron1, neuron2

data = [[0, 0], [0, 1], [1, 0], [1, 1]]
y = [0, 0, 0, 1]


def training(x_data, labels, w11=0, w12=0, w2=0, b1=0, b2=0, alpha=0.1):
    """One epoch: print the loss and return the updated (w11, w12, w2, b1, b2)."""
    params = {"w11": w11, "w12": w12, "b1": b1, "w2": w2, "b2": b2}
    L_mean, mean_grads = mean_terms(x_data, labels, params)
    grads = {name: mean_grads[name] for name in params}
    h = [neuron1(x[0], x[1], w11=w11, w12=w12, b1=b1) for x in x_data]
    out = [neuron2(v, w2=w2, b2=b2) for v in h]
    scratchnn.observe(loss=L_mean, lr=alpha, params=params, grads=grads,
                      activations={"neuron1": h, "neuron2": out},
                      activation_kinds={"neuron1": "sigmoid", "neuron2": "sigmoid"},
                      inputs=x_data, targets=labels, predictions=[a(v) for v in out])
    new = {name: value + -alpha * grads[name] for name, value in params.items()}
    print(L_mean)
    return new["w11"], new["w12"], new["w2"], new["b1"], new["b2"]


def run(epochs=1000):
    """``epochs`` calls of ``training`` from the all-zero start; returns the final parameters."""
    w11 = w12 = w2 = b1 = b2 = 0
    for _ in range(epochs):
        w11, w12, w2, b1, b2 = training(data, y, w11, w12, w2, b1, b2)
    return w11, w12, w2, b1, b2


if __name__ == "__main__":
    run()
