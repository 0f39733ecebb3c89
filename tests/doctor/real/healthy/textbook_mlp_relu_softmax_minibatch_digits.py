"""A textbook's complete from-scratch MNIST MLP, 784-128-64-10 with ReLU hidden layers, a softmax output and
cross-entropy on integer labels, trained with shuffled mini-batches (here on 8x8 digits: 64-128-64-10)."""
import numpy as np

from doctor_corpus import Symptom, digits, softmax_rows

HELD_OUT = True
ROUND = 5
SOURCE = "https://www.textbookofai.com/chapter/neural-networks/9-16-a-from-scratch-mnist-mlp.html"
DIAGNOSIS = ("A working reference program: He-initialised ReLU layers, a softmax with cross-entropy whose gradient "
             "is (p - onehot) / B, shuffled mini-batches; it reaches about 97% on MNIST.")
CHOICES = ("scikit-learn's 8x8 digits (600 samples, pixels / 16) instead of MNIST, so 64 inputs; the chapter's "
           "hidden sizes 128 and 64, He init N(0, 2 / fan_in), zero biases, batches of 64, lr 0.2 and 10 epochs; "
           "observe once per epoch with the mean of the batch losses, the parameters, the last batch's gradients "
           "(spelled grad_W1 ...), lr, and that batch's integer labels and softmax outputs.")


def run(observe, epochs=10, lr=0.2, batch=64):
    X, labels = digits(600, seed=2)
    X = X / 16
    sizes = [64, 128, 64, 10]
    rng = np.random.default_rng(0)
    p = {}
    for i in range(3):
        p[f"W{i + 1}"] = rng.standard_normal((sizes[i], sizes[i + 1])) * np.sqrt(2 / sizes[i])
        p[f"b{i + 1}"] = np.zeros(sizes[i + 1])
    trace = {"losses": []}
    for epoch in range(epochs):
        order = rng.permutation(len(X))
        batch_losses = []
        for start in range(0, len(X), batch):
            idx = order[start:start + batch]
            xb, yb = X[idx], labels[idx]
            z1 = xb @ p["W1"] + p["b1"]
            h1 = np.maximum(0, z1)
            z2 = h1 @ p["W2"] + p["b2"]
            h2 = np.maximum(0, z2)
            probs = softmax_rows(h2 @ p["W3"] + p["b3"])
            batch_losses.append(float(-np.mean(np.log(probs[np.arange(len(yb)), yb] + 1e-12))))
            d3 = probs.copy()
            d3[np.arange(len(yb)), yb] -= 1
            d3 /= len(yb)
            d2 = (d3 @ p["W3"].T) * (z2 > 0)
            d1 = (d2 @ p["W2"].T) * (z1 > 0)
            g = {"grad_W3": h2.T @ d3, "grad_b3": d3.sum(axis=0), "grad_W2": h1.T @ d2, "grad_b2": d2.sum(axis=0),
                 "grad_W1": xb.T @ d1, "grad_b1": d1.sum(axis=0)}
            p = {k: p[k] - lr * g["grad_" + k] for k in p}
        loss = float(np.mean(batch_losses))
        observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, targets=yb, predictions=probs)
        trace["losses"].append(loss)
    h = np.maximum(0, np.maximum(0, X @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"])
    trace["accuracy"] = float(np.mean((h @ p["W3"] + p["b3"]).argmax(axis=1) == labels))
    return trace


SYMPTOMS = [Symptom(None, "after 10 epochs at least 95% of the 600 digits are classified right",
                    lambda t: t["accuracy"] >= 0.95)]
