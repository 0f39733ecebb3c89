"""The deep-learning course's initialisation exercise with "large" random weights: a 2-10-5-1 network (ReLU,
ReLU, sigmoid output, W @ X layout with samples in columns) on two noisy concentric circles, weights
N(0, 1) * 10, zero biases, lr 0.01, binary cross-entropy summed with nansum. The first outputs are saturated
at 0 or 1 and over 40% of them are confidently wrong, so the cost of iteration 0 is inf (-log(0)); after
that the run settles on a poor solution and the cost barely moves (about 70% training accuracy here; the
course's own run ends at 83%, where small He-scaled weights reach 99%)."""
import numpy as np

from doctor_corpus import Symptom, flat, sigmoid

HELD_OUT = True
ROUND = 10
SOURCE = "https://community.deeplearning.ai/t/random-initialization/86952"
DIAGNOSIS = ("The notebook's observation, discussed in the thread: the cost starts very high because with large "
             "random weights the last activation (sigmoid) outputs values very close to 0 or 1 for some examples, "
             "and a confidently wrong example costs a lot (log(0) is infinite); weights may be positive or "
             "negative, so z is large in either direction and the output saturates at either end. Poor "
             "initialisation leads to slow optimisation and a worse result.")
CHOICES = ("The exercise's data (scikit-learn make_circles, 300 samples, noise 0.05; random_state 1 ours), layer "
           "sizes, ReLU / sigmoid, N(0, 1) * 10 weights (our generator, seed 1), zero biases, lr 0.01 and the "
           "nansum cost; 2,000 iterations instead of 15,000 (the cost has flattened by then); observe() every 100 "
           "iterations before the update, as a course student would add it: cost, W1..b3, dW1..db3, lr, the "
           "inputs and labels with samples in columns as the notebook keeps them (2, 300) and (1, 300), the two "
           "ReLU activations (samples on axis 0) with their kinds, and A3 as the predictions.")


def run(observe, iterations=2000, learning_rate=0.01, every=100):
    from sklearn.datasets import make_circles
    X, labels = make_circles(300, noise=0.05, random_state=1)
    X, Y = X.T, labels.reshape(1, -1).astype(float)
    m = X.shape[1]
    rng = np.random.default_rng(1)
    dims = [2, 10, 5, 1]
    parameters = {}
    for l in range(1, 4):
        parameters[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1])) * 10
        parameters[f"b{l}"] = np.zeros((dims[l], 1))
    trace = {"losses": [], "accuracies": []}
    with np.errstate(all="ignore"):
        for i in range(iterations):
            p = parameters
            Z1 = p["W1"] @ X + p["b1"]
            A1 = np.maximum(Z1, 0)
            Z2 = p["W2"] @ A1 + p["b2"]
            A2 = np.maximum(Z2, 0)
            A3 = sigmoid(p["W3"] @ A2 + p["b3"])
            cost = float(np.nansum(-np.log(A3) * Y - np.log(1 - A3) * (1 - Y)) / m)
            dZ3 = A3 - Y
            grads = {"dW3": dZ3 @ A2.T / m, "db3": dZ3.sum(axis=1, keepdims=True) / m}
            dZ2 = (p["W3"].T @ dZ3) * (Z2 > 0)
            grads["dW2"], grads["db2"] = dZ2 @ A1.T / m, dZ2.sum(axis=1, keepdims=True) / m
            dZ1 = (p["W2"].T @ dZ2) * (Z1 > 0)
            grads["dW1"], grads["db1"] = dZ1 @ X.T / m, dZ1.sum(axis=1, keepdims=True) / m
            if i % every == 0:
                observe(epoch=i, loss=cost, params=parameters, grads=grads, lr=learning_rate, inputs=X, targets=Y,
                        activations={"relu1": A1.T, "relu2": A2.T},
                        activation_kinds={"relu1": "relu", "relu2": "relu"}, predictions=A3)
                trace["losses"].append(cost)
                trace["accuracies"].append(float(np.mean((A3 > 0.5) == (Y > 0.5))))
                if i == 0:
                    trace["first_outputs"] = A3.copy()
                    trace["first_params_finite"] = all(np.all(np.isfinite(v)) for v in parameters.values())
            for key in parameters:
                parameters[key] -= learning_rate * grads["d" + key]
    trace["Y"] = Y
    return trace


def first_cost_infinite(t):
    out, Y = t["first_outputs"], t["Y"]
    confidently_wrong = np.mean(np.abs(out - Y) > 0.99)
    return t["losses"][0] == np.inf and t["first_params_finite"] and confidently_wrong > 0.3


SYMPTOMS = [
    Symptom("non-finite", "the cost of iteration 0 is inf with finite weights: over 30% of the first outputs are "
            "confidently wrong (|a - y| > 0.99), some exactly 0 or 1", first_cost_infinite),
    Symptom("loss-plateau", "over the second half of the run the cost moves by less than 5% while the training "
            "accuracy stays below 75%", lambda t: flat(t["losses"], since=0.5, rel=0.05)
            and max(t["accuracies"][len(t["accuracies"]) // 2:]) < 0.75),
]
