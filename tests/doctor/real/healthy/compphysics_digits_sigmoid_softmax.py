"""The Oslo FYS-STK lecture network: digits, 50 sigmoid hidden units, softmax output, integer labels."""
import numpy as np

from doctor_corpus import Symptom, digits, one_hot, sigmoid

SOURCE = "https://compphysics.github.io/MachineLearning/doc/pub/week42/html/._week42-bs079.html"
DIAGNOSIS = ("A working lecture example: 64-50-10 on sklearn's digits, hidden weights randn, biases 0.01, "
             "sigmoid hidden layer, softmax output, cross-entropy with one-hot targets, SGD with L2 "
             "regularisation.")
CHOICES = ("1,000 digits (pixels as given, 0-16, as the lecture feeds them), eta 0.01, lambda 0.01, batches "
           "of 100, 15 epochs; observe once per epoch with loss, params, grads of the last batch, the hidden "
           "activations with their kind, the softmax probabilities and the integer labels 0-9.")


def run(observe, epochs=15, eta=0.01, lmbd=0.01, batch=100):
    X, labels = digits(1000, seed=2)
    Y = one_hot(labels, 10)
    rng = np.random.default_rng(0)
    p = {"hidden_weights": rng.standard_normal((64, 50)), "hidden_bias": np.zeros(50) + 0.01,
         "output_weights": rng.standard_normal((50, 10)), "output_bias": np.zeros(10) + 0.01}
    trace = {"losses": []}
    for epoch in range(epochs):
        order = rng.permutation(len(X))
        for k in range(0, len(X), batch):
            x, y = X[order[k:k + batch]], Y[order[k:k + batch]]
            a_h = sigmoid(x @ p["hidden_weights"] + p["hidden_bias"])
            z_o = a_h @ p["output_weights"] + p["output_bias"]
            e = np.exp(z_o - z_o.max(axis=1, keepdims=True))
            probs = e / e.sum(axis=1, keepdims=True)
            err_o = probs - y
            err_h = err_o @ p["output_weights"].T * a_h * (1 - a_h)
            g = {"output_weights": a_h.T @ err_o + lmbd * p["output_weights"], "output_bias": err_o.sum(0),
                 "hidden_weights": x.T @ err_h + lmbd * p["hidden_weights"], "hidden_bias": err_h.sum(0)}
            for n in p:
                p[n] = p[n] - eta * g[n]
        a_h = sigmoid(X @ p["hidden_weights"] + p["hidden_bias"])
        z_o = a_h @ p["output_weights"] + p["output_bias"]
        e = np.exp(z_o - z_o.max(axis=1, keepdims=True))
        probs = e / e.sum(axis=1, keepdims=True)
        loss = float(-np.mean(np.log(probs[np.arange(len(X)), labels] + 1e-12)))
        observe(epoch=epoch, loss=loss, params=p, grads=g, lr=eta, activations={"hidden": a_h},
                activation_kinds={"hidden": "sigmoid"}, predictions=probs, targets=labels)
        trace["losses"].append(loss)
    trace["accuracy"] = float(np.mean(np.argmax(probs, axis=1) == labels))
    return trace


SYMPTOMS = [Symptom(None, "training accuracy above 90%", lambda t: t["accuracy"] > 0.9)]
