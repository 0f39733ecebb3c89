"""One sigmoid 'neuron' with a single scalar weight, asked to output 1 for odd numbers and 0 for even ones (inputs
9..88, unscaled). The forward pass z = sigmoid(inputs * weight) runs once, before the training loop, so every
iteration applies the same adjustments; those are an array of six numbers (one per sample), and subtracting them
turns the scalar weight into six weights, one per training number. The training outputs end exactly right (each
number got its own weight), while any new input, np.dot'ed with the six weights, gives 0.0."""
import numpy as np

from doctor_corpus import Symptom, gradient_error, sigmoid

HELD_OUT = True
ROUND = 8
SOURCE = "https://codewithsundeep.com/discussion/solution/60422224"
DIAGNOSIS = ("The answer: no single multiplicative weight can map odd numbers to 1 and even ones to 0; at best it "
             "learns something like 'large numbers give 1'. (Our reading of the numbers: the forward pass sits outside"
             " the loop, so the error never changes and each step is the same; and the update broadcasts a (6,) "
             "adjustment onto the () weight, which becomes one weight per training sample: the training set is "
             "memorised and nothing generalises.)")
CHOICES = ("The post's six numbers and labels, weight uniform [0, 1) (our seed), lr 0.1, the derivative applied to z "
           "(sigmoid(z) (1 - sigmoid(z))) as in the post, 20,000 iterations; the loop observes every 200th iteration "
           "the mean squared error of its (stale) error, the weight, the adjustments as its gradient, lr, inputs, "
           "targets and its (stale) predictions z.")

INPUTS = np.array([9, 45, 62, 87, 88, 49], dtype=float)
OUTPUTS = np.array([1, 1, 0, 1, 0, 1], dtype=float)
NEW_INPUTS = np.array([2, 4, 6, 7, 17, 53], dtype=float)


def squared_error(p):
    return float(np.mean((sigmoid(INPUTS * p["weights"]) - OUTPUTS) ** 2))


def run(observe, iterations=20000, lr=0.1, every=200):
    weights = np.random.default_rng(3).random(())
    z = sigmoid(np.dot(INPUTS, weights))                  # computed once, before the loop
    trace = {"losses": [], "shapes": []}
    with np.errstate(over="ignore"):
        for it in range(iterations):
            error = z - OUTPUTS
            adjustments = sigmoid(z) * (1 - sigmoid(z)) * error * INPUTS
            if it % every == 0:
                loss = float(np.mean(error ** 2))
                observe(epoch=it, loss=loss, params={"weights": weights}, grads={"adjustments": adjustments}, lr=lr,
                        inputs=INPUTS, targets=OUTPUTS, predictions=z)
                trace["losses"].append(loss)
                trace["shapes"].append((np.shape(weights), np.shape(adjustments)))
                trace["last"] = ({"weights": np.array(weights, dtype=float)}, {"weights": adjustments.copy()})
            weights = weights - lr * adjustments
        trace["train_out"] = sigmoid(weights * INPUTS)
        trace["new_out"] = float(sigmoid(np.dot(NEW_INPUTS, weights)))
    return trace


SYMPTOMS = [
    Symptom("gradient-shape", "at the first observation the weight has shape () and its adjustments shape (6,); "
            "afterwards the weight has shape (6,)",
            lambda t: t["shapes"][0] == ((), (6,)) and t["shapes"][-1] == ((6,), (6,))),
    Symptom("gradient-mismatch", "at the last observation the adjustments differ from central differences of the "
            "squared error the current weights give by more than 0.9 of their norm",
            lambda t: gradient_error(squared_error, t["last"][0], t["last"][1], "weights") > 0.9),
    Symptom("loss-plateau", "the loss the loop observes is the same number at every observation (its error never "
            "changes) while the weights move", lambda t: np.ptp(t["losses"]) == 0.0
            and not np.allclose(t["last"][0]["weights"], t["last"][0]["weights"].mean())),
]
