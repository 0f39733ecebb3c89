"""A 1-20-1 network with no activation anywhere (hidden = wih @ x, output = who @ hidden) trained one sample at a
time to map log(i) to log(2 i), but with the update rule of a sigmoid network: each error is multiplied by
out * (1 - out). For a linear unit that factor is not its slope; once an output leaves (0, 1) it turns negative
and large, every step multiplies the weights, and within seven samples they overflow to inf and NaN."""
import numpy as np

from doctor_corpus import (EXPLODING_GRADIENTS, LOSS_EXPLODES, Symptom, first_non_finite, gradient_error,
                           grad_norm)

HELD_OUT = True
ROUND = 7
SOURCE = "https://stackoverflow.com/questions/61955266/neural-net-trying-to-predict-that-5-5-10"
DIAGNOSIS = ("(Our reading; the answers are not in our copy.) The forward pass has no activation function but the "
             "backward pass multiplies by the sigmoid derivative out * (1 - out), so the updates are not the "
             "gradient of the squared error of this linear network; for outputs outside (0, 1) the factor is "
             "negative and grows quadratically, the weights grow each step and overflow. Either use the "
             "derivative of the activation actually applied (1 for a linear unit) or apply the sigmoid forward.")
CHOICES = ("The post's class and loop: 1 input, 20 hidden, 1 output, wih ~ N(0, 1/sqrt(1)) and who ~ N(0, "
           "1/sqrt(20)) (our seed 0), lr 0.3, one pass over i = 1..10 with input log(i) and target log(2 i); "
           "observe after every sample with the loss 0.5 * error^2 of that sample, wih, who, the gradients the "
           "update descends (negated steps / lr) as d_wih, d_who, lr, the input, target and output.")


def half_sq(p, inputs, targets):
    return float(0.5 * np.sum((targets - p["who"] @ (p["wih"] @ inputs)) ** 2))


def run(observe, lr=0.3):
    rng = np.random.default_rng(0)
    wih = rng.normal(0.0, 1.0, (20, 1))
    who = rng.normal(0.0, 20 ** -0.5, (1, 20))
    trace = {"losses": [], "grad_norms": [], "points": []}
    with np.errstate(all="ignore"):
        for i in range(1, 11):
            inputs, targets = np.array([[np.log(i)]]), np.array([[np.log(2 * i)]])
            hidden = wih @ inputs
            final = who @ hidden
            output_errors = targets - final
            hidden_errors = who.T @ output_errors
            d_who = -(output_errors * final * (1.0 - final)) @ hidden.T
            d_wih = -(hidden_errors * hidden * (1.0 - hidden)) @ inputs.T
            loss = float(0.5 * np.sum(output_errors ** 2))
            grads = {"d_wih": d_wih, "d_who": d_who}
            observe(epoch=i - 1, loss=loss, params={"wih": wih, "who": who}, grads=grads, lr=lr, inputs=inputs,
                    targets=targets, predictions=final)
            trace["losses"].append(loss)
            trace["grad_norms"].append(grad_norm(grads))
            trace["points"].append(({"wih": wih.copy(), "who": who.copy()}, {"wih": d_wih, "who": d_who},
                                    inputs, targets))
            who = who - lr * d_who
            wih = wih - lr * d_wih
    return trace


def _mismatch_at_second_sample(t):
    """At sample 2 (input log 2) the descended d_wih and d_who differ from central differences of that sample's
    0.5 * error^2 by more than 30% of their norm."""
    params, grads, inputs, targets = t["points"][1]
    return all(gradient_error(lambda p: half_sq(p, inputs, targets), params, grads, k) > 0.3 for k in ("wih", "who"))


SYMPTOMS = [
    LOSS_EXPLODES,
    Symptom("non-finite", "the loss is inf or NaN from the 7th or 8th sample on",
            lambda t: first_non_finite(t["losses"]) is not None and first_non_finite(t["losses"]) <= 8),
    EXPLODING_GRADIENTS,
    Symptom("gradient-mismatch", "the sigmoid-style updates are not the gradient of the linear network's loss "
            "(checked at the second sample)", _mismatch_at_second_sample),
]
