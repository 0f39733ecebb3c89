"""sin(x) on [0, 1) with a 1-3-1 sigmoid net whose update adds the gradient (error = prediction - target)."""
import numpy as np

from doctor_corpus import Symptom, constant_rows, flat, saturated_fraction, sigmoid

SOURCE = "https://datascience.stackexchange.com/questions/44698/calculating-sin-function-with-neural-network-using-python"
DIAGNOSIS = ("(No answer in the copy of the thread we could read; our reading of the posted code.) Error is "
             "defined as predicted - target, which makes error * slope the gradient of the squared error, and the "
             "weights are then updated with += lr * gradient: gradient ascent. The error grows instead of "
             "shrinking (the asker: 'the final error does not seem to reach any close to zero').")
CHOICES = ("The post's np.random.seed(1000), 50 inputs uniform in [0, 1), sin targets, weights and biases "
           "uniform [0, 1), lr 0.1; 400 of its 20,000 epochs; the loss is the mean squared error; observe "
           "gets loss, params, the gradients the loop computes (right ones: it only adds them), predictions "
           "and targets.")


def run(observe, epochs=400, lr=0.1):
    np.random.seed(1000)
    x = np.random.uniform(size=(50, 1))
    target = np.sin(x)
    p = {"weights_in": np.random.uniform(size=(1, 3)), "bias_in": np.random.uniform(size=(1, 3)),
         "weights_out": np.random.uniform(size=(3, 1)), "bias_out": np.random.uniform(size=(1, 1))}
    trace = {"losses": []}
    for epoch in range(epochs):
        hidden = sigmoid(x @ p["weights_in"] + p["bias_in"])
        predicted = sigmoid(hidden @ p["weights_out"] + p["bias_out"])
        error = predicted - target
        loss = float(np.mean(error ** 2))
        error_on_output = error * predicted * (1 - predicted)
        delta_hidden = error_on_output @ p["weights_out"].T * hidden * (1 - hidden)
        g = {"weights_out": hidden.T @ error_on_output, "bias_out": error_on_output.sum(axis=0, keepdims=True),
             "weights_in": x.T @ delta_hidden, "bias_in": delta_hidden.sum(axis=0, keepdims=True)}
        for k in p:
            p[k] = p[k] + lr * g[k]                    # += : a step up the loss
        observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, predictions=predicted, targets=target)
        trace["losses"].append(loss)
    trace["predicted"] = predicted
    return trace


SYMPTOMS = [
    Symptom("loss-diverging", "the loss ends more than 3x above where it started",
            lambda t: t["losses"][-1] > 3 * t["losses"][0]),
    Symptom("constant-output", "every prediction within 1e-3 of their mean (all near 1)",
            lambda t: constant_rows(t["predicted"])),
    Symptom("loss-plateau", "the loss moves < 5% over the second half, above 0.3 (the targets' spread is 0.06)",
            lambda t: flat(t["losses"]) and t["losses"][-1] > 0.3),
    # Labelled in round 2, when the doctor first judged predictions as a sigmoid output: the numbers confirm it.
    Symptom("saturated-activation", "every sigmoid output is above 0.99 at the end (the squared error's gradient "
            "is multiplied by a(1 - a) < 0.0099)", lambda t: saturated_fraction(t["predicted"], 0.01) == 1.0),
]
