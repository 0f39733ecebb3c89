"""A sigmoid unit fed raw inputs around 60: z = 50, the output is 1.0 and the gradient is 0."""
import numpy as np

from doctor_corpus import Symptom, constant_rows, flat, gradients_vanish, saturated_fraction, sigmoid

SOURCE = "https://stats.stackexchange.com/questions/490374/backpropogation-derivatives"
DIAGNOSIS = ("With a^(l-1) = 62.5 and w = 0.8, z = 50 and sigma(z) rounds to 1: sigma'(z) = 0, so the gradient is "
             "0 although the output is completely wrong (target 0). A numerical issue: normalise the inputs.")
CHOICES = ("20 samples with one input uniform in [50, 75] (the post's 62.5 in the middle), targets 0 / 1 by "
           "whether x > 62.5; one sigmoid unit with the post's w = 0.8 and bias 0; squared error, lr 0.1, 100 "
           "epochs of full-batch descent; observe gets loss, params, grads, the sigmoid's output as an "
           "activation with its kind, predictions, targets and inputs.")


def run(observe, epochs=100, lr=0.1):
    rng = np.random.default_rng(0)
    x = rng.uniform(50, 75, size=(20, 1))
    y = (x > 62.5).astype(float)
    p = {"w": np.array([[0.8]]), "b": np.zeros(1)}
    trace = {"losses": []}
    for epoch in range(epochs):
        a = sigmoid(x @ p["w"] + p["b"])
        loss = float(np.mean((a - y) ** 2))
        dz = 2 * (a - y) * a * (1 - a) / len(x)
        g = {"w": x.T @ dz, "b": dz.sum(0)}
        for k in p:
            p[k] -= lr * g[k]
        observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, activations={"output": a},
                activation_kinds={"output": "sigmoid"}, predictions=a, targets=y, inputs=x)
        trace["losses"].append(loss)
    trace.update(a=a, x=x)
    trace["last"] = ({k: np.array(v, dtype=float) for k, v in p.items()},
                     {k: np.array(v, dtype=float) for k, v in g.items()})
    return trace


SYMPTOMS = [
    Symptom("saturated-activation", "every output within 1e-3 of 0 or 1", lambda t: saturated_fraction(t["a"]) == 1),
    Symptom("unscaled-inputs", "inputs of 50-75", lambda t: t["x"].min() >= 50),
    Symptom("loss-plateau", "the loss moves < 5% over the second half and stays above 0.3 (8 of 20 targets wrong)",
            lambda t: flat(t["losses"]) and t["losses"][-1] > 0.3),
    Symptom("vanishing-gradients", "at the last step one weight matrix's ||dW|| / ||W|| is < 1e-3 of another's "
            "(or every one < 1e-8)", gradients_vanish),
    Symptom("constant-output", "every output within 1e-6 of the mean (all 1.0)", lambda t: constant_rows(t["a"], 1e-6)),
]
