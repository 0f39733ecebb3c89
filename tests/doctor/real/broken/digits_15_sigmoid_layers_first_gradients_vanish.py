"""A 15-hidden-layer sigmoid network (64 inputs, 16 units per hidden layer, one sigmoid output, Xavier-scaled
N(0, 1) * sqrt(1 / fan_in) weights, zero biases) trained by full-batch gradient descent with binary
cross-entropy to tell even digits from odd ones. Each sigmoid layer multiplies the backpropagated error by
its slope (at most 0.25) and by weights of norm about 1, so at the first observation the first layer's
||dW|| / ||W|| is ~1e-11 of the output layer's: the first layers never move, the cost stays near log 2 = 0.693 and the
network ends predicting one probability for every image (the share of even digits), where every
gradient is ~1e-11."""
import numpy as np

from doctor_corpus import Symptom, digits, flat, gradient_ratios, gradients_vanish, sigmoid

HELD_OUT = True
ROUND = 10
SOURCE = "https://thecodeforge.io/ml-ai/what-is-neural-network/"
DIAGNOSIS = ("The article's production incident: gradient norms below 1e-8 in the first 5 layers froze a 15-layer "
             "network; sigmoid's derivative is at most 0.25, so in a deep sigmoid network the gradient shrinks "
             "layer by layer and training stalls. Use ReLU in hidden layers (with He initialisation) and "
             "normalise the inputs.")
CHOICES = ("The article gives the depth (15 layers), the activation and the gradient norms, not the data or widths: "
           "scikit-learn's 8x8 digits (500 images, pixels / 16) with the label even/odd, 16 sigmoid units per "
           "hidden layer, Xavier-scaled weights (our generator, seed 0), zero biases, lr 0.5, 150 full-batch "
           "epochs; the network is a list of layer objects with .W, .b and the .dW, .db their backward pass "
           "fills; observe() every 5 epochs after the update with the cost, the weights and biases as W1 .. W16, "
           "b1 .. b16 and the last backward pass's dW1 .., lr, inputs, targets and predictions.")

HIDDEN, WIDTH = 15, 16


class Layer:
    def __init__(self, n_in, n_out, rng):
        self.W = rng.standard_normal((n_in, n_out)) * np.sqrt(1.0 / n_in)
        self.b = np.zeros((1, n_out))

    def forward(self, x):
        self.x = x
        self.a = sigmoid(x @ self.W + self.b)
        return self.a

    def backward(self, delta_z):                         # delta_z: dL/dz of this layer
        self.dW, self.db = self.x.T @ delta_z, delta_z.sum(axis=0, keepdims=True)
        return (delta_z @ self.W.T) * self.x * (1 - self.x)   # dL/dz of the layer before (a sigmoid)


def run(observe, epochs=150, lr=0.5, every=5):
    images, labels = digits(500, seed=3)
    X, y = images / 16.0, (labels % 2 == 0).astype(float).reshape(-1, 1)
    rng = np.random.default_rng(0)
    sizes = [64] + [WIDTH] * HIDDEN + [1]
    layers = [Layer(n_in, n_out, rng) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    trace = {"losses": []}
    for epoch in range(epochs):
        out = X
        for layer in layers:
            out = layer.forward(out)
        cost = float(-np.mean(y * np.log(out) + (1 - y) * np.log(1 - out)))
        delta = (out - y) / len(y)
        for layer in reversed(layers):
            delta = layer.backward(delta)
        for layer in layers:
            layer.W -= lr * layer.dW
            layer.b -= lr * layer.db
        if epoch % every == 0:
            params, grads = {}, {}
            for k, l in enumerate(layers, start=1):
                params[f"W{k}"], params[f"b{k}"], grads[f"dW{k}"], grads[f"db{k}"] = l.W, l.b, l.dW, l.db
            observe(epoch=epoch, loss=cost, params=params, grads=grads, lr=lr, inputs=X, targets=y, predictions=out)
            trace["losses"].append(cost)
            trace["last"] = ({f"W{k + 1}": l.W.copy() for k, l in enumerate(layers)},
                             {f"W{k + 1}": l.dW.copy() for k, l in enumerate(layers)})
            trace.setdefault("first", trace["last"])
            trace["spread"] = float(out.max() - out.min())
    trace["first_five_norms"] = [float(np.linalg.norm(layers[k].dW)) for k in range(5)]
    return trace


def first_layer_starved(t):
    ratios = gradient_ratios(*t["first"])
    return ratios["W1"] < 1e-3 * ratios[f"W{HIDDEN + 1}"]


SYMPTOMS = [
    Symptom("vanishing-gradients", "at the first observation ||dW1|| / ||W1|| is below 1e-3 of the output layer's, "
            "and at the last every ||dW|| / ||W|| is below 1e-8 with the first five layers' gradient norms below "
            "1e-7", lambda t: first_layer_starved(t) and gradients_vanish(t) and max(t["first_five_norms"]) < 1e-7),
    Symptom("constant-output", "at the last observation the predicted probabilities of the 500 images differ by less"
            " than 1e-6", lambda t: t["spread"] < 1e-6),
    Symptom("loss-plateau", "over the second half of the run the cost moves by less than 1% and stays above 0.68 "
            "(log 2 = 0.693 is the cost of predicting one probability for every image)",
            lambda t: flat(t["losses"], since=0.5, rel=0.01) and min(t["losses"][len(t["losses"]) // 2:]) > 0.68),
]
