"""A 2-3-1 network with sigmoids on the hidden and the output layer, good at AND/OR/XOR, given patterns whose inputs
and targets reach 1,000: the input 1,000 drives the hidden sigmoids into their tails, the output can never exceed
1 while one target is 1,000: every output is pinned at 1 and the squared error stays at 999^2 / 8 for the whole
run."""
import numpy as np

from doctor_corpus import Symptom, constant_rows, flat, gradients_vanish, saturated_fraction, sigmoid

HELD_OUT = True
ROUND = 6
SOURCE = "http://stackoverflow.com/questions/9048031/neural-network-output-scaling-the-output-range"
DIAGNOSIS = ("The accepted answer: a sigmoid output gives values in [0, 1], right for classification; for a "
             "regression target in the thousands take the raw linear combination as the output (the network learns"
             " weights that give outputs in the thousands), and scale the input features, e.g. to [-1, 1].")
CHOICES = ("The post's four patterns (0, 0) -> 0, (0, 1) -> 1000, (1000, 1) -> 1, (1, 1) -> 0; one hidden layer of "
           "3 sigmoid units and a sigmoid output (the post's three layers), weights and biases uniform(-0.5, 0.5), "
           "the loss 0.5 * mean((y - o)^2), full-batch gradient descent at lr 0.5 for 2,000 epochs (the post gives "
           "neither); observe every 20th epoch with the loss, W1, b1, W2, b2, their gradients, lr, inputs, targets, "
           "predictions and the hidden activations with their kind.")

X = np.array([[0.0, 0], [0, 1], [1000, 1], [1, 1]])
Y = np.array([[0.0], [1000], [1], [0]])


def run(observe, epochs=2000, lr=0.5, every=20):
    rng = np.random.default_rng(0)
    p = {"W1": rng.uniform(-0.5, 0.5, (2, 3)), "b1": rng.uniform(-0.5, 0.5, 3),
         "W2": rng.uniform(-0.5, 0.5, (3, 1)), "b2": rng.uniform(-0.5, 0.5, 1)}
    trace = {"losses": []}
    for epoch in range(epochs):
        hidden = sigmoid(X @ p["W1"] + p["b1"])
        out = sigmoid(hidden @ p["W2"] + p["b2"])
        loss = float(0.5 * np.mean((Y - out) ** 2))
        delta2 = (out - Y) * out * (1 - out) / len(X)
        delta1 = (delta2 @ p["W2"].T) * hidden * (1 - hidden)
        g = {"dW1": X.T @ delta1, "db1": delta1.sum(axis=0), "dW2": hidden.T @ delta2, "db2": delta2.sum(axis=0)}
        if epoch % every == 0:
            observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, inputs=X, targets=Y, predictions=out,
                    activations={"hidden": hidden}, activation_kinds={"hidden": "sigmoid"})
            trace["losses"].append(loss)
            trace["out"], trace["hidden"] = out, hidden
            trace["last"] = ({k: v.copy() for k, v in p.items()}, {k: g["d" + k] for k in p})
        p = {k: p[k] - lr * g["d" + k] for k in p}
    return trace


SYMPTOMS = [
    Symptom("output-activation-mismatch", "a target (1000) lies outside the sigmoid output's range (0, 1)",
            lambda t: Y.max() > 1 and bool(np.all(t["out"] <= 1))),
    Symptom("unscaled-inputs", "an input feature reaches 1000 while the other stays within [0, 1]",
            lambda t: X[:, 0].max() >= 1000 and X[:, 1].max() <= 1),
    Symptom("saturated-activation", "at the end at least a quarter of the hidden outputs and the output for the "
            "1000 target lie within 1e-3 of 0 or 1",
            lambda t: saturated_fraction(t["hidden"]) >= 0.25 and saturated_fraction(t["out"][1]) == 1.0),
    Symptom("constant-output", "every final output is the same (1.0 to within 1e-6) whatever the input",
            lambda t: constant_rows(t["out"], tol=1e-6)),
    Symptom("loss-plateau", "the loss moves < 5% over the second half, within 1% of (1000 - 1)^2 / 8",
            lambda t: flat(t["losses"]) and abs(t["losses"][-1] / (999 ** 2 / 8) - 1) < 0.01),
    # Added after the first measurement (the doctor found it; the label was missing): outputs of exactly 1.0 make
    # out * (1 - out) = 0, so no gradient reaches any weight.
    Symptom("vanishing-gradients", "at the end every ||dW|| / ||W|| is below 1e-8 (or one is 1000x below another)",
            gradients_vanish),
]
