"""A 5-2-1 ReLU/linear net asked to learn the sum of its inputs from two samples: it learns a constant."""
import numpy as np

from doctor_corpus import Symptom, constant_rows, dead_units, flat, gradients_vanish

SOURCE = ("https://ai.stackexchange.com/questions/28864/relu-function-converging-to-local-optimum-in-one-case-and-"
          "diverging-in-the-other-one")
DIAGNOSIS = ("Both hidden ReLUs end with negative pre-activations on the (all-positive) training inputs, so they "
             "output 0 and pass back no gradient; only the output bias learns, and the net predicts the mean "
             "target 15.5 for both samples (the asker's own analysis; no answer in the copy of the thread we could"
             " read).")
CHOICES = ("Weights N(0, 1), biases 0, seed 3 (a start where both units die, as in the post); plain gradient "
           "descent on the mean squared error with lr 0.01; 500 epochs; observe gets loss, params, grads and the "
           "hidden activations (no kinds: the doctor must recognise the ReLU).")

X = np.array([[1, 2, 3, 4, 5], [1, 2, 3, 4, 6]], dtype=float)
Y = np.array([[15], [16]], dtype=float)


def run(observe, epochs=500, lr=0.01):
    rng = np.random.default_rng(3)
    p = {"W1": rng.standard_normal((5, 2)), "b1": np.zeros(2), "W2": rng.standard_normal((2, 1)), "b2": np.zeros(1)}
    trace = {"losses": [], "grad_to_weight": []}
    for epoch in range(epochs):
        z1 = X @ p["W1"] + p["b1"]
        a1 = np.maximum(z1, 0)
        out = a1 @ p["W2"] + p["b2"]
        loss = float(np.mean((out - Y) ** 2))
        d_out = 2 * (out - Y) / len(X)
        d_z1 = d_out @ p["W2"].T * (z1 > 0)
        g = {"W2": a1.T @ d_out, "b2": d_out.sum(0), "W1": X.T @ d_z1, "b1": d_z1.sum(0)}
        for k in p:
            p[k] -= lr * g[k]
        observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, activations={"hidden": a1}, predictions=out,
                targets=Y)
        trace["losses"].append(loss)
        trace["grad_to_weight"].append(max(np.linalg.norm(g[k]) / np.linalg.norm(p[k]) for k in ("W1", "W2")))
    trace.update(out=out, z1=z1)
    trace["last"] = ({k: np.array(v, dtype=float) for k, v in p.items()},
                     {k: np.array(v, dtype=float) for k, v in g.items()})
    return trace


SYMPTOMS = [
    Symptom("dead-relu", "both hidden units have pre-activation <= 0 on both samples at the end",
            lambda t: len(dead_units(t["z1"])) == 2),
    Symptom("constant-output", "both predictions within 1e-3 of their mean (15.5)", lambda t: constant_rows(t["out"])),
    Symptom("loss-plateau", "the loss moves < 5% over the second half and stays at 0.25 = the loss of the mean",
            lambda t: flat(t["losses"]) and abs(t["losses"][-1] - 0.25) < 0.01),
    Symptom("vanishing-gradients", "at the last step one weight matrix's ||dW|| / ||W|| is < 1e-3 of another's "
            "(or every one < 1e-8)", gradients_vanish),
    Symptom("exploding-gradients", "in the first steps a weight matrix's gradient is more than 50x its norm",
            lambda t: max(t["grad_to_weight"][:5]) > 50),
]
