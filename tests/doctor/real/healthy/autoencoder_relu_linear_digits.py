"""A 64-16-64 autoencoder, ReLU encoder and linear decoder, MSE over every entry: it reconstructs the digits."""
import numpy as np

from doctor_corpus import Symptom, digits

HELD_OUT = True
SOURCE = "https://crackedaicode.com/problems/autoencoder"
DIAGNOSIS = ("A specification of a working autoencoder: z = ReLU(x W_e + b_e), x_hat = z W_d + b_d, loss = "
             "sum (x - x_hat)^2 / (N D).")
CHOICES = ("The page gives the forward pass and loss only; we train it: sklearn's digits (pixels / 16), 500 "
           "samples, latent 16, He init for W_e, Xavier for W_d, biases 0, full-batch gradient descent with "
           "lr 2 for 1,000 epochs; observe every 10th epoch with loss, params, grads, lr, the latent activations "
           "(relu), "
           "predictions and targets.")


def run(observe, epochs=1000, lr=2.0, every=10):
    X = digits(500)[0] / 16.0
    n, d = X.shape
    rng = np.random.default_rng(0)
    p = {"W_e": rng.normal(0, np.sqrt(2 / 64), (64, 16)), "b_e": np.zeros(16),
         "W_d": rng.normal(0, np.sqrt(1 / 16), (16, 64)), "b_d": np.zeros(64)}
    trace = {"losses": []}
    for epoch in range(epochs):
        pre = X @ p["W_e"] + p["b_e"]
        z = np.maximum(pre, 0)
        out = z @ p["W_d"] + p["b_d"]
        loss = float(np.sum((X - out) ** 2) / (n * d))
        d_out = 2 * (out - X) / (n * d)
        d_pre = (d_out @ p["W_d"].T) * (pre > 0)        # ReLU passes gradient only where it was active
        g = {"W_d": z.T @ d_out, "b_d": d_out.sum(0), "W_e": X.T @ d_pre, "b_e": d_pre.sum(0)}
        p = {k: p[k] - lr * g[k] for k in p}
        if epoch % every == 0:
            observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, activations={"latent": z},
                    activation_kinds={"latent": "relu"}, predictions=out, targets=X)
            trace["losses"].append(loss)
    trace["baseline"] = float(np.mean((X - X.mean(0)) ** 2))
    return trace


SYMPTOMS = [Symptom(None, "the reconstruction error ends below 60% of that of predicting the mean image",
                    lambda t: t["losses"][-1] < 0.6 * t["baseline"])]
