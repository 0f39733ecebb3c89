"""The one-neuron logistic regression of the 'predicting the contrary' question with the answer's fix."""
import numpy as np

from doctor_corpus import Symptom, sigmoid

SOURCE = "https://datascience.stackexchange.com/questions/25394/why-can-it-be-that-my-neural-network-is-predicting-the-contrary"
DIAGNOSIS = "The answer: dw = 1/m * dz.dot(activations[d - 1].T), the layer's input; then it learns."
CHOICES = "broken/logistic_unit_gradient_uses_own_output.py with the input in dw; lr 1.0, 60 epochs."

X = np.array([[-3.0, -2.0, 2.0, 3.0]])
Y = np.array([[0.0, 0.0, 1.0, 1.0]])


def run(observe, epochs=60, lr=1.0):
    p = {"w": np.array([[0.01]]), "b": np.array([[0.01]])}
    trace = {"losses": []}
    for epoch in range(epochs):
        h = sigmoid(p["w"] @ X + p["b"])
        loss = float(-np.mean(Y * np.log(h) + (1 - Y) * np.log(1 - h)))
        dz = h - Y
        m = X.shape[1]
        g = {"w": dz @ X.T / m, "b": dz.sum(axis=1, keepdims=True) / m}
        for k in p:
            p[k] = p[k] - lr * g[k]
        observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, predictions=h.T, targets=Y.T)
        trace["losses"].append(loss)
    trace["h"] = h
    return trace


SYMPTOMS = [Symptom(None, "every prediction on the right side of 0.5 and the loss below 0.05",
                    lambda t: np.all((t["h"] > 0.5) == (Y > 0.5)) and t["losses"][-1] < 0.05)]
