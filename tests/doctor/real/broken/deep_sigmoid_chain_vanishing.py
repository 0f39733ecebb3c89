"""Five sigmoid layers of one neuron, every weight 0.1: the first layers get almost no gradient."""
import numpy as np

from doctor_corpus import Symptom, gradients_vanish, sigmoid

HELD_OUT = True
SOURCE = "https://www.mohdvasim.com/blog/deep-learning/03-activations/01-vanishing-gradient"
DIAGNOSIS = ("Not a coding error: each sigmoid multiplies the gradient by its derivative (at most 0.25) and by a "
             "weight of 0.1, so the first layer's gradient is ~(0.025)^4 of the last one's and the first layers "
             "learn almost nothing. Use ReLU (or a better initialisation) in deep networks.")
CHOICES = ("The post's anchor network: one input x = 1, target y = 1, five weights 0.1 and five biases 0 "
           "(four sigmoid hidden neurons and a sigmoid output), binary cross-entropy; plain gradient descent "
           "with lr 0.1 for 100 epochs (the post's 'first hundred epochs'); observe gets loss, params, grads, "
           "every layer's activation (as activations, kinds sigmoid) and the prediction.")

DEPTH = 5


def run(observe, epochs=100, lr=0.1):
    p = {}
    for k in range(1, DEPTH + 1):
        p[f"w{k}"], p[f"b{k}"] = np.array([[0.1]]), np.array([[0.0]])
    x, y = np.array([[1.0]]), np.array([[1.0]])
    trace = {"losses": []}
    for epoch in range(epochs):
        a = [x]
        for k in range(1, DEPTH + 1):
            a.append(sigmoid(a[-1] @ p[f"w{k}"] + p[f"b{k}"]))
        out = a[-1]
        loss = float(-np.mean(y * np.log(out) + (1 - y) * np.log(1 - out)))
        delta = out - y                                  # d loss / d z of the sigmoid output with cross-entropy
        g = {}
        for k in range(DEPTH, 0, -1):
            g[f"w{k}"], g[f"b{k}"] = a[k - 1].T @ delta, delta.sum(0, keepdims=True)
            delta = (delta @ p[f"w{k}"].T) * a[k - 1] * (1 - a[k - 1])
        trace["last"] = ({k: v.copy() for k, v in p.items()}, g)
        for k in p:
            p[k] = p[k] - lr * g[k]
        observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, predictions=out, targets=y,
                activations={f"layer{k}": a[k] for k in range(1, DEPTH + 1)},
                activation_kinds={f"layer{k}": "sigmoid" for k in range(1, DEPTH + 1)})
        trace["losses"].append(loss)
    return trace


SYMPTOMS = [Symptom("vanishing-gradients", "at the last step ||dw1|| / ||w1|| is below 1e-3 of the largest ratio",
                    gradients_vanish)]
