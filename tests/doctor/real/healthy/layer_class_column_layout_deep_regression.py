"""A deep regression network built from Layer objects in the column layout (W of shape (out, in), b (out, 1),
Z = W @ A_prev + b, samples on axis 1): ReLU hidden layers, a linear output, the mean squared error and plain
gradient descent on y = sin(x0) + 0.5 x1^2 - 0.8 x2."""
import numpy as np

from doctor_corpus import Symptom

HELD_OUT = True
ROUND = 6
SOURCE = "https://github.com/nchhabra324-git/Deep-Learning-Assignments"
DIAGNOSIS = ("A working assignment notebook: each layer keeps its input and pre-activation, the backward pass "
             "multiplies by the activation's derivative at the pre-activation and averages over the samples; the "
             "inputs are already within [-2, 2] and the MSE falls well below the targets' variance.")
CHOICES = ("The notebook's data (400 samples of 3 features uniform in [-2, 2], the target above, X.T and y.T so "
           "samples are columns) and layers (W uniform(-0.5, 0.5) of shape (out, in), b zeros (out, 1), ReLU hidden, "
           "linear output); layer sizes 3-32-16-1, learning rate 0.05 and 1,000 epochs (ours); observe every 10th "
           "epoch with the MSE, W1, b1 ... (numbered the way a user would flatten the list of layers), their "
           "gradients dW1 ..., lr, inputs (3, 400), targets and predictions (1, 400).")


class Layer:
    def __init__(self, n_in, n_out, activation, rng):
        self.W = rng.uniform(-0.5, 0.5, (n_out, n_in))
        self.b = np.zeros((n_out, 1))
        self.activation = activation

    def forward(self, A_prev):
        self.A_prev = A_prev
        self.Z = self.W @ A_prev + self.b
        return np.maximum(0, self.Z) if self.activation == "relu" else self.Z

    def backward(self, dA):
        dZ = dA * (self.Z > 0) if self.activation == "relu" else dA
        m = dA.shape[1]
        self.dW, self.db = dZ @ self.A_prev.T / m, dZ.sum(axis=1, keepdims=True) / m
        return self.W.T @ dZ


def run(observe, epochs=1000, lr=0.05, every=10):
    rng = np.random.default_rng(42)
    X = rng.uniform(-2, 2, (400, 3))
    y = (np.sin(X[:, 0]) + 0.5 * X[:, 1] ** 2 - 0.8 * X[:, 2]).reshape(-1, 1)
    X, y = X.T, y.T
    dims = [3, 32, 16, 1]
    layers = [Layer(dims[i], dims[i + 1], "relu" if i < len(dims) - 2 else "linear", rng) for i in range(len(dims) - 1)]
    trace = {"losses": [], "variance": float(y.var())}
    for epoch in range(epochs):
        A = X
        for layer in layers:
            A = layer.forward(A)
        loss = float(np.mean((A - y) ** 2))
        dA = 2 * (A - y)
        for layer in reversed(layers):
            dA = layer.backward(dA)
        if epoch % every == 0:
            params, grads = {}, {}
            for k, layer in enumerate(layers, start=1):
                params[f"W{k}"], params[f"b{k}"] = layer.W, layer.b
                grads[f"dW{k}"], grads[f"db{k}"] = layer.dW, layer.db
            observe(epoch=epoch, loss=loss, params=params, grads=grads, lr=lr, inputs=X, targets=y, predictions=A)
            trace["losses"].append(loss)
        for layer in layers:
            layer.W = layer.W - lr * layer.dW
            layer.b = layer.b - lr * layer.db
    return trace


SYMPTOMS = [Symptom(None, "the MSE falls below 5% of the targets' variance (a constant prediction scores 100%)",
                    lambda t: t["losses"][-1] < 0.05 * t["variance"])]
