"""A 8-16-1 regression network (ReLU hidden layer, linear output, mean squared error, He-scaled weights) on
raw housing features: median income ~1-15, house age 1-52, population up to ~35,000, latitude ~32-42,
longitude ~-124 to -114. With population in the thousands the first layer's pre-activations and gradients are
thousands of times those of the other features: the first error is ~7e5, even at lr 1e-7 the first steps
push 14 of the 16 hidden ReLUs below 0 for every house (4 are dead from the start), and the network settles
at a mean squared error of ~4.6, more than five times the error of predicting the mean value (0.83), and
stays there; on standardised features the same network at lr 0.01 gets below 0.2 in the same 500 epochs."""
import numpy as np

from doctor_corpus import Symptom, california_like, flat

HELD_OUT = True
ROUND = 10
SOURCE = "https://thecodeforge.io/ml-ai/what-is-neural-network/"
DIAGNOSIS = ("The article's production insight: without input normalisation training routinely fails to converge, "
             "because features on different scales produce wildly uneven gradients; normalise the inputs (zero "
             "mean, unit variance) before training.")
CHOICES = ("The article names the failure, not a data set: doctor_corpus.california_like (400 houses, 8 raw "
           "features of California-housing scale, value in $100,000s) as features of very different scales; "
           "one hidden layer of 16 ReLU units, He-scaled weights, zero biases (our generator, seed 0), x @ W, full"
           " batch, lr 1e-7 (at 1e-5 the error sticks above 1,000), 500 epochs; observe() every 10 epochs before "
           "the update with the mean squared error, W1, b1, W2, b2, dW1 ..., lr, the raw inputs, targets and "
           "predictions.")


def run(observe, epochs=500, lr=1e-7, every=10):
    X, value = california_like(400, seed=3)
    y = value.reshape(-1, 1)
    rng = np.random.default_rng(0)
    W1, b1 = rng.standard_normal((8, 16)) * np.sqrt(2 / 8), np.zeros((1, 16))
    W2, b2 = rng.standard_normal((16, 1)) * np.sqrt(2 / 16), np.zeros((1, 1))
    trace = {"losses": []}
    with np.errstate(all="ignore"):
        for epoch in range(epochs):
            z = X @ W1 + b1
            h = np.maximum(z, 0)
            pred = h @ W2 + b2
            d_pred = 2 * (pred - y) / len(y)
            dh = (d_pred @ W2.T) * (z > 0)
            grads = {"dW1": X.T @ dh, "db1": dh.sum(axis=0, keepdims=True), "dW2": h.T @ d_pred,
                     "db2": d_pred.sum(axis=0, keepdims=True)}
            if epoch % every == 0:
                loss = float(np.mean((pred - y) ** 2))
                observe(epoch=epoch, loss=loss, params={"W1": W1, "b1": b1, "W2": W2, "b2": b2}, grads=grads, lr=lr,
                        inputs=X, targets=y, predictions=pred)
                trace["losses"].append(loss)
                trace.setdefault("dead", []).append(int(np.sum(np.all(z <= 0, axis=0))))
            W1 -= lr * grads["dW1"]
            b1 -= lr * grads["db1"]
            W2 -= lr * grads["dW2"]
            b2 -= lr * grads["db2"]
    varying = X.std(axis=0) > 0
    feature_max = np.abs(X[:, varying]).max(axis=0)
    trace["scale_ratio"] = float(feature_max.max() / feature_max.min())
    trace["max_input"] = float(np.abs(X).max())
    trace["mean_predictor_loss"] = float(np.var(y))
    return trace


SYMPTOMS = [
    Symptom("dead-relu", "at each of the last 3 observations at least 12 of the 16 hidden ReLUs are <= 0 for every "
            "sample (4 at the first)", lambda t: min(t["dead"][-3:]) >= 12),
    Symptom("unscaled-inputs", "some input is above 20 in size and the features' largest values differ by more "
            "than 1000x", lambda t: t["max_input"] > 20 and t["scale_ratio"] > 1000),
    Symptom("loss-plateau", "over the second half of the run the error moves by less than 1% and stays above 3x the "
            "error of predicting the mean target", lambda t: flat(t["losses"], since=0.5, rel=0.01)
            and min(t["losses"][len(t["losses"]) // 2:]) > 3 * t["mean_predictor_loss"]),
]
