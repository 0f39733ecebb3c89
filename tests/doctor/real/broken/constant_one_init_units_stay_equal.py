"""A 2-3-3-2 sigmoid network whose weights and biases all start at 1 (each bias kept as the first row of its
layer's matrix, the inputs given a leading 1): every unit of a hidden layer computes the same value and gets the
same gradient, so after every step its weights are still identical to its neighbours', as the asker found."""
import numpy as np

from doctor_corpus import Symptom, constant_rows, flat, sigmoid

HELD_OUT = True
ROUND = 6
SOURCE = "https://datascience.stackexchange.com/questions/79607/why-my-weights-are-being-the-same"
DIAGNOSIS = ("(Our reading; the answers are not in our copy.) Initialising every weight (and bias) to the same "
             "value makes the units of a layer symmetric: they see the same inputs through the same weights, "
             "produce the same outputs and receive the same gradients, so gradient descent keeps them identical "
             "forever and each hidden layer acts as a single unit; initialise the weights randomly to break the "
             "symmetry.")
CHOICES = ("The post's network and data: inputs [0.8, 0.4] and [0.3, 0.3], targets [0.2, 0.4] and [1, 0], two hidden "
           "layers of 3 sigmoid units and 2 sigmoid outputs, all weights and biases 1 with the bias as the first "
           "row of each (1 + n_in) x n_out matrix; the mean squared error, full-batch gradient descent at lr 0.5 "
           "for 300 epochs (not in the post); observe every 3rd epoch, before the update, with the loss, the three"
           " matrices, their gradients, lr, inputs, targets and predictions.")

X = np.array([[0.8, 0.4], [0.3, 0.3]])
Y = np.array([[0.2, 0.4], [1.0, 0.0]])


def with_ones(a):
    return np.hstack([np.ones((len(a), 1)), a])


def run(observe, epochs=300, lr=0.5, every=3):
    weights = [np.ones((3, 3)), np.ones((4, 3)), np.ones((4, 2))]
    trace = {"losses": []}
    for epoch in range(epochs):
        acts = [X]
        for W in weights:
            acts.append(sigmoid(with_ones(acts[-1]) @ W))
        loss = float(np.mean((acts[-1] - Y) ** 2))
        delta = 2 * (acts[-1] - Y) / Y.size * acts[-1] * (1 - acts[-1])
        grads = [None] * 3
        for i in range(2, -1, -1):
            grads[i] = with_ones(acts[i]).T @ delta
            if i > 0:
                delta = (delta @ weights[i][1:].T) * acts[i] * (1 - acts[i])
        if epoch % every == 0:
            observe(epoch=epoch, loss=loss, params={f"w{i}": W for i, W in enumerate(weights)},
                    grads={f"dw{i}": g for i, g in enumerate(grads)}, lr=lr, inputs=X, targets=Y,
                    predictions=acts[-1])
            trace["losses"].append(loss)
            trace["out"] = acts[-1]
        weights = [W - lr * g for W, g in zip(weights, grads)]
    trace["weights"] = weights
    return trace


def _hidden_columns_equal(t):
    """Every column (unit) of both hidden layers' matrices equals the first column to 1e-12."""
    return all(np.allclose(W, W[:, :1], rtol=0, atol=1e-12) for W in t["weights"][:2])


SYMPTOMS = [
    Symptom("symmetric-units", "after 300 epochs the three units of each hidden layer still have identical weights "
            "and biases (to 1e-12)", _hidden_columns_equal),
    # Added after the first measurement (the doctor found them; the labels were missing): the two inputs end
    # with the same outputs (the mean of the targets) and the loss stops at 0.10.
    Symptom("constant-output", "both inputs get the same two outputs (within 1e-3) although their targets differ",
            lambda t: constant_rows(t["out"], tol=1e-3)),
    Symptom("loss-plateau", "the loss moves < 5% over the second half, at 0.10 (a fit would approach 0)",
            lambda t: flat(t["losses"]) and t["losses"][-1] > 0.05),
]
