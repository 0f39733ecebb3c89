"""One input, one weight, no bias, a sigmoid output and the target 2: the prediction climbs towards 1, the
farthest a sigmoid can go, and stays there; the squared error settles at 0.5 and the unit saturates."""
import numpy as np

from doctor_corpus import Symptom, flat, saturated_fraction, sigmoid

HELD_OUT = True
ROUND = 6
SOURCE = ("https://stats.stackexchange.com/questions/274046/neural-network-prediction-is-not-tending-towards-the-"
          "expected-value")
DIAGNOSIS = ("The answer: a sigmoid maps onto (0, 1), so 1 is as far as the prediction can get and a target of 2 "
             "is out of its reach; the asker confirmed that removing the sigmoid made the network fit. Keep a "
             "sigmoid only for 0/1 targets (or scale the targets into its range).")
CHOICES = ("The post's values: input 3, target 2, one weight drawn from N(0, 1) (our seed), no bias, cost 0.5 * (y "
           "- p)^2, the update w += 1.0 * (y - p) * p(1 - p) * x, 1000 iterations; observe every 10th iteration "
           "with the cost, the weight, its gradient (the negated update over the coefficient), lr 1.0, and the "
           "input, target and prediction as 1 x 1 arrays.")


def run(observe, iterations=1000, coefficient=1.0, x=3.0, y=2.0):
    weight = float(np.random.default_rng(3).standard_normal())
    trace = {"losses": [], "predictions": []}
    for i in range(iterations):
        predicted = float(sigmoid(x * weight))
        cost = 0.5 * (y - predicted) ** 2
        gradient = -(y - predicted) * predicted * (1 - predicted) * x
        weight += coefficient * -gradient
        if i % 10 == 0:
            observe(epoch=i, loss=cost, params={"weight": weight}, grads={"d_weight": gradient}, lr=coefficient,
                    inputs=np.array([[x]]), targets=np.array([[y]]), predictions=np.array([[predicted]]))
            trace["losses"].append(cost)
            trace["predictions"].append(predicted)
    trace["y"] = y
    return trace


SYMPTOMS = [
    Symptom("output-activation-mismatch", "the target 2 lies outside the sigmoid's range (0, 1) and the final "
            "prediction is below 1", lambda t: t["y"] > 1 and t["predictions"][-1] < 1),
    Symptom("saturated-activation", "the output ends within 1e-3 of 1 (the sigmoid's flat tail)",
            lambda t: saturated_fraction([t["predictions"][-1]]) == 1.0),
    Symptom("loss-plateau", "the cost moves < 5% over the second half, at 0.5 = (2 - 1)^2 / 2",
            lambda t: flat(t["losses"]) and abs(t["losses"][-1] - 0.5) < 0.01),
]
