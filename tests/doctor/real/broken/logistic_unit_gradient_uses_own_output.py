"""A one-neuron logistic regression whose weight gradient multiplies by its own output, not its input."""
import numpy as np

from doctor_corpus import Symptom, gradient_error, sigmoid

SOURCE = "https://datascience.stackexchange.com/questions/25394/why-can-it-be-that-my-neural-network-is-predicting-the-contrary"
DIAGNOSIS = ("dw = 1/m * dz.dot(activations[d].T) uses the layer's own output; it must be activations[d - 1], the "
             "layer's input. With the wrong factor the weight runs the wrong way (to -27): the cost rises from 0.7"
             " to 29.9 and the net predicts the contrary of the labels.")
CHOICES = ("The post's X = [-3, -2, 2, 3] and Y = [0, 0, 1, 1] with samples on axis 1, weight and bias 0.01, lr "
           "1.0 (not given), 60 epochs; cross-entropy cost; observe gets loss, params, grads, and the inputs, "
           "predictions and targets transposed to samples on axis 0. With only the code the post shows, the "
           "cost falls anyway (0.68 to 0.03): a wrong gradient in a run that still learns, which only a "
           "gradient check can reveal.")

X = np.array([[-3.0, -2.0, 2.0, 3.0]])
Y = np.array([[0.0, 0.0, 1.0, 1.0]])


def loss_of(p):
    h = sigmoid(p["w"] @ X + p["b"])
    return float(-np.mean(Y * np.log(h) + (1 - Y) * np.log(1 - h)))


def run(observe, epochs=60, lr=1.0):
    p = {"w": np.array([[0.01]]), "b": np.array([[0.01]])}
    trace = {"losses": []}
    with np.errstate(all="ignore"):
        for epoch in range(epochs):
            h = sigmoid(p["w"] @ X + p["b"])
            loss = float(-np.mean(Y * np.log(h) + (1 - Y) * np.log(1 - h)))
            da = -(Y / h - (1 - Y) / (1 - h))
            dz = da * h * (1 - h)
            m = X.shape[1]
            g = {"w": dz @ h.T / m, "b": dz.sum(axis=1, keepdims=True) / m}   # h where X belongs
            if epoch == 0:
                trace["start"] = ({k: v.copy() for k, v in p.items()}, {k: v.copy() for k, v in g.items()})
            for k in p:
                p[k] = p[k] - lr * g[k]
            observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, inputs=X.T, predictions=h.T, targets=Y.T)
            trace["losses"].append(loss)
    trace["h"] = h
    return trace


SYMPTOMS = [
    Symptom("gradient-mismatch", "at the start dw differs from central differences by > 10%",
            lambda t: gradient_error(loss_of, *t["start"], "w") > 0.1),
]
